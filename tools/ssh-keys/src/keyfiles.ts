import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateEd25519KeyPair, parsePrivateKey, parsePublicKey, type ParsedPublicKey } from '@sophia-ai/ssh-injection';

/** Default private key path: `~/.ssh/pulumi_lambda_key` (public key beside it with `.pub`). */
export function defaultKeyPath(): string {
  const home = os.homedir();
  // An empty or relative HOME would put the key in whatever directory the command runs from.
  if (!home || !path.isAbsolute(home)) {
    throw new CliError('HOME is not set to an absolute directory, so there is no ~/.ssh; set HOME or pass --key-path <absolute path>.');
  }
  return path.join(home, '.ssh', 'pulumi_lambda_key');
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

/** A file-system failure as one line: which file, what the system said, what to do. Never a raw `.tmp` path. */
export function fileError(action: 'write' | 'read' | 'create' | 'remove', file: string, e: unknown): CliError {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  const dir = path.dirname(file);
  const why: Record<string, string> = {
    EACCES: `permission denied — check who owns ${dir} (\`ls -ld ${dir}\`), or pass --key-path to a directory you can write`,
    EPERM: `operation not permitted in ${dir} — pass --key-path to a directory you own`,
    EROFS: `${dir} is on a read-only file system — pass --key-path to a writable directory`,
    ENOENT: `${dir} does not exist or does not accept new files — pass --key-path to a normal directory`,
    ENOTDIR: `a part of ${dir} is a file, not a directory`,
    EISDIR: `${file} is a directory`,
    ENOSPC: 'the disk is full',
  };
  return new CliError(`Cannot ${action} ${file}: ${why[code] ?? (e as Error).message.split('\n')[0]} (${code})`);
}

/**
 * Creates the key's directory one level at a time (mode 700 for what is created here, as ssh expects for
 * ~/.ssh). `mkdirSync({ recursive: true })` spins forever under /proc, where every mkdir fails oddly.
 */
function ensureDir(dir: string) {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d, { mode: 0o700 });
      fs.chmodSync(d, 0o700);
    } catch (e) {
      throw fileError('create', d, e);
    }
  }
  if (!fs.statSync(dir).isDirectory()) throw fileError('create', dir, Object.assign(new Error(), { code: 'ENOTDIR' }));
}

/** Files written next to their targets and renamed into place only when every one of them was written. */
class StagedFiles {
  private readonly staged: Array<{ tmp: string; file: string }> = [];

  add(file: string, content: string, mode: number): void {
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, content, { mode });
      fs.chmodSync(tmp, mode); // the umask may have narrowed the mode; be explicit
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      this.abort();
      throw fileError('write', file, e);
    }
    this.staged.push({ tmp, file });
  }

  commit(): void {
    for (const { tmp, file } of this.staged) {
      try {
        fs.renameSync(tmp, file);
      } catch (e) {
        this.abort();
        throw fileError('write', file, e);
      }
    }
    this.staged.length = 0;
  }

  abort(): void {
    for (const { tmp } of this.staged) fs.rmSync(tmp, { force: true });
    this.staged.length = 0;
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

/** A new key pair written to temporary files beside the real ones: `commit()` puts it in place, `abort()` drops it. */
export interface StagedKeyPair extends GenerateResult {
  /** The new public key, parsed. */
  current: ParsedPublicKey;
  commit(): void;
  abort(): void;
}

/**
 * Prepares a new ed25519 key pair (private 600, public 644) without touching the existing files. Refuses to
 * overwrite unless `rotate`, which keeps the current public key as `<key>.previous.pub` for the rotation window.
 */
export function stageKeyFiles(paths: KeyPaths, opts: { rotate?: boolean; comment?: string } = {}): StagedKeyPair {
  ensureDir(path.dirname(paths.privateKey));
  const exists = fs.existsSync(paths.privateKey);
  if (exists && !opts.rotate) {
    throw new CliError(`${paths.privateKey} already exists; refusing to overwrite it. Use \`rotate\` (or \`generate --rotate\`) to replace it and keep the old public key for a rotation window.`);
  }
  if (!exists && opts.rotate && !fs.existsSync(paths.publicKey)) {
    throw new CliError(`Nothing to rotate: ${paths.privateKey} does not exist. Run \`generate\` first.`);
  }
  const files = new StagedFiles();
  let previous: ParsedPublicKey | undefined;
  if (opts.rotate) {
    previous = fs.existsSync(paths.publicKey) ? readPublicKeyFile(paths.publicKey) : parsePublicKey(parsePrivateKey(readText(paths.privateKey)).publicKey);
    files.add(paths.previousPublicKey, previous.openssh + '\n', 0o644);
  }
  const pair = generateEd25519KeyPair(opts.comment ?? defaultComment());
  files.add(paths.privateKey, pair.privateKey, 0o600);
  files.add(paths.publicKey, pair.publicKey + '\n', 0o644);
  return {
    publicKey: pair.publicKey,
    fingerprint: pair.fingerprint,
    previous,
    current: parsePublicKey(pair.publicKey),
    commit: () => files.commit(),
    abort: () => files.abort(),
  };
}

/** Writes a new key pair (see stageKeyFiles) and puts it in place. */
export function generateKeyFiles(paths: KeyPaths, opts: { rotate?: boolean; comment?: string } = {}): GenerateResult {
  const staged = stageKeyFiles(paths, opts);
  staged.commit();
  return { publicKey: staged.publicKey, fingerprint: staged.fingerprint, previous: staged.previous };
}

/** Public key files are one short line; anything larger (or a device, a /proc file) is not one. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

function readText(file: string): string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    throw fileError('read', file, e);
  }
  try {
    if (!fs.fstatSync(fd).isFile()) throw new CliError(`${file} is not a regular file`);
    const buf = Buffer.alloc(MAX_KEY_FILE_BYTES + 1);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    if (n > MAX_KEY_FILE_BYTES) throw new CliError(`${file} is larger than ${MAX_KEY_FILE_BYTES / 1024} KiB; it is not an SSH key file`);
    return buf.subarray(0, n).toString('utf8');
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw fileError('read', file, e);
  } finally {
    fs.closeSync(fd);
  }
}

function readPublicKeyFile(file: string): ParsedPublicKey {
  try {
    return parsePublicKey(readText(file));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${file}: ${(e as Error).message}`);
  }
}

/** Reads the current public key (required) and the previous one (if in a rotation window). */
export function readPublicKeys(paths: KeyPaths): { current: ParsedPublicKey; previous?: ParsedPublicKey } {
  if (!fs.existsSync(paths.publicKey)) {
    throw new CliError(`No public key at ${paths.publicKey}. Run \`sophia-ssh-keys generate\` first (or pass --key-path).`);
  }
  const current = readPublicKeyFile(paths.publicKey);
  const previous = fs.existsSync(paths.previousPublicKey) ? readPublicKeyFile(paths.previousPublicKey) : undefined;
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

/** Removes `<key>.previous.pub` (after ESC stopped authorising it). */
export function removePreviousKey(paths: KeyPaths): void {
  try {
    fs.rmSync(paths.previousPublicKey, { force: true });
  } catch (e) {
    throw fileError('remove', paths.previousPublicKey, e);
  }
}
