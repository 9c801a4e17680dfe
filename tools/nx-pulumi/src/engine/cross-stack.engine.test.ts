/**
 * Two stacks on the real engine, deployed by `nx run-many -t up` in graph order: a producer publishes outputs
 * through its contract package (stacks/vault/contract), and the consumer's typed StackReference reads them from the state backend,
 * secrets kept secret. A fixture pair rather than the real stacks: github and snowflake need bridged provider
 * plugins that the Go module proxy does not serve here (see tools/engine), and lambda-labs has no consumer that
 * runs on dynamic providers alone.
 *
 *   npm run test:engine      (PULUMI_INTEGRATION=1; the CLI on PATH or built by npm run engine:install)
 */
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createEngineSandbox, describeOnEngine, DIY_ORG, type EngineSandbox } from '@sophia-ai/pulumi-testing';
import { createFixture, REPO_ROOT, type Fixture } from '../testing/fixture-workspace';

const CANARY = 'canary-token-7f3a91c2d4';
const ENV = 'ci';

const pulumiYaml = (name: string) => `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n`;
const stackPackage = (name: string) => JSON.stringify({ name: `@sophia-ai/${name}`, private: true, main: 'index.ts', nx: { name, tags: ['type:stack'] } });
const tsconfig = JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true, esModuleInterop: true } });
const realStackRefs = (file: string) => readFileSync(join(REPO_ROOT, 'libs/stack-refs/src', file), 'utf8');

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'engine-fixture', private: true, workspaces: ['libs/*', 'tools/*', 'stacks/*', 'stacks/*/contract'], devDependencies: { '@nx/js': '23.2.1', nx: '23.2.1' } }),
  'nx.json': JSON.stringify({ useDaemonProcess: false, neverConnectToCloud: true, defaultBase: 'main', plugins: [{ plugin: './tools/nx-pulumi', include: ['stacks/*/Pulumi.yaml'] }] }),
  'tsconfig.base.json': tsconfig,
  // The real contract machinery and naming; only the contract (stacks/vault/contract) is the fixture's own.
  'libs/stack-refs/package.json': JSON.stringify({ name: '@sophia-ai/stack-refs', main: 'src/index.ts', nx: { name: 'stack-refs' } }),
  'libs/stack-refs/src/index.ts': realStackRefs('index.ts'),
  'libs/stack-refs/src/naming.ts': realStackRefs('naming.ts'),
  'libs/stack-refs/src/contract.ts': realStackRefs('contract.ts'),
  'stacks/vault/contract/package.json': JSON.stringify({ name: '@sophia-ai/vault-contract', main: 'index.ts', nx: { name: 'vault-contract' } }),
  'stacks/vault/contract/index.ts': [
    "import { z } from 'zod';",
    "import { defineStackContract } from '@sophia-ai/stack-refs';",
    'export const vaultStack = defineStackContract({',
    "  project: 'vault',",
    "  description: 'fixture producer',",
    '  outputs: {',
    "    endpoint: { schema: z.string().url(), description: 'where it listens' },",
    "    replicas: { schema: z.number().int(), description: 'how many' },",
    "    token: { schema: z.string(), secret: true, description: 'access token' },",
    '  },',
    '});',
    '',
  ].join('\n'),
  'stacks/vault/package.json': stackPackage('vault'),
  'stacks/vault/Pulumi.yaml': pulumiYaml('vault'),
  'stacks/vault/tsconfig.json': tsconfig,
  'stacks/vault/index.ts': [
    "import * as pulumi from '@pulumi/pulumi';",
    "import { declareOutputs } from '@sophia-ai/stack-refs';",
    "import { vaultStack } from '@sophia-ai/vault-contract';",
    'const config = new pulumi.Config();',
    'export = declareOutputs(vaultStack, {',
    '  endpoint: `https://vault.example/${pulumi.getStack()}`,',
    '  replicas: 3,',
    "  token: config.requireSecret('token'),",
    '});',
    '',
  ].join('\n'),
  'stacks/app/package.json': stackPackage('app'),
  'stacks/app/Pulumi.yaml': pulumiYaml('app'),
  'stacks/app/tsconfig.json': tsconfig,
  'stacks/app/index.ts': [
    "import { referenceStack } from '@sophia-ai/stack-refs';",
    "import { vaultStack } from '@sophia-ai/vault-contract';",
    'const vault = referenceStack(vaultStack);',
    'export const vaultStackName = vault.stackName;',
    "export const vaultEndpoint = vault.output('endpoint');",
    "export const vaultReplicas = vault.output('replicas');",
    "export const vaultToken = vault.output('token');",
    "export const tokenLength = vault.output('token').apply((t) => t.length);",
    '',
  ].join('\n'),
};

describeOnEngine('two stacks linked by a typed StackReference, deployed in graph order', (cli) => {
  let fixture: Fixture;
  let sandbox: EngineSandbox;
  let upOutput = '';
  const stack = (project: string) => `${DIY_ORG}/${project}/${ENV}`;
  const nx = (...args: string[]) =>
    sandbox.run(process.execPath, [join(fixture.root, 'node_modules/nx/dist/bin/nx.js'), ...args, '--outputStyle=static'], { cwd: fixture.root });
  const outputs = async (project: string, showSecrets = false) =>
    JSON.parse(
      (await sandbox.pulumi(['stack', 'output', '--json', ...(showSecrets ? ['--show-secrets'] : []), '--stack', stack(project), '--cwd', join(fixture.root, 'stacks', project)]))
        .stdout,
    );
  const history = async (project: string) =>
    JSON.parse((await sandbox.pulumi(['stack', 'history', '--json', '--stack', stack(project), '--cwd', join(fixture.root, 'stacks', project)])).stdout) as Array<{
      startTime: string;
      endTime: string;
      result: string;
    }>;

  jest.setTimeout(600_000);

  beforeAll(async () => {
    fixture = createFixture(FILES, { 'stack-refs': 'libs/stack-refs', vault: 'stacks/vault', 'vault-contract': 'stacks/vault/contract', app: 'stacks/app' });
    // The real machinery's own imports: libs/stack-refs loads policy (ExpectedError) and redact (plan markers).
    for (const lib of ['policy', 'redact']) symlinkSync(join(REPO_ROOT, 'libs', lib), join(fixture.root, 'node_modules/@sophia-ai', lib));
    sandbox = createEngineSandbox(cli, { PATH: `${cli.binDir}:${fixture.bareBin}` });
    for (const project of ['vault', 'app']) {
      await sandbox.pulumi(['stack', 'init', stack(project), '--cwd', join(fixture.root, 'stacks', project), '--non-interactive']);
    }
    await sandbox.pulumi(['config', 'set', '--secret', 'token', CANARY, '--stack', stack('vault'), '--cwd', join(fixture.root, 'stacks/vault')]);
    upOutput = [await nx('run-many', '-t', 'up', `--env=${ENV}`, '--yes')].map((r) => r.stdout + r.stderr).join('');
  });

  afterAll(() => {
    sandbox?.dispose();
    fixture?.cleanup();
  });

  it('deploys the producer before the consumer', async () => {
    const [producer] = await history('vault');
    const [consumer] = await history('app');
    expect([producer.result, consumer.result]).toEqual(['succeeded', 'succeeded']);
    expect(Date.parse(consumer.startTime)).toBeGreaterThanOrEqual(Date.parse(producer.endTime));
  });

  it('the consumer reads the producer through its contract, in the DIY organisation', async () => {
    const app = await outputs('app');
    expect(app.vaultStackName).toBe(stack('vault'));
    expect(app.vaultEndpoint).toBe(`https://vault.example/${ENV}`);
    expect(app.vaultReplicas).toBe(3);
  });

  it('the secret crosses the reference as a secret, and its value is the producer\'s', async () => {
    const app = await outputs('app');
    expect(app.vaultToken).toBe('[secret]');
    expect(app.tokenLength).toBe('[secret]');
    const revealed = await outputs('app', true);
    expect(revealed.vaultToken).toBe(CANARY);
    expect(revealed.tokenLength).toBe(CANARY.length);
  });

  it('the canary is in no log and no state file in plain text', () => {
    expect(upOutput).not.toContain(CANARY);
    expect(sandbox.stateText()).not.toContain(CANARY);
  });

  it('a second run-many up changes nothing', async () => {
    await nx('run-many', '-t', 'up', `--env=${ENV}`, '--yes', '--args=--expect-no-changes');
  });

  it('--batch, as the deploy workflow runs it: both stacks in graph order from one process, nothing to change', async () => {
    const r = await nx('run-many', '-t', 'up', `--env=${ENV}`, '--yes', '--batch', '--output-style=static', '--args=--expect-no-changes');
    const text = r.stdout + r.stderr;
    // Each stack's pulumi output comes back with its task, the producer's before the consumer's.
    expect(text.indexOf(`pulumi up --cwd ${join(fixture.root, 'stacks/vault')}`)).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(`pulumi up --cwd ${join(fixture.root, 'stacks/vault')}`)).toBeLessThan(text.indexOf(`pulumi up --cwd ${join(fixture.root, 'stacks/app')}`));
    expect(text).not.toContain(CANARY);
  });

  it('a producer output the contract does not allow fails the consumer, naming the stack and the output', async () => {
    fixture.write({ 'stacks/vault/index.ts': FILES['stacks/vault/index.ts'].replace('`https://vault.example/${pulumi.getStack()}`', "'not a url'") });
    const r = await nx('run-many', '-t', 'up', `--env=${ENV}`, '--yes').catch((e: Error) => ({ stdout: e.message, stderr: '' }));
    const text = r.stdout + r.stderr;
    expect(text).toContain(`Stack ${stack('vault')} output "endpoint" does not match its contract`);
    expect(text).not.toContain(CANARY);
  });
});
