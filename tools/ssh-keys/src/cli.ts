import { Command, CommanderError, Option } from 'commander';
import {
  type EscEnvRef,
  type EscStore,
  escEnvName,
  escKeyLocation,
  escPath,
  lambdaLabsConfig,
  LocalDirEscStore,
  defaultLocalEscDir,
  parseEscEnvName,
  PulumiCloudEscStore,
  valueAt,
} from '@sophia-ai/esc-config';
import { decodePublicKeyBase64, encodePublicKeyBase64, fingerprint } from '@sophia-ai/ssh-injection';
import {
  defaultKeyPath,
  generateKeyFiles,
  keyPaths,
  privateKeyWarning,
  readPublicKeys,
  retirePreviousKey,
} from './keyfiles';

/** The namespace key `push` writes: `lambda-labs:sshPublicKeys` (libs/esc-config/src/namespaces/lambda-labs.ts). */
export const SSH_KEYS_CONFIG_KEY = 'sshPublicKeys';

interface Io {
  out(line: string): void;
  err(line: string): void;
}

interface EscOpts {
  env: string;
  store?: 'local' | 'pulumi-cloud';
  dir?: string;
  escEnv?: string;
  create?: boolean;
}

function target(opts: EscOpts): { store: EscStore; ref: EscEnvRef; path: string[] } {
  const loc = escKeyLocation(lambdaLabsConfig, SSH_KEYS_CONFIG_KEY, opts.env);
  const ref = opts.escEnv ? parseEscEnvName(opts.escEnv) : loc.env;
  const kind = opts.store ?? (opts.env === 'local' ? 'local' : 'pulumi-cloud');
  const store = kind === 'local' ? new LocalDirEscStore(opts.dir ?? defaultLocalEscDir(), ref.org) : new PulumiCloudEscStore({ org: ref.org });
  return { store, ref, path: loc.path };
}

async function push(keyPath: string, opts: EscOpts, io: Io): Promise<void> {
  const paths = keyPaths(keyPath);
  const warning = privateKeyWarning(paths);
  if (warning) io.err(warning);
  const { current, previous } = readPublicKeys(paths);
  // Only public keys, base64, newest first. Never the private key.
  const keys = [current, ...(previous ? [previous] : [])];
  const value = keys.map((k) => encodePublicKeyBase64(k.openssh));
  for (const v of value) decodePublicKeyBase64(v); // belt and braces: what we store is a valid public key
  const { store, ref, path } = target(opts);
  const create = opts.create ?? store instanceof LocalDirEscStore;
  const res = await store.update(ref, [{ op: 'set', path, value }], { create });
  io.out(
    `${res.changed ? 'Stored' : 'Unchanged:'} ${keys.length} public key${keys.length === 1 ? '' : 's'} in ESC environment ${escEnvName(ref)} ` +
      `(${store.describe()}) at ${escPath(path)}:`,
  );
  keys.forEach((k, i) => io.out(`  ${i === 0 ? 'current ' : 'previous'} ${k.fingerprint} ${k.comment}`));
}

async function showEsc(opts: EscOpts, io: Io, local: string[]): Promise<void> {
  const { store, ref, path } = target(opts);
  const def = await store.read(ref);
  io.out(`ESC environment ${escEnvName(ref)} (${store.describe()}):`);
  if (!def) {
    io.out('  (does not exist)');
    return;
  }
  const held = valueAt(def.doc, path);
  if (!Array.isArray(held) || held.length === 0) {
    io.out(`  ${escPath(path)} is not set — run \`sophia-ssh-keys push --env ${opts.env}\``);
    return;
  }
  for (const v of held) {
    try {
      const line = decodePublicKeyBase64(String(v));
      const fp = fingerprint(line);
      io.out(`  ${fp} ${line.split(' ').slice(2).join(' ')}${local.includes(fp) ? ' (matches a local key)' : ' (not a local key)'}`);
    } catch (e) {
      io.out(`  invalid entry: ${(e as Error).message}`);
    }
  }
}

export function buildProgram(io: Io): Command {
  const program = new Command('sophia-ssh-keys')
    .description('Generate, push, show, rotate and retire the operator SSH key for Lambda Labs instances. The private key never leaves this machine; ESC holds only base64 public keys.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const keyOpt = () => new Option('--key-path <path>', 'private key path (public key: <path>.pub)').default(defaultKeyPath(), '~/.ssh/pulumi_lambda_key');
  const escOpts = (cmd: Command) =>
    cmd
      .addOption(new Option('--env <env>', 'stack environment (local, dev, staging, production)').default(process.env.SOPHIA_ENV || 'dev'))
      .addOption(new Option('--store <store>', 'ESC store (default: local for env local, else pulumi-cloud)').choices(['local', 'pulumi-cloud']))
      .option('--dir <path>', 'directory of the local store (<dir>/<project>/<env>.yaml; default $SOPHIA_ESC_DIR or ~/.sophia-ai/esc)')
      .option('--esc-env <project/name>', 'ESC environment to write (default sophia-ai/lambda-labs-<env>)')
      .option('--create', 'create the ESC environment if it does not exist (default only for the local store)');

  program
    .command('generate')
    .description('write ~/.ssh/pulumi_lambda_key (600) and .pub (644); refuses to overwrite without --rotate')
    .addOption(keyOpt())
    .option('--comment <text>', 'public key comment')
    .option('--rotate', 'replace an existing key, keeping its public key as <key>.previous.pub')
    .action((o: { keyPath: string; comment?: string; rotate?: boolean }) => {
      const r = generateKeyFiles(keyPaths(o.keyPath), { rotate: o.rotate, comment: o.comment });
      io.out(`Wrote ${o.keyPath} (600) and ${o.keyPath}.pub (644)`);
      io.out(`Public key:  ${r.publicKey}`);
      io.out(`Fingerprint: ${r.fingerprint}`);
      if (r.previous) io.out(`Previous key kept for the rotation window: ${r.previous.fingerprint} (${o.keyPath}.previous.pub)`);
    });

  escOpts(program.command('push').description('store the base64 public key(s) (newest first, previous during a rotation) in ESC').addOption(keyOpt())).action(
    async (o: EscOpts & { keyPath: string }) => push(o.keyPath, o, io),
  );

  escOpts(
    program
      .command('show')
      .description('print the public key, fingerprint, base64 form and (with --env) what ESC holds')
      .addOption(keyOpt())
      .option('--no-esc', 'do not read ESC'),
  ).action(async (o: EscOpts & { keyPath: string; esc: boolean }, cmd: Command) => {
    const paths = keyPaths(o.keyPath);
    const warning = privateKeyWarning(paths);
    if (warning) io.err(warning);
    const { current, previous } = readPublicKeys(paths);
    io.out(`Public key:  ${current.openssh}`);
    io.out(`Fingerprint: ${current.fingerprint}`);
    io.out(`Base64:      ${encodePublicKeyBase64(current.openssh)}`);
    if (previous) io.out(`Previous (rotation window): ${previous.fingerprint} ${previous.comment}`);
    const envGiven = cmd.getOptionValueSource('env') !== 'default' || process.env.SOPHIA_ENV;
    if (o.esc && envGiven) await showEsc(o, io, [current.fingerprint, ...(previous ? [previous.fingerprint] : [])]);
  });

  escOpts(program.command('rotate').description('generate --rotate, then push both keys; prints how to retire the old key').addOption(keyOpt()).option('--comment <text>', 'public key comment')).action(
    async (o: EscOpts & { keyPath: string; comment?: string }) => {
      const r = generateKeyFiles(keyPaths(o.keyPath), { rotate: true, comment: o.comment });
      io.out(`New key ${r.fingerprint}; previous ${r.previous?.fingerprint} kept for the rotation window.`);
      await push(o.keyPath, o, io);
      io.out('Next steps:');
      io.out(`  1. nx run lambda-labs:up --env ${o.env}    (instances get both keys; the new one is authorised)`);
      io.out(`  2. ssh -i ${o.keyPath} ubuntu@<instance ip>    (check the new key works)`);
      io.out(`  3. sophia-ssh-keys retire --env ${o.env} && nx run lambda-labs:up --env ${o.env}    (drop the old key)`);
    },
  );

  escOpts(program.command('retire').description('drop the previous key (locally and in ESC) after the rotation window').addOption(keyOpt())).action(
    async (o: EscOpts & { keyPath: string }) => {
      const prev = retirePreviousKey(keyPaths(o.keyPath));
      io.out(prev ? `Retired previous key ${prev.fingerprint}` : 'No previous key to retire locally.');
      await push(o.keyPath, o, io);
      io.out(`Run nx run lambda-labs:up --env ${o.env} to remove it from the instances.`);
    },
  );
  return program;
}

/** Runs the CLI; returns the exit code. Errors are one line on stderr, never a stack with values. */
export async function main(argv: string[], io: Io = { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n') }): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    io.err(`sophia-ssh-keys: error: ${(e as Error).message}`);
    return 1;
  }
}
