/**
 * The real Pulumi engine, end to end: `nx run estuary:<target>` (our executor → the pulumi CLI → the Node.js
 * language host → the dynamic providers) against the Estuary emulator, with a throwaway file:// state backend.
 * The upstream snowflake stack is a stand-in (the real one needs bridged provider plugins the engine here cannot
 * load): a one-file program in the same backend that declares the snowflake contract's outputs, so the estuary
 * stack reads them through its typed StackReference exactly as it would read the real one.
 *
 *   PULUMI_INTEGRATION=1 npx jest stacks/estuary/src/stack.engine.test.ts
 *
 * Without PULUMI_INTEGRATION=1 or without a CLI the suite is reported as skipped, with the reason in its title.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createEngineSandbox, describeOnEngine, DIY_ORG, stackConfigFromFile, type EngineSandbox } from '@sophia-ai/pulumi-testing';
import { serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox';
import { EstuaryEmulator } from '@sophia-ai/sandbox/src/estuary/emulator';

const WORKSPACE = path.resolve(__dirname, '../../..');
const STACK_DIR = path.resolve(__dirname, '..');
const STACK = `${DIY_ORG}/estuary/local`;
const UPSTREAM = `${DIY_ORG}/snowflake/local`;
const NX = path.join(path.dirname(require.resolve('nx/package.json')), require('nx/package.json').bin.nx);
// Canaries: set as secrets, they must reach the emulator (encrypted) and never the state, the logs or the plan in plain text.
const CANARY_PG = 'canary_engine_pg_Wz5Qm8Tr3Kv1';
const CANARY_HUBSPOT = 'canary_engine_hubspot_Bx7Ln2Hd9Fy4';
const CANARY_KEY = '-----BEGIN PRIVATE KEY-----\\ncanary_engine_snowflake_Pq2Vz6Nc8Jt4\\n-----END PRIVATE KEY-----';
const CANARIES = [CANARY_PG, CANARY_HUBSPOT, 'canary_engine_snowflake_Pq2Vz6Nc8Jt4'];

const STANDIN_INDEX = `import * as pulumi from '@pulumi/pulumi';
import { declareOutputs } from '@sophia-ai/stack-refs';
import { snowflakeStack } from '@sophia-ai/snowflake-contract';
const config = new pulumi.Config();
export = declareOutputs(snowflakeStack, {
  host: 'acme-engine.snowflakecomputing.com', database: 'RAW', schema: 'ESTUARY', warehouse: 'LOADING_WH', role: 'LOADER', user: 'ESTUARY_LOADER',
  ingest_storage_integrations: {}, ingest_notification_channels: {},
  private_key: config.requireSecret('privateKey'),
});
`;

describeOnEngine('estuary on the real Pulumi engine', (cli) => {
  let emulator: EstuaryEmulator;
  let server: RunningEmulator;
  let sandbox: EngineSandbox;
  let standin: string;
  let logs = '';
  const refreshToken = stackConfigFromFile(STACK_DIR, 'local').config['estuary:refreshToken']!;

  const nx = async (...args: string[]) => {
    const r = await sandbox.run(process.execPath, [NX, ...args, '--outputStyle=static'], { cwd: WORKSPACE });
    logs += r.stdout + r.stderr;
    return r;
  };
  const pulumi = async (...args: string[]) => {
    const r = await sandbox.pulumi([...args, '--stack', STACK, '--cwd', STACK_DIR]);
    logs += r.stdout + r.stderr;
    return r;
  };
  // The tenant of Pulumi.local.yaml.
  const live = (name: string) => emulator.liveSpecs().find((l) => l.catalog_name === `sophia-ai/local/${name}`);
  const committed = () => emulator.publications().filter((p) => !p.dry_run && p.job_status.type === 'success');

  jest.setTimeout(900_000);

  beforeAll(async () => {
    emulator = new EstuaryEmulator();
    server = await serveEmulator(emulator);
    sandbox = createEngineSandbox(cli, {
      ESTUARY_API_URL: `${server.url}/rest/v1`, ESTUARY_ENCRYPTION_URL: server.url, ESTUARY_POLL_INTERVAL_MS: '20', ESTUARY_MAX_POLL_INTERVAL_MS: '100',
    });
    // The stand-in upstream: a project named snowflake, resolving the workspace's packages through a node_modules link.
    standin = mkdtempSync(path.join(tmpdir(), 'snowflake-standin-'));
    writeFileSync(path.join(standin, 'Pulumi.yaml'), 'name: snowflake\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n');
    writeFileSync(path.join(standin, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true, esModuleInterop: true } }));
    writeFileSync(path.join(standin, 'index.ts'), STANDIN_INDEX);
    symlinkSync(path.join(WORKSPACE, 'node_modules'), path.join(standin, 'node_modules'));
    const up = (...args: string[]) => sandbox.pulumi([...args, '--stack', UPSTREAM, '--cwd', standin]);
    await sandbox.pulumi(['stack', 'init', UPSTREAM, '--cwd', standin, '--non-interactive']);
    // After `--`: the PEM starts with dashes.
    await sandbox.pulumi(['config', 'set', '--secret', '--stack', UPSTREAM, '--cwd', standin, 'privateKey', '--', CANARY_KEY.replace(/\\n/g, '\n')]);
    logs += (await up('up', '--yes', '--skip-preview')).stdout;

    // `stack init` writes an encryption salt into Pulumi.local.yaml, `config set` values: the file is put back.
    sandbox.preserve(path.join(STACK_DIR, 'Pulumi.local.yaml'));
    await sandbox.pulumi(['stack', 'init', STACK, '--cwd', STACK_DIR, '--non-interactive']);
    // As ESC delivers them in every real environment: secrets.
    await pulumi('config', 'set', '--secret', 'estuary:refreshToken', refreshToken);
    await pulumi('config', 'set', '--secret', 'estuary:endpointSecrets', JSON.stringify({ 'sources/postgres': { '/password': CANARY_PG }, 'sources/hubspot': { '/credentials/access_token': CANARY_HUBSPOT } }));
  });

  afterAll(async () => {
    await sandbox?.pulumi(['stack', 'rm', STACK, '--yes', '--force', '--cwd', STACK_DIR], { allowFailure: true });
    sandbox?.dispose();
    if (standin) rmSync(standin, { recursive: true, force: true });
    await server?.close();
  });

  it('up publishes the collections, the captures and the Snowflake materialization built from the upstream outputs', async () => {
    await nx('run', 'estuary:up', '--stack', STACK, '--yes', '--excludeTaskDependencies');
    expect(emulator.liveSpecs().map((l) => [l.spec_type, l.catalog_name]).sort()).toEqual([
      ['capture', 'sophia-ai/local/sources/hubspot'], ['capture', 'sophia-ai/local/sources/postgres'],
      ['collection', 'sophia-ai/local/hubspot/contacts'], ['collection', 'sophia-ai/local/postgres/customers'], ['collection', 'sophia-ai/local/postgres/orders'],
      ['materialization', 'sophia-ai/local/warehouse/snowflake'],
    ]);
    const config = (live('warehouse/snowflake')!.spec as any).endpoint.connector.config;
    expect(config).toMatchObject({ host: 'acme-engine.snowflakecomputing.com', database: 'RAW', credentials: { auth_type: 'jwt', user: 'ESTUARY_LOADER' }, syncSchedule: { fastSyncEnabledDays: 'M-F' } });
    expect(emulator.decrypt(config.credentials.private_key_sops)).toBe(CANARY_KEY.replace(/\\n/g, '\n'));
    expect(emulator.decrypt((live('sources/postgres')!.spec as any).endpoint.connector.config.password_sops)).toBe(CANARY_PG);
    expect(committed()).toHaveLength(6);
    expect(emulator.drafts()).toEqual([]);
    const out = JSON.parse((await pulumi('stack', 'output', '--json')).stdout);
    expect(out.materializations).toEqual({ 'warehouse/snowflake': 'sophia-ai/local/warehouse/snowflake' });
  });

  it('no secret reaches the state or the logs in plain text', () => {
    const state = sandbox.stateText();
    expect(state).toContain('"ciphertext"');
    for (const canary of [...CANARIES, refreshToken]) {
      expect(state).not.toContain(canary);
      expect(logs).not.toContain(canary);
    }
  });

  it('a second up changes nothing and publishes nothing', async () => {
    const before = committed().length;
    await nx('run', 'estuary:up', '--stack', STACK, '--yes', '--excludeTaskDependencies', '--args=--expect-no-changes');
    expect(committed()).toHaveLength(before);
  });

  it('a preview publishes a changed spec as a dry run: what Estuary would refuse fails the preview, naming the entity', async () => {
    const field = 'estuary:catalog.captures["sources/postgres"].config.database';
    await pulumi('config', 'rm', '--path', field);
    const before = committed().length;
    const preview = await sandbox
      .run(process.execPath, [NX, 'run', 'estuary:preview', '--stack', STACK, '--excludeTaskDependencies', '--outputStyle=static'], { cwd: WORKSPACE, allowFailure: true });
    logs += preview.stdout + preview.stderr;
    expect(preview.code).not.toBe(0);
    expect(preview.stdout + preview.stderr).toMatch(/dry run of capture sophia-ai\/local\/sources\/postgres failed \(buildFailed\)[\s\S]*missing required field \/database/);
    expect(committed()).toHaveLength(before);
    expect(emulator.drafts()).toEqual([]);
    await pulumi('config', 'set', '--path', field, 'app');
  });

  it('refresh takes in a change made outside Pulumi; the next up publishes the spec back', async () => {
    const spec = live('sources/hubspot')!.spec!;
    emulator.publishOutOfBand('sophia-ai/local/sources/hubspot', { ...spec, interval: '6h' });
    const refreshed = await nx('run', 'estuary:refresh', '--stack', STACK, '--yes', '--excludeTaskDependencies');
    expect(refreshed.stdout).toMatch(/1 updated/);
    const up = await nx('run', 'estuary:up', '--stack', STACK, '--yes', '--excludeTaskDependencies');
    expect(up.stdout).toMatch(/1 updated/);
    expect((live('sources/hubspot')!.spec as any).interval).toBe('30m');
  });

  it('refresh after an out-of-band delete drops the capture; the next up publishes it again', async () => {
    emulator.publishOutOfBand('sophia-ai/local/sources/postgres', null);
    const refreshed = await nx('run', 'estuary:refresh', '--stack', STACK, '--yes', '--excludeTaskDependencies');
    expect(refreshed.stdout).toMatch(/1 deleted/);
    await nx('run', 'estuary:up', '--stack', STACK, '--yes', '--excludeTaskDependencies');
    expect(live('sources/postgres')).toBeDefined();
    await nx('run', 'estuary:up', '--stack', STACK, '--yes', '--excludeTaskDependencies', '--args=--expect-no-changes');
  });

  it('destroy deletes every entity (tasks before their collections) and leaves no draft', async () => {
    await nx('run', 'estuary:destroy', '--stack', STACK, '--yes', '--excludeTaskDependencies');
    expect(emulator.liveSpecs()).toEqual([]);
    expect(emulator.drafts()).toEqual([]);
    for (const canary of CANARIES) expect(logs).not.toContain(canary);
  });
});
