import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { decodePublicKeyBase64, parsePublicKey } from '@sophia-ai/ssh-injection';
import { serveEmulator } from '@sophia-ai/sandbox';
import { EscEmulator } from '@sophia-ai/sandbox';

jest.setTimeout(120_000);

const BIN = path.join(__dirname, '..', 'bin', 'sophia-ssh-keys.js');
const TOKEN = 'pul-cli-test-token-a9f2';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns the CLI as a user would (async, so an in-process emulator can answer it). */
function cli(home: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', HOME: home, ...env }, cwd: path.join(__dirname, '..', '..', '..') },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

/** Every PRIVATE KEY marker and body line of the private key must be absent from `text`. */
function expectNoPrivateKey(text: string, privateKey: string) {
  expect(text).not.toContain('PRIVATE KEY');
  for (const line of privateKey.split('\n').filter((l) => l && !l.startsWith('-----'))) expect(text).not.toContain(line);
  // Also absent in base64 form.
  const b64 = Buffer.from(privateKey).toString('base64');
  expect(text).not.toContain(b64.slice(0, 40));
}

describe('sophia-ssh-keys (spawned)', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'ssh-keys-home-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('generate: creates ~/.ssh 700, key 600 and .pub 644; refuses to overwrite; --rotate keeps the previous key', async () => {
    const ssh = path.join(home, '.ssh');
    const key = path.join(ssh, 'pulumi_lambda_key');
    const first = await cli(home, ['generate', '--comment', 'op@test']);
    expect(first.code).toBe(0);
    expect(mode(ssh)).toBe('700');
    expect(mode(key)).toBe('600');
    expect(mode(`${key}.pub`)).toBe('644');
    expect(fs.readFileSync(key, 'utf8')).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
    const pub1 = fs.readFileSync(`${key}.pub`, 'utf8').trim();
    expect(parsePublicKey(pub1).comment).toBe('op@test');
    expect(first.stdout).toContain(parsePublicKey(pub1).fingerprint);
    expectNoPrivateKey(first.stdout + first.stderr, fs.readFileSync(key, 'utf8'));

    const again = await cli(home, ['generate']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists; refusing to overwrite/);
    expect(fs.readFileSync(`${key}.pub`, 'utf8').trim()).toBe(pub1);

    const rotated = await cli(home, ['generate', '--rotate']);
    expect(rotated.code).toBe(0);
    expect(fs.readFileSync(`${key}.previous.pub`, 'utf8').trim()).toBe(pub1);
    expect(fs.readFileSync(`${key}.pub`, 'utf8').trim()).not.toBe(pub1);
    expect(mode(key)).toBe('600');
    expect(mode(`${key}.previous.pub`)).toBe('644');
  });

  it('push/show/rotate/retire against the local store: only base64 public keys, newest first', async () => {
    const dir = path.join(home, 'esc');
    const key = path.join(home, '.ssh', 'pulumi_lambda_key');
    expect((await cli(home, ['push', '--env', 'local', '--dir', dir])).stderr).toMatch(/No public key at .*pulumi_lambda_key\.pub.*generate/);
    await cli(home, ['generate']);
    const push = await cli(home, ['push', '--env', 'local', '--dir', dir]);
    expect(push.code).toBe(0);
    const file = path.join(dir, 'sophia-ai', 'lambda-labs-local.yaml');
    const held = () => YAML.parse(fs.readFileSync(file, 'utf8')).values.pulumiConfig['lambda-labs:sshPublicKeys'] as string[];
    const pub1 = fs.readFileSync(`${key}.pub`, 'utf8').trim();
    expect(held().map(decodePublicKeyBase64)).toEqual([pub1]);

    const rotate = await cli(home, ['rotate', '--env', 'local', '--dir', dir]);
    expect(rotate.code).toBe(0);
    expect(rotate.stdout).toMatch(/nx run lambda-labs:up --env local/);
    expect(rotate.stdout).toMatch(/retire/);
    const pub2 = fs.readFileSync(`${key}.pub`, 'utf8').trim();
    expect(held().map(decodePublicKeyBase64)).toEqual([pub2, pub1]);

    const show = await cli(home, ['show', '--env', 'local', '--dir', dir]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(pub2);
    expect(show.stdout).toContain(parsePublicKey(pub1).fingerprint);
    expect(show.stdout).toMatch(/matches a local key/);
    expect(show.stdout).toContain(Buffer.from(pub2).toString('base64'));

    const retire = await cli(home, ['retire', '--env', 'local', '--dir', dir]);
    expect(retire.code).toBe(0);
    expect(fs.existsSync(`${key}.previous.pub`)).toBe(false);
    expect(held().map(decodePublicKeyBase64)).toEqual([pub2]);

    const everything = [push, rotate, show, retire].map((r) => r.stdout + r.stderr).join('\n') + fs.readFileSync(file, 'utf8');
    expectNoPrivateKey(everything, fs.readFileSync(key, 'utf8'));
  });

  it('warns about a private key that is not mode 600', async () => {
    await cli(home, ['generate']);
    const key = path.join(home, '.ssh', 'pulumi_lambda_key');
    fs.chmodSync(key, 0o644);
    const show = await cli(home, ['show']);
    expect(show.code).toBe(0);
    expect(show.stderr).toMatch(/mode 644.*chmod 600/);
  });

  describe('against the ESC emulator (ESC_API_URL)', () => {
    const emulator = new EscEmulator({ tokens: [TOKEN] });
    let server: Awaited<ReturnType<typeof serveEmulator>>;
    beforeAll(async () => {
      server = await serveEmulator(emulator);
    });
    afterAll(() => server.close());

    it('push stores only public keys (ESC never sees the private key); missing token is a clear error', async () => {
      emulator.reset();
      emulator.seed('sophia-ai', 'sophia-ai', 'lambda-labs-dev', '# owned by stacks/esc\nimports:\n  - sophia-ai/secrets-dev\nvalues:\n  pulumiConfig:\n    lambda-labs:region: us-west-1\n');
      await cli(home, ['generate']);
      await cli(home, ['generate', '--rotate']);
      const env = { ESC_API_URL: server.url, PULUMI_ACCESS_TOKEN: TOKEN };

      const noToken = await cli(home, ['push', '--env', 'dev'], { ESC_API_URL: server.url });
      expect(noToken.code).toBe(1);
      expect(noToken.stderr).toMatch(/PULUMI_ACCESS_TOKEN is not set.*app\.pulumi\.com\/account\/tokens/);

      const missing = await cli(home, ['push', '--env', 'staging'], env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/sophia-ai\/lambda-labs-staging does not exist/);

      const push = await cli(home, ['push', '--env', 'dev'], env);
      expect(push.code).toBe(0);
      const stored = emulator.stored('sophia-ai', 'sophia-ai', 'lambda-labs-dev')!;
      expect(stored).toContain('# owned by stacks/esc');
      const doc = YAML.parse(stored);
      expect(doc.imports).toEqual(['sophia-ai/secrets-dev']);
      expect(doc.values.pulumiConfig['lambda-labs:region']).toBe('us-west-1');
      const key = path.join(home, '.ssh', 'pulumi_lambda_key');
      expect(doc.values.pulumiConfig['lambda-labs:sshPublicKeys'].map(decodePublicKeyBase64)).toEqual([
        fs.readFileSync(`${key}.pub`, 'utf8').trim(),
        fs.readFileSync(`${key}.previous.pub`, 'utf8').trim(),
      ]);

      const show = await cli(home, ['show', '--env', 'dev'], env);
      expect(show.stdout).toMatch(/ESC environment sophia-ai\/lambda-labs-dev/);
      expect(show.stdout.match(/matches a local key/g)).toHaveLength(2);

      // Nothing that reached the service (request bodies) or the terminal carries the private key or the token.
      const wire = emulator.requests.map((r) => r.body).join('\n');
      const decoded = (wire.match(/[A-Za-z0-9+/=]{40,}/g) ?? []).map((b) => Buffer.from(b, 'base64').toString('latin1')).join('\n');
      const terminal = [noToken, missing, push, show].map((r) => r.stdout + r.stderr).join('\n');
      expectNoPrivateKey(wire + decoded + terminal, fs.readFileSync(key, 'utf8'));
      expect(terminal).not.toContain(TOKEN);
    });
  });
});

describe('sophia-ssh-keys: bad input and unreachable services (spawned)', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'ssh-keys-bad-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));
  const key = () => path.join(home, '.ssh', 'pulumi_lambda_key');
  const snapshot = () => Object.fromEntries(fs.readdirSync(path.join(home, '.ssh')).map((f) => [f, fs.readFileSync(path.join(home, '.ssh', f), 'utf8')]));
  // Nothing listens on port 9 (discard) on loopback: connections are refused at once.
  const unreachable = { ESC_API_URL: 'http://127.0.0.1:9', PULUMI_ACCESS_TOKEN: TOKEN };

  it('push to an unreachable ESC names the URL, exits 1 and never prints the token', async () => {
    await cli(home, ['generate']);
    const run = await cli(home, ['push', '--env', 'dev'], unreachable);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED after \d+ attempts\); check the network, or ESC_API_URL/);
    expect(run.stderr).not.toContain(TOKEN);
    const bad = await cli(home, ['push', '--env', 'dev'], { ESC_API_URL: 'not a url', PULUMI_ACCESS_TOKEN: TOKEN });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/ESC_API_URL must be an http\(s\) URL/);
  });

  it('rotate while ESC is unreachable changes nothing locally and says so', async () => {
    await cli(home, ['generate']);
    const before = snapshot();
    const run = await cli(home, ['rotate', '--env', 'dev'], unreachable);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot reach http://127.0.0.1:9');
    expect(run.stderr).toContain(`Nothing was rotated: ESC and ${key()} are unchanged.`);
    expect(snapshot()).toEqual(before); // no new key, no .previous.pub, no stray .tmp
  });

  it('retire while ESC is unreachable keeps the previous key, so running retire again finishes the job', async () => {
    const dir = path.join(home, 'esc');
    await cli(home, ['generate']);
    await cli(home, ['rotate', '--env', 'local', '--dir', dir]);
    const before = snapshot();
    const run = await cli(home, ['retire', '--env', 'dev'], unreachable);
    expect(run.code).toBe(1);
    expect(snapshot()).toEqual(before);
    const again = await cli(home, ['retire', '--env', 'local', '--dir', dir]);
    expect(again.code).toBe(0);
    expect(fs.existsSync(`${key()}.previous.pub`)).toBe(false);
  });

  it('an unusable key directory is one line naming the path and the reason, no .tmp path, nothing left behind', async () => {
    // A file where ~/.ssh should be (permission errors cannot be produced as root; the path handling is the same).
    fs.writeFileSync(path.join(home, '.ssh'), 'not a directory');
    const notDir = await cli(home, ['generate']);
    expect(notDir.code).toBe(1);
    expect(notDir.stderr).toMatch(/Cannot create .*\.ssh: a part of .* is a file, not a directory \(ENOTDIR\)/);
    expect(notDir.stderr).not.toMatch(/\.tmp|\n\s+at /);

    // /proc: mkdir -p used to spin at 100 % CPU here; now it fails at once (the test timeout is the hang check).
    const proc = await cli(home, ['generate', '--key-path', '/proc/sophia-no-such/key']);
    expect(proc.code).toBe(1);
    expect(proc.stderr).toMatch(/Cannot create \/proc\/sophia-no-such: .*pass --key-path to a normal directory \(ENOENT\)/);
  });

  it('a ~/.ssh the user cannot write: permission denied with the directory, not a raw EACCES on a .tmp path', async () => {
    const ssh = path.join(home, '.ssh');
    fs.mkdirSync(ssh, { mode: 0o755 });
    fs.chmodSync(home, 0o755);
    let run: Run;
    if (process.getuid?.() === 0) {
      // root writes anywhere: run the CLI as nobody, for whom the root-owned ~/.ssh is read-only.
      run = await new Promise<Run>((resolve) =>
        execFile('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, 'generate'], { env: { PATH: process.env.PATH ?? '', HOME: home }, cwd: path.join(__dirname, '..', '..', '..') }, (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
      );
    } else {
      fs.chmodSync(ssh, 0o500);
      run = await cli(home, ['generate']);
      fs.chmodSync(ssh, 0o700);
    }
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Cannot write ${path.join(ssh, 'pulumi_lambda_key')}: permission denied — check who owns ${ssh}`);
    expect(run.stderr).toContain('(EACCES)');
    expect(run.stderr).not.toMatch(/\.tmp|\n\s+at /);
    expect(fs.readdirSync(ssh)).toEqual([]);
  });

  it('a public key path that is a device is refused without reading it; an empty HOME is an error, not ./.ssh', async () => {
    fs.symlinkSync('/dev/zero', path.join(home, 'zero.pub'));
    const run = await cli(home, ['show', '--key-path', path.join(home, 'zero')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${path.join(home, 'zero.pub')} is not a regular file`);

    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'ssh-keys-cwd-'));
    try {
      const noHome = await new Promise<Run>((resolve) =>
        execFile(process.execPath, [BIN, 'generate'], { env: { PATH: process.env.PATH ?? '', HOME: '' }, cwd }, (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
      );
      expect(noHome.code).toBe(1);
      expect(noHome.stderr).toMatch(/HOME is not set to an absolute directory.*--key-path/);
      expect(fs.readdirSync(cwd)).toEqual([]);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('a private key where the public key belongs says so, and never prints it', async () => {
    await cli(home, ['generate']);
    const priv = fs.readFileSync(key(), 'utf8');
    fs.writeFileSync(`${key()}.pub`, priv);
    const run = await cli(home, ['push', '--env', 'local', '--dir', path.join(home, 'esc')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/pulumi_lambda_key\.pub: This is a PRIVATE key/);
    expectNoPrivateKey(run.stdout + run.stderr, priv);
    expect(fs.existsSync(path.join(home, 'esc'))).toBe(false);
  });

  it('push --env local says how the local stack gets the key', async () => {
    await cli(home, ['generate']);
    const run = await cli(home, ['push', '--env', 'local', '--dir', path.join(home, 'esc')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/The local stack reads stacks\/lambda-labs\/Pulumi\.local\.yaml, not this store/);
  });
});

describe('the documented nx forms (npx nx run ssh-keys:<command> [--] --env …)', () => {
  const NX = require.resolve('nx/bin/nx');
  let home: string;
  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'ssh-keys-nx-'));
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));
  const nx = (args: string[]) =>
    new Promise<Run>((resolve) =>
      execFile(
        process.execPath,
        [NX, 'run', ...args],
        { env: { ...process.env, HOME: home, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' }, cwd: path.join(__dirname, '..', '..', '..') },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );

  it('generate, then push with `-- --env local` and show with `--env local`: the flags reach the CLI', async () => {
    const dir = path.join(home, 'esc');
    expect((await nx(['ssh-keys:generate'])).code).toBe(0);
    const push = await nx(['ssh-keys:push', '--', '--env', 'local', '--dir', dir]);
    expect(push.stdout + push.stderr).not.toMatch(/does not match the schema/);
    expect(push.code).toBe(0);
    expect(push.stdout).toContain('ESC environment sophia-ai/lambda-labs-local');
    const show = await nx(['ssh-keys:show', '--env', 'local', '--dir', dir]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/matches a local key/);
    const bad = await nx(['ssh-keys:push', '--', '--env', 'local', '--stor', 'x']);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/unknown option '--stor'/);
  });
});
