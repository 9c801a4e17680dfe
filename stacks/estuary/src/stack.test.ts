/** The stack program under the Pulumi SDK's mocks (libs/pulumi-testing): resources, the snowflake wiring, secrets, outputs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { validateConfig } from '@sophia-ai/config';
import { estuaryConfig } from '@sophia-ai/estuary-config';
import { collectSecretStrings, containsSecret, redact, stackConfigFromFile, startMockRuntime, type MockRuntime, type RecordedResource } from '@sophia-ai/pulumi-testing';
import { encodeRefreshToken, SANDBOX_ESTUARY_REFRESH_TOKEN } from '@sophia-ai/sandbox/src/estuary/emulator';

// Canaries: if one of these shows up anywhere but a secret, a secret leaked.
const CANARY_TOKEN = encodeRefreshToken({ id: '0f1e2d3c4b5a6978', secret: 'canary_estuary_Q7vT2mXc9LpR4wZs' });
const CANARY_PG = 'canary_pg_password_Jx4Tz8Vm2Qw6';
const CANARY_HUBSPOT = 'canary_hubspot_token_Rn5Kc1Yb7Ld3';
const CANARY_KEY = '-----BEGIN PRIVATE KEY-----\ncanary_snowflake_key_Bv6Np3Wd9Hs2\n-----END PRIVATE KEY-----';
const CANARIES = [CANARY_TOKEN, CANARY_PG, CANARY_HUBSPOT, 'canary_snowflake_key_Bv6Np3Wd9Hs2'];
const SNOWFLAKE = {
  host: 'acme-analytics.snowflakecomputing.com', database: 'RAW', schema: 'ESTUARY', warehouse: 'LOADING_WH', role: 'LOADER', user: 'ESTUARY_LOADER',
  ingest_storage_integrations: {}, ingest_notification_channels: {}, private_key: CANARY_KEY,
};
const dir = path.resolve(__dirname, '..');
let runtime: MockRuntime;
let outputs: Record<string, { value: unknown; isSecret: boolean; isKnown: boolean }>;
// Loading the program compiles the stack with ts-jest: allow for a busy machine (no timing is asserted).
jest.setTimeout(60_000);

/** Inputs with every secret wrapper replaced by its value (what the provider will receive). */
const unwrap = (v: unknown): unknown => {
  if (!v || typeof v !== 'object') return v;
  if (containsSecret(v) && 'value' in (v as object) && Object.keys(v as object).length === 2) return unwrap((v as { value: unknown }).value);
  return Array.isArray(v) ? v.map(unwrap) : Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, unwrap(x)]));
};
const byType = (t: string): RecordedResource[] => runtime.resources.filter((r) => r.type === `pulumi-nodejs:dynamic/estuary:${t}`);

beforeAll(async () => {
  // The local sample's catalog, with canary secrets instead of the sandbox's.
  const { config: local } = stackConfigFromFile(dir, 'local');
  runtime = await startMockRuntime({
    project: 'estuary',
    stack: 'staging',
    organization: 'sophia-ai',
    config: {
      'estuary:tenant': 'acme',
      'estuary:refreshToken': CANARY_TOKEN,
      'estuary:catalog': local['estuary:catalog']!,
      'estuary:endpointSecrets': JSON.stringify({ 'sources/postgres': { '/password': CANARY_PG }, 'sources/hubspot': { '/credentials/access_token': CANARY_HUBSPOT } }),
    },
    secretKeys: ['estuary:refreshToken', 'estuary:endpointSecrets'],
    stackOutputs: { 'sophia-ai/snowflake/staging': SNOWFLAKE },
    secretStackOutputs: { 'sophia-ai/snowflake/staging': ['private_key'] },
  });
  outputs = await runtime.runStack(() => require('../index'));
});

test('one resource per catalog entity, parented to the platform; tasks depend on their collections', () => {
  const [platform] = runtime.resources.filter((r) => r.type === 'sophia:estuary:Platform');
  const children = runtime.resources.filter((r) => r.parent === platform!.urn && r.custom && r.type.includes('dynamic/estuary'));
  expect(children.map((r) => [r.type.split(':').pop(), r.name, r.inputs.catalogName]).sort()).toEqual([
    ['Capture', 'estuary-capture-sources-hubspot', 'acme/staging/sources/hubspot'],
    ['Capture', 'estuary-capture-sources-postgres', 'acme/staging/sources/postgres'],
    ['Collection', 'estuary-collection-hubspot-contacts', 'acme/staging/hubspot/contacts'],
    ['Collection', 'estuary-collection-postgres-customers', 'acme/staging/postgres/customers'],
    ['Collection', 'estuary-collection-postgres-orders', 'acme/staging/postgres/orders'],
    ['Materialization', 'estuary-materialization-warehouse-snowflake', 'acme/staging/warehouse/snowflake'],
  ]);
  const urnOf = (name: string) => runtime.resources.find((r) => r.name === name)!.urn;
  expect(byType('Capture').find((c) => c.name.endsWith('postgres'))!.dependencies).toEqual(
    expect.arrayContaining([urnOf('estuary-collection-postgres-orders'), urnOf('estuary-collection-postgres-customers')]),
  );
  expect(byType('Materialization')[0]!.dependencies).toEqual(expect.arrayContaining(byType('Collection').map((c) => c.urn)));
});

test('the snowflake stack outputs are wired into the materialization: readable fields in the spec, the key as a secret endpoint field', () => {
  const [m] = byType('Materialization');
  const ref = runtime.resources.find((r) => r.type === 'pulumi:pulumi:StackReference');
  expect(ref?.name).toBe('sophia-ai/snowflake/staging');
  expect(m!.dependencies).toContain(ref!.urn);
  const spec = unwrap(m!.inputs.spec) as any;
  expect(spec.endpoint.connector).toEqual({
    image: 'ghcr.io/estuary/materialize-snowflake:v4',
    config: {
      host: SNOWFLAKE.host, database: 'RAW', schema: 'ESTUARY', warehouse: 'LOADING_WH', role: 'LOADER',
      credentials: { auth_type: 'jwt', user: 'ESTUARY_LOADER' }, timestamp_type: 'TIMESTAMP_LTZ',
      syncSchedule: { syncFrequency: '15m', timezone: 'America/New_York', fastSyncStartTime: '08:00', fastSyncStopTime: '18:00', fastSyncEnabledDays: 'M-F' },
    },
  });
  expect(containsSecret(m!.inputs.spec)).toBe(false);
  expect(containsSecret(m!.inputs.endpointSecrets)).toBe(true);
  expect(unwrap(m!.inputs.endpointSecrets)).toEqual({ '/credentials/private_key': CANARY_KEY });
});

test('capture endpoint secrets come from estuary:endpointSecrets, as secrets; intervals are in the spec', () => {
  const pg = byType('Capture').find((c) => c.name.endsWith('postgres'))!;
  expect(unwrap(pg.inputs.endpointSecrets)).toEqual({ '/password': CANARY_PG });
  expect((unwrap(pg.inputs.spec) as any).interval).toBe('5m');
  expect((unwrap(byType('Capture').find((c) => c.name.endsWith('hubspot'))!.inputs.spec) as any).interval).toBe('30m');
});

test('no canary in any plain input or in the outputs; every secret arrives wrapped as one', () => {
  for (const r of runtime.resources) {
    const text = JSON.stringify(redact(r.inputs));
    for (const canary of CANARIES) expect(text).not.toContain(canary);
  }
  for (const r of [...byType('Capture'), ...byType('Materialization')]) expect(containsSecret(r.inputs.refreshToken)).toBe(true);
  const secrets = new Set(runtime.resources.flatMap((r) => [...collectSecretStrings(r.inputs)]));
  expect([CANARY_PG, CANARY_HUBSPOT, CANARY_KEY, CANARY_TOKEN].every((c) => secrets.has(c))).toBe(true);
  expect(JSON.stringify(outputs)).not.toMatch(/canary/);
});

test('declares the contract outputs: catalog names by spec key', () => {
  expect(outputs.materializations).toEqual({ value: { 'warehouse/snowflake': 'acme/staging/warehouse/snowflake' }, isSecret: false, isKnown: true });
  expect(Object.keys(outputs.collections!.value as object)).toEqual(['postgres/orders', 'postgres/customers', 'hubspot/contacts']);
});

describe('stack config files', () => {
  test('Pulumi.local.yaml validates against the namespace and carries only sandbox credentials', () => {
    const { config } = stackConfigFromFile(dir, 'local');
    expect(validateConfig(estuaryConfig, (key) => config[key], 'local')).toMatchObject({ ok: true });
    expect(config['estuary:refreshToken']).toBe(encodeRefreshToken(SANDBOX_ESTUARY_REFRESH_TOKEN));
    const secrets = JSON.parse(config['estuary:endpointSecrets']!) as Record<string, Record<string, string>>;
    expect(Object.values(secrets).flatMap(Object.values).every((v) => v.startsWith('sandbox_'))).toBe(true);
  });
  test('Pulumi.local.yaml: a Postgres CDC capture and a SaaS capture with an interval, into Snowflake with a business-hours fast-sync window', () => {
    const { config } = stackConfigFromFile(dir, 'local');
    const catalog = JSON.parse(config['estuary:catalog']!);
    expect(Object.values(catalog.captures).map((c: any) => [c.connector.image, c.interval])).toEqual([
      ['ghcr.io/estuary/source-postgres', '5m'], ['ghcr.io/estuary/source-hubspot-native', '30m'],
    ]);
    expect(catalog.materializations['warehouse/snowflake'].snowflake.syncSchedule).toMatchObject({ fastSyncStartTime: '08:00', fastSyncStopTime: '18:00', fastSyncEnabledDays: 'M-F' });
  });
  test.each(['dev', 'staging', 'production'])('Pulumi.%s.yaml imports its ESC environment', (env) => {
    const doc = YAML.parse(fs.readFileSync(path.join(dir, `Pulumi.${env}.yaml`), 'utf8'));
    expect(doc.environment).toEqual([`sophia-ai/estuary-${env}`]);
    expect(doc.config).toBeUndefined();
  });
});
