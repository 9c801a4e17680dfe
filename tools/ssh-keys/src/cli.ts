import { Command, CommanderError, Option } from 'commander';
import { escKeyLocation } from '@sophia-ai/config';
import { addEscTargetOptions, type EscTarget, type EscTargetOptions, escEnvName, escPath, LocalDirEscStore, openEscTarget, valueAt } from '@sophia-ai/esc-store';
import { lambdaLabsConfig } from '@sophia-ai/lambda-labs-config';
import { decodePublicKeyBase64, encodePublicKeyBase64, fingerprint, type ParsedPublicKey } from '@sophia-ai/ssh-injection';
import {
  CliError,
  defaultKeyPath,
  generateKeyFiles,
  keyPaths,
  privateKeyWarning,
  readPublicKeys,
  removePreviousKey,
  stageKeyFiles,
} from './keyfiles';

/** The namespace key `push` writes: `lambda-labs:sshPublicKeys` (stacks/lambda-labs/config/index.ts). */
export const SSH_KEYS_CONFIG_KEY = 'sshPublicKeys';

interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** The ESC target of a command and the path of the key list in it (escKeyLocation of lambda-labs:sshPublicKeys). */
function target(opts: EscTargetOptions): EscTarget & { path: string[] } {
  const locate = (env: string, org?: string) => escKeyLocation(lambdaLabsConfig, SSH_KEYS_CONFIG_KEY, env, org);
  const resolved = openEscTarget(opts, (env, org) => locate(env, org).env);
  return { ...resolved, path: locate(resolved.env).path };
}

/** Reads the local public keys (current, and previous during a rotation window) and stores them in ESC. */
async function push(keyPath: string, opts: EscTargetOptions, io: Io): Promise<void> {
  const paths = keyPaths(keyPath);
  const warning = privateKeyWarning(paths);
  if (warning) io.err(warning);
  const { current, previous } = readPublicKeys(paths);
  await storeKeys([current, ...(previous ? [previous] : [])], opts, io);
}

/** Stores exactly `keys` (newest first) in ESC: only base64 public keys, never the private key. */
async function storeKeys(keys: ParsedPublicKey[], opts: EscTargetOptions, io: Io): Promise<void> {
  const value = keys.map((k) => encodePublicKeyBase64(k.openssh));
  for (const v of value) decodePublicKeyBase64(v); // belt and braces: what we store is a valid public key
  const { store, ref, path, create } = target(opts);
  const res = await store.update(ref, [{ op: 'set', path, value }], { create });
  io.out(
    `${res.changed ? 'Stored' : 'Unchanged:'} ${keys.length} public key${keys.length === 1 ? '' : 's'} in ESC environment ${escEnvName(ref)} ` +
      `(${store.describe()}) at ${escPath(path)}:`,
  );
  keys.forEach((k, i) => io.out(`  ${i === 0 ? 'current ' : 'previous'} ${k.fingerprint} ${k.comment}`));
  if (store instanceof LocalDirEscStore && opts.env === 'local') {
    // Nothing reads the local store at deploy time: the local stack's config is its Pulumi.local.yaml.
    io.out(
      'The local stack reads stacks/lambda-labs/Pulumi.local.yaml, not this store. To use this key there, put the Base64 line(s) ' +
        'under lambda-labs:sshPublicKeys in that file (`sophia-ssh-keys show --no-esc` prints the Base64 form).',
    );
  }
}

async function showEsc(opts: EscTargetOptions, io: Io, local: string[]): Promise<void> {
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

  // No eager default: a missing HOME is reported when a command needs the path, not while building --help.
  const keyOpt = () => new Option('--key-path <path>', 'private key path (public key: <path>.pub) (default: ~/.ssh/pulumi_lambda_key)');
  const keyPathOf = (o: { keyPath?: string }) => o.keyPath ?? defaultKeyPath();
  const escOpts = (cmd: Command) => addEscTargetOptions(cmd, { escEnvDefault: 'sophia-ai/lambda-labs-<env>', writes: true });

  program
    .command('generate')
    .description('write ~/.ssh/pulumi_lambda_key (600) and .pub (644); refuses to overwrite without --rotate')
    .addOption(keyOpt())
    .option('--comment <text>', 'public key comment')
    .option('--rotate', 'replace an existing key, keeping its public key as <key>.previous.pub')
    .action((o: { keyPath?: string; comment?: string; rotate?: boolean }) => {
      const keyPath = keyPathOf(o);
      const r = generateKeyFiles(keyPaths(keyPath), { rotate: o.rotate, comment: o.comment });
      io.out(`Wrote ${keyPath} (600) and ${keyPath}.pub (644)`);
      io.out(`Public key:  ${r.publicKey}`);
      io.out(`Fingerprint: ${r.fingerprint}`);
      if (r.previous) io.out(`Previous key kept for the rotation window: ${r.previous.fingerprint} (${keyPath}.previous.pub)`);
    });

  escOpts(program.command('push').description('store the base64 public key(s) (newest first, previous during a rotation) in ESC').addOption(keyOpt())).action(
    async (o: EscTargetOptions & { keyPath?: string }) => push(keyPathOf(o), o, io),
  );

  escOpts(
    program
      .command('show')
      .description('print the public key, fingerprint, base64 form and (with --env) what ESC holds')
      .addOption(keyOpt())
      .option('--no-esc', 'do not read ESC'),
  ).action(async (o: EscTargetOptions & { keyPath?: string; esc: boolean }, cmd: Command) => {
    const paths = keyPaths(keyPathOf(o));
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
    async (o: EscTargetOptions & { keyPath?: string; comment?: string }) => {
      const keyPath = keyPathOf(o);
      // ESC first, local files last: the new pair waits in temporary files until ESC holds it, so a failure on
      // either side leaves both as they were.
      const staged = stageKeyFiles(keyPaths(keyPath), { rotate: true, comment: o.comment });
      try {
        await storeKeys([staged.current, ...(staged.previous ? [staged.previous] : [])], o, io);
      } catch (e) {
        staged.abort();
        throw new CliError(`${(e as Error).message}\nNothing was rotated: ESC and ${keyPath} are unchanged.`);
      }
      try {
        staged.commit();
      } catch (e) {
        throw new CliError(
          `${(e as Error).message}\nESC now authorises the new key, but ${keyPath} is still the old one. ` +
            `Run \`sophia-ssh-keys push --env ${o.env}\` to put ESC back to the local keys, then rotate again.`,
        );
      }
      io.out(`New key ${staged.fingerprint}; previous ${staged.previous?.fingerprint} kept for the rotation window.`);
      io.out('Next steps:');
      io.out(`  1. nx run lambda-labs:up --env ${o.env}    (instances get both keys; the new one is authorised)`);
      io.out(`  2. ssh -i ${keyPath} ubuntu@<instance ip>    (check the new key works)`);
      io.out(`  3. sophia-ssh-keys retire --env ${o.env} && nx run lambda-labs:up --env ${o.env}    (drop the old key)`);
    },
  );

  escOpts(program.command('retire').description('drop the previous key (locally and in ESC) after the rotation window').addOption(keyOpt())).action(
    async (o: EscTargetOptions & { keyPath?: string }) => {
      const paths = keyPaths(keyPathOf(o));
      const { current, previous } = readPublicKeys(paths);
      // ESC first: while it fails, the local previous key stays, so `retire` can simply be run again.
      await storeKeys([current], o, io);
      removePreviousKey(paths);
      io.out(previous ? `Retired previous key ${previous.fingerprint}` : 'No previous key to retire locally.');
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
