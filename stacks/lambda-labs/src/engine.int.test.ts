/**
 * The real Pulumi engine, end to end: `nx run lambda-labs:up` / `:destroy` (our executor → the pulumi CLI →
 * the nodejs language host → the dynamic providers) against the Lambda emulator, with a throwaway local state
 * backend. Opt-in: it needs the Pulumi CLI, which CI machines here do not have. Run it with
 *
 *   PULUMI_INTEGRATION=1 npx jest stacks/lambda-labs/src/engine.int.test.ts
 *
 * (install the CLI first: https://www.pulumi.com/docs/install/). Without both, the suite is reported as
 * skipped under a title that says what is missing.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stackConfigFromFile } from '@sophia-ai/pulumi-testing';
import { LambdaEmulator, serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox';
import { decodePublicKeyBase64 } from '@sophia-ai/ssh-injection';

const WORKSPACE = path.resolve(__dirname, '../../..');
const STACK_DIR = path.resolve(__dirname, '..');
// The local state backend only knows the organisation "organization"; Pulumi.local.yaml still applies.
const STACK = 'organization/lambda-labs/local';

const hasCli = spawnSync('pulumi', ['version'], { stdio: 'ignore' }).status === 0;
const enabled = process.env.PULUMI_INTEGRATION === '1' && hasCli;
const missing = [
  process.env.PULUMI_INTEGRATION === '1' ? '' : 'PULUMI_INTEGRATION=1',
  hasCli ? '' : 'the pulumi CLI on PATH',
].filter(Boolean);
const suite = enabled ? describe : describe.skip;

suite(`lambda-labs on the real Pulumi engine${enabled ? '' : ` (skipped: needs ${missing.join(' and ')})`}`, () => {
  let emulator: LambdaEmulator;
  let server: RunningEmulator;
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  const config = stackConfigFromFile(STACK_DIR, 'local').config;
  // `pulumi stack init` with a passphrase writes an encryption salt into Pulumi.local.yaml: put it back after.
  const localYaml = path.join(STACK_DIR, 'Pulumi.local.yaml');
  const localYamlText = fs.readFileSync(localYaml, 'utf8');

  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { cwd: WORKSPACE, env, encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const nx = (...args: string[]) => run(process.execPath, [path.join(WORKSPACE, 'node_modules/nx/bin/nx.js'), ...args, '--outputStyle=static']);

  jest.setTimeout(900_000);

  beforeAll(async () => {
    emulator = new LambdaEmulator({ apiKeys: [config['lambda-labs:apiKey']], launchWindowMs: 0, bootMs: 500, terminateMs: 200 });
    server = await serveEmulator(emulator);
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulumi-state-'));
    env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: 'integration-test-only',
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      LAMBDA_API_URL: server.url,
      LAMBDA_POLL_INTERVAL_MS: '100',
      LAMBDA_LAUNCH_INTERVAL_MS: '0',
      NX_DAEMON: 'false',
      CI: 'false',
    };
    run('pulumi', ['stack', 'init', STACK, '--cwd', STACK_DIR, '--non-interactive']);
  });

  afterAll(async () => {
    spawnSync('pulumi', ['stack', 'rm', STACK, '--yes', '--force', '--cwd', STACK_DIR], { env, stdio: 'ignore' });
    await server?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
    fs.writeFileSync(localYaml, localYamlText);
  });

  it('up launches one instance whose cloud-init carries the ESC public key, and exports it', () => {
    nx('run', 'lambda-labs:up', '--stack', STACK, '--yes');
    const live = emulator.allInstances().filter((i) => i.status === 'active');
    expect(live).toHaveLength(1);
    const userData = emulator.inspectInstance(live[0].id)?.user_data ?? '';
    const expectedKey = decodePublicKeyBase64(JSON.parse(config['lambda-labs:sshPublicKeys'])[0]);
    expect(userData.startsWith('#cloud-config')).toBe(true);
    expect(userData).toContain(expectedKey.split(' ').slice(0, 2).join(' '));

    const outputs = JSON.parse(run('pulumi', ['stack', 'output', '--json', '--stack', STACK, '--cwd', STACK_DIR]));
    expect(outputs.instance_ids).toEqual([live[0].id]);
    expect(outputs.platform_ip).toBe(emulator.inspectInstance(live[0].id)?.ip);
    expect(outputs.ssh_command).toContain(outputs.platform_ip);
  });

  it('a second up changes nothing and launches nothing', () => {
    const before = emulator.launches;
    nx('run', 'lambda-labs:up', '--stack', STACK, '--yes', '--args=--expect-no-changes');
    expect(emulator.launches).toBe(before);
  });

  it('destroy terminates the instance and removes what the stack created', () => {
    nx('run', 'lambda-labs:destroy', '--stack', STACK, '--yes');
    expect(emulator.allInstances().filter((i) => i.status !== 'terminated')).toEqual([]);
  });
});
