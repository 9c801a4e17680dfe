/**
 * The real Pulumi engine, end to end: `nx run lambda-labs:<target>` (our executor → the pulumi CLI → the Node.js
 * language host → the dynamic providers) against the Lambda emulator, with a throwaway file:// state backend.
 *
 *   npm run engine:install && npm run test:engine       (or: PULUMI_INTEGRATION=1 npx jest stacks/lambda-labs/src/stack.engine.test.ts)
 *
 * Without PULUMI_INTEGRATION=1 or without a CLI the suite is reported as skipped, with the reason in its title.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { createEngineSandbox, describeOnEngine, DIY_ORG, stackConfigFromFile, type EngineSandbox } from '@sophia-ai/pulumi-testing';
import { LambdaEmulator, serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox';
import { decodePublicKeyBase64 } from '@sophia-ai/ssh-injection';

const WORKSPACE = path.resolve(__dirname, '../../..');
const STACK_DIR = path.resolve(__dirname, '..');
const STACK = `${DIY_ORG}/lambda-labs/local`;
// nx's own entry (package.json `bin`), as `npx nx` runs it.
const NX = path.join(path.dirname(require.resolve('nx/package.json')), require('nx/package.json').bin.nx);

describeOnEngine('lambda-labs on the real Pulumi engine', (cli) => {
  let emulator: LambdaEmulator;
  let server: RunningEmulator;
  let sandbox: EngineSandbox;
  const config = stackConfigFromFile(STACK_DIR, 'local').config;
  const apiKey = config['lambda-labs:apiKey'];
  // As committed: `stack init` and `config set --secret` below rewrite the file (it is put back at the end).
  const sampleConfig = readFileSync(path.join(STACK_DIR, 'Pulumi.local.yaml'), 'utf8');
  /** A config file (for `--config-file`) holding the sample config with `changes` applied (undefined deletes). */
  const sampleConfigWith = (name: string, changes: Record<string, unknown>) => {
    const doc = YAML.parse(sampleConfig) as { config: Record<string, unknown> };
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) delete doc.config[key];
      else doc.config[key] = value;
    }
    const file = path.join(sandbox.stateDir, '..', `${name}.yaml`);
    writeFileSync(file, YAML.stringify(doc));
    return file;
  };

  const nx = (...args: string[]) => sandbox.run(process.execPath, [NX, ...args, '--outputStyle=static'], { cwd: WORKSPACE });
  const outputs = async () => JSON.parse((await sandbox.pulumi(['stack', 'output', '--json', '--stack', STACK, '--cwd', STACK_DIR])).stdout);
  /** What the Lambda account holds, read through its public API as any client would. */
  let currentKey = apiKey; // the account's valid key (rotated below)
  const inventory = async () => {
    const get = async (p: string) => {
      const res = await fetch(`${server.url}/api/v1${p}`, { headers: { authorization: `Bearer ${currentKey}` } });
      return ((await res.json()) as { data: Array<Record<string, unknown>> }).data;
    };
    return {
      instances: (await get('/instances')).filter((i) => i.status !== 'terminated'),
      sshKeys: await get('/ssh-keys'),
      rulesets: await get('/firewall-rulesets'),
      filesystems: await get('/file-systems'),
    };
  };

  jest.setTimeout(900_000);

  beforeAll(async () => {
    emulator = new LambdaEmulator({ apiKeys: [apiKey], launchWindowMs: 0, bootMs: 500, terminateMs: 200 });
    server = await serveEmulator(emulator);
    sandbox = createEngineSandbox(cli, {
      LAMBDA_API_URL: server.url,
      LAMBDA_POLL_INTERVAL_MS: '100',
      LAMBDA_LAUNCH_INTERVAL_MS: '0',
      LAMBDA_REQUEST_INTERVAL_MS: '0', // the emulator's per-key rate limit is off here
    });
    // `stack init` writes an encryption salt into Pulumi.local.yaml, `config set` a value: both are put back. So is
    // esc's: `nx run lambda-labs:up` runs esc:init first (lambda-labs imports its ESC environments), which creates
    // the esc stack and writes its salt.
    sandbox.preserve(path.join(STACK_DIR, 'Pulumi.local.yaml'), path.join(STACK_DIR, '..', 'esc', 'Pulumi.local.yaml'));
    await sandbox.pulumi(['stack', 'init', STACK, '--cwd', STACK_DIR, '--non-interactive']);
    // As ESC delivers it in every real environment: a secret. (The sample file has it in plain text, and the engine
    // stores every plain config value in the dynamic providers' default-provider state.)
    await sandbox.pulumi(['config', 'set', '--secret', 'lambda-labs:apiKey', apiKey, '--stack', STACK, '--cwd', STACK_DIR]);
  });

  afterAll(async () => {
    await sandbox?.pulumi(['stack', 'rm', STACK, '--yes', '--force', '--cwd', STACK_DIR], { allowFailure: true });
    sandbox?.dispose();
    await server?.close();
  });

  it('up launches one instance whose cloud-init carries the ESC public key, and exports it', async () => {
    await nx('run', 'lambda-labs:up', '--stack', STACK, '--yes');
    const { instances, sshKeys } = await inventory();
    expect(instances).toHaveLength(1);
    expect(sshKeys).toHaveLength(1);
    const live = instances[0] as { id: string };
    const userData = emulator.inspectInstance(live.id)?.user_data ?? '';
    const expectedKey = decodePublicKeyBase64(JSON.parse(config['lambda-labs:sshPublicKeys'])[0]);
    expect(userData.startsWith('#cloud-config')).toBe(true);
    expect(userData).toContain(expectedKey.split(' ').slice(0, 2).join(' '));

    const out = await outputs();
    expect(out.instance_ids).toEqual([live.id]);
    expect(out.platform_ip).toBe(emulator.inspectInstance(live.id)?.ip);
    expect(out.ssh_command).toContain(out.platform_ip);
  });

  it('the API key is encrypted in the state backend, never stored in plaintext', () => {
    const state = sandbox.stateText();
    expect(state).toContain('"ciphertext"');
    expect(state).not.toContain(apiKey);
  });

  it('a second up changes nothing and launches nothing', async () => {
    const before = emulator.launches;
    await nx('run', 'lambda-labs:up', '--stack', STACK, '--yes', '--args=--expect-no-changes');
    expect(emulator.launches).toBe(before);
  });

  it('refresh reads every resource back unchanged', async () => {
    await nx('run', 'lambda-labs:refresh', '--stack', STACK, '--yes');
    await sandbox.pulumi(['preview', '--expect-no-changes', '--stack', STACK, '--cwd', STACK_DIR, '--non-interactive']);
  });

  it('a firewall change updates the ruleset in place: same instance, nothing relaunched', async () => {
    const before = { launches: emulator.launches, ids: (await outputs()).instance_ids };
    const cidrs = JSON.parse(config['lambda-labs:allowedSshCidrs']) as string[];
    await sandbox.pulumi(['config', 'set', '--path', `lambda-labs:allowedSshCidrs[${cidrs.length}]`, '198.51.100.0/24', '--stack', STACK, '--cwd', STACK_DIR]);
    await nx('run', 'lambda-labs:up', '--stack', STACK, '--yes');
    expect(emulator.launches).toBe(before.launches);
    expect((await outputs()).instance_ids).toEqual(before.ids);
    const { rulesets } = await inventory();
    const sources = rulesets.flatMap((r) => (r.rules as Array<{ source_network: string }>).map((rule) => rule.source_network));
    expect(sources).toContain('198.51.100.0/24');
  });

  it('outside local, an API key set in plain text is refused before anything is created, naming the key only', async () => {
    // The sample config under another environment name, exactly as written: the key in plain text.
    const file = path.join(STACK_DIR, 'Pulumi.plaintext.yaml');
    sandbox.preserve(file);
    writeFileSync(file, sampleConfig);
    const other = `${DIY_ORG}/lambda-labs/plaintext`;
    await sandbox.pulumi(['stack', 'init', other, '--cwd', STACK_DIR, '--non-interactive']);
    const launches = emulator.launches;
    const r = await sandbox.pulumi(['preview', '--stack', other, '--cwd', STACK_DIR, '--non-interactive'], { allowFailure: true });
    const text = r.stdout + r.stderr;
    expect(r.code).not.toBe(0);
    expect(text).toContain('lambda-labs:apiKey: is set in plain text');
    expect(text).not.toContain(apiKey);
    expect(text).not.toMatch(/\n\s+at /); // an expected error, not a crash
    expect(emulator.launches).toBe(launches);
    await sandbox.pulumi(['stack', 'rm', other, '--yes', '--force', '--cwd', STACK_DIR]);
  });

  it('a production policy refusal prints its message only (no stack trace), before anything is created', async () => {
    // Production with SSH open to the world; `--config-file` keeps ESC out of it (Pulumi.production.yaml imports it).
    const production = `${DIY_ORG}/lambda-labs/production`;
    // The API key is set as a secret below.
    const configFile = sampleConfigWith('production-open-ssh', { 'lambda-labs:apiKey': undefined, 'lambda-labs:allowedSshCidrs': ['0.0.0.0/0'] });
    sandbox.preserve(path.join(STACK_DIR, 'Pulumi.production.yaml'));
    await sandbox.pulumi(['stack', 'init', production, '--cwd', STACK_DIR, '--non-interactive']);
    await sandbox.pulumi(['config', 'set', '--secret', 'lambda-labs:apiKey', apiKey, '--config-file', configFile, '--stack', production, '--cwd', STACK_DIR]);
    const launches = emulator.launches;
    const r = await sandbox.pulumi(['preview', '--config-file', configFile, '--stack', production, '--cwd', STACK_DIR, '--non-interactive'], { allowFailure: true });
    const text = r.stdout + r.stderr;
    expect(r.code).not.toBe(0);
    expect(text).toContain('Production refuses SSH (port 22) from 0.0.0.0/0');
    expect(text).not.toMatch(/unhandled exception|\n\s+at /);
    expect(text).not.toContain(apiKey);
    expect(emulator.launches).toBe(launches);
    await sandbox.pulumi(['stack', 'rm', production, '--yes', '--force', '--cwd', STACK_DIR]);
  });

  it('an instance type the API does not offer fails the preview, naming the types that exist', async () => {
    const configFile = sampleConfigWith('unknown-type', { 'lambda-labs:instanceType': 'gpu_9x_zzz' });
    const r = await sandbox.pulumi(['preview', '--config-file', configFile, '--stack', STACK, '--cwd', STACK_DIR, '--non-interactive'], { allowFailure: true });
    const text = r.stdout + r.stderr;
    expect(r.code).not.toBe(0);
    expect(text).toMatch(/instanceType "gpu_9x_zzz" is not a Lambda instance type\. With capacity in us-east-1 now: .*gpu_1x_a10/);
    expect(text).not.toContain(apiKey);
  });

  it('after the API key is rotated and the old one revoked, refresh (and then destroy) use the new key', async () => {
    const rotated = 'sandbox_lambda_rotated_Q8wE2rT5yU';
    emulator.control({ apiKeys: [apiKey, rotated] });
    await sandbox.pulumi(['config', 'set', '--secret', 'lambda-labs:apiKey', rotated, '--stack', STACK, '--cwd', STACK_DIR]);
    emulator.control({ apiKeys: [rotated] }); // the old key is revoked
    currentKey = rotated;
    // What the engine does on its own: providers configured from the config saved at the last up, the revoked key.
    const stale = await sandbox.pulumi(['refresh', '--yes', '--non-interactive', '--stack', STACK, '--cwd', STACK_DIR], { allowFailure: true });
    expect(stale.code).not.toBe(0);
    expect(stale.stdout + stale.stderr).toMatch(/401|unauthori[sz]ed|invalid API key/i);
    // The refresh target runs the program (--run-program), so the providers get the current key.
    await nx('run', 'lambda-labs:refresh', '--stack', STACK, '--yes');
    expect(sandbox.stateText()).not.toContain(rotated);
  });

  it('destroy leaves nothing in the account', async () => {
    // Only this stack: the dependents' own destroys are not what this suite is about.
    await nx('run', 'lambda-labs:destroy', '--stack', STACK, '--yes', '--excludeTaskDependencies');
    const left = await inventory();
    expect(left.instances).toEqual([]);
    expect(left.sshKeys).toEqual([]);
    expect(left.rulesets).toEqual([]);
    expect(left.filesystems).toEqual([]);
  });
});
