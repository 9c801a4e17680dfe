import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateEd25519KeyPair, parsePrivateKey, parsePublicKey, type ParsedPublicKey } from '@sophia-ai/ssh-injection';

/** Default private key path: `~/.ssh/pulumi_lambda_key` (public key beside it with `.pub`). */
export function defaultKeyPath(): string {
  return path.join(os.homedir(), '.ssh', 'pulumi_lambda_key');
}

export interface KeyPaths {
  privateKey: string;
  publicKey: string;
  /** The previous public key, kept during a rotation window. */
  previousPublicKey: string;
}

export function keyPaths(privateKey = defaultKeyPath()): KeyPaths {
  return { privateKey, publicKey: `${privateKey}.pub`, previousPublicKey: `${privateKey}.previous.pub` };
}

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

function writeAtomic(file: string, content: string, mode: number) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode });
  fs.chmodSync(tmp, mode); // the umask may have narrowed or widened nothing, but be explicit
  fs.renameSync(tmp, file);
}

/** Creates the key's directory (mode 700 when it is created here, as ssh expects for ~/.ssh). */
function ensureDir(dir: string) {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
  }
}

export interface GenerateResult {
  publicKey: string;
  fingerprint: string;
  previous?: ParsedPublicKey;
}

export function defaultComment(): string {
  let user = 'operator';
  try {
    user = os.userInfo().username;
  } catch {
    /* no passwd entry */
  }
  return `${user}@${os.hostname()}-sophia-lambda-${new Date().toISOString().slice(0, 10)}`;
}

/**
 * Writes a new ed25519 key pair: private 600, public 644. Refuses to overwrite unless `rotate`, which keeps
 * the current public key as `<key>.previous.pub` for the rotation window.
 */
export function generateKeyFiles(paths: KeyPaths, opts: { rotate?: boolean; comment?: string } = {}): GenerateResult {
  ensureDir(path.dirname(paths.privateKey));
  const exists = fs.existsSync(paths.privateKey);
  if (exists && !opts.rotate) {
    throw new CliError(`${paths.privateKey} already exists; refusing to overwrite it. Use \`rotate\` (or \`generate --rotate\`) to replace it and keep the old public key for a rotation window.`);
  }
  if (!exists && opts.rotate && !fs.existsSync(paths.publicKey)) {
    throw new CliError(`Nothing to rotate: ${paths.privateKey} does not exist. Run \`generate\` first.`);
  }
  let previous: ParsedPublicKey | undefined;
  if (opts.rotate) {
    const currentPub = fs.existsSync(paths.publicKey)
      ? fs.readFileSync(paths.publicKey, 'utf8')
      : parsePrivateKey(fs.readFileSync(paths.privateKey, 'utf8')).publicKey;
    previous = parsePublicKey(currentPub);
    writeAtomic(paths.previousPublicKey, previous.openssh + '\n', 0o644);
  }
  const pair = generateEd25519KeyPair(opts.comment ?? defaultComment());
  writeAtomic(paths.privateKey, pair.privateKey, 0o600);
  writeAtomic(paths.publicKey, pair.publicKey + '\n', 0o644);
  return { publicKey: pair.publicKey, fingerprint: pair.fingerprint, previous };
}

/** Reads the current public key (required) and the previous one (if in a rotation window). */
export function readPublicKeys(paths: KeyPaths): { current: ParsedPublicKey; previous?: ParsedPublicKey } {
  if (!fs.existsSync(paths.publicKey)) {
    throw new CliError(`No public key at ${paths.publicKey}. Run \`sophia-ssh-keys generate\` first (or pass --key-path).`);
  }
  const parse = (file: string) => {
    try {
      return parsePublicKey(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new CliError(`${file}: ${(e as Error).message}`);
    }
  };
  const current = parse(paths.publicKey);
  const previous = fs.existsSync(paths.previousPublicKey) ? parse(paths.previousPublicKey) : undefined;
  return { current, previous: previous && previous.openssh !== current.openssh ? previous : undefined };
}

/** A warning when the private key is missing or readable by others (ssh refuses such keys). */
export function privateKeyWarning(paths: KeyPaths): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(paths.privateKey);
  } catch {
    return `warning: no private key at ${paths.privateKey}; you will not be able to log in with the public key(s) below`;
  }
  const mode = st.mode & 0o777;
  if (mode !== 0o600) {
    return `warning: ${paths.privateKey} has mode ${mode.toString(8)}; ssh refuses private keys readable by others — run: chmod 600 ${paths.privateKey}`;
  }
  return undefined;
}

export function retirePreviousKey(paths: KeyPaths): ParsedPublicKey | undefined {
  if (!fs.existsSync(paths.previousPublicKey)) return undefined;
  const prev = parsePublicKey(fs.readFileSync(paths.previousPublicKey, 'utf8'));
  fs.rmSync(paths.previousPublicKey);
  return prev;
}
