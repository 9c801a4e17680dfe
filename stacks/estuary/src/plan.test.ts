import { validateConfig, type PlainValues } from '@sophia-ai/config';
import { estuaryConfig } from '@sophia-ai/estuary-config';
import { planEstuary } from './plan';

const TOKEN = 'canary_estuary_refresh_Q7vT2mXc9LpR4wZs';
const CATALOG = {
  collections: { 'pg/orders': { key: ['/id'], schema: { type: 'object' } } },
  captures: {
    'sources/pg': {
      connector: { image: 'ghcr.io/estuary/source-postgres', tag: ':v5' },
      config: { address: 'db:5432', user: 'flow', database: 'app' },
      interval: '5m',
      bindings: [{ resource: { namespace: 'public', stream: 'orders' }, target: 'pg/orders' }],
    },
  },
  materializations: {
    'warehouse/snowflake': {
      snowflake: { syncSchedule: { syncFrequency: '15m', timezone: 'America/New_York', fastSyncStartTime: '08:00', fastSyncStopTime: '18:00', fastSyncEnabledDays: 'M-F' } },
      bindings: [{ source: 'pg/orders', resource: { table: 'orders' } }],
    },
  },
};

/** Validates the catalog as the stack's loader would (raw config strings), returning the values or the problem text. */
function load(catalog: unknown, extra: Record<string, string> = {}): { values?: PlainValues<typeof estuaryConfig>; problems: string } {
  const raw: Record<string, string> = { 'estuary:tenant': 'acme', 'estuary:refreshToken': TOKEN, 'estuary:catalog': JSON.stringify(catalog), ...extra };
  const result = validateConfig(estuaryConfig, (k) => raw[k], 'staging');
  return result.ok ? { values: result.values, problems: '' } : { problems: result.problems.map((p) => `${p.configKey}: ${p.message}`).join('\n') };
}

const withCapture = (over: Record<string, unknown>) => ({ ...CATALOG, captures: { 'sources/pg': { ...CATALOG.captures['sources/pg'], ...over } } });
const withSchedule = (syncSchedule: Record<string, string>) => ({
  ...CATALOG,
  materializations: { 'warehouse/snowflake': { ...CATALOG.materializations['warehouse/snowflake'], snowflake: { syncSchedule } } },
});

describe('planEstuary', () => {
  it('names every entity <tenant>/<env>/<key> and points bindings at catalog names', () => {
    const plan = planEstuary(load(CATALOG).values!, 'staging');
    expect(plan.dataPlane).toBe('ops/dp/public/gcp-us-central1-c2');
    expect(plan.collections).toEqual([{ key: 'pg/orders', name: 'acme/staging/pg/orders', specType: 'collection', spec: { key: ['/id'], schema: { type: 'object' } }, collections: [] }]);
    expect(plan.captures[0]).toEqual({
      key: 'sources/pg', name: 'acme/staging/sources/pg', specType: 'capture', collections: ['pg/orders'],
      spec: {
        endpoint: { connector: { image: 'ghcr.io/estuary/source-postgres:v5', config: { address: 'db:5432', user: 'flow', database: 'app' } } },
        bindings: [{ resource: { namespace: 'public', stream: 'orders' }, target: 'acme/staging/pg/orders' }],
        interval: '5m',
      },
    });
    const [m] = plan.materializations;
    expect(m!.spec).toEqual({
      endpoint: { connector: { image: 'ghcr.io/estuary/materialize-snowflake:v4', config: { timestamp_type: 'TIMESTAMP_LTZ', syncSchedule: CATALOG.materializations['warehouse/snowflake'].snowflake.syncSchedule } } },
      bindings: [{ source: 'acme/staging/pg/orders', resource: { table: 'orders' } }],
    });
    expect(m!.snowflake).toMatchObject({ tag: ':v4', timestampType: 'TIMESTAMP_LTZ' });
  });

  it.each([
    ['a bad name', { ...CATALOG, collections: { 'Pg Orders': CATALOG.collections['pg/orders'], ...CATALOG.collections } }, /estuary:catalog: .*collections\.Pg Orders.*must be a lowercase key/],
    ['a binding to an unknown collection', withCapture({ bindings: [{ resource: { stream: 'x' }, target: 'pg/refunds' }] }), /captures\.sources\/pg\.bindings\.0\.target.*unknown collection "pg\/refunds" \(declared: pg\/orders\)/],
    ['a bad interval', withCapture({ interval: 'five minutes' }), /captures\.sources\/pg\.interval.*must be a duration such as 30s/],
    ['a plaintext password in a config', withCapture({ config: { address: 'db', password: 'hunter2-plain' } }), /\/password looks like a credential: put it in estuary:endpointSecrets\.sources\/pg/],
    ['a fast-sync window without its stop time', withSchedule({ syncFrequency: '15m', timezone: 'UTC', fastSyncStartTime: '08:00' }), /syncSchedule\.fastSyncStopTime.*is required when a fast-sync window is set/],
    ['a window with only days (all-or-nothing)', withSchedule({ fastSyncEnabledDays: 'M-F' }), /syncFrequency.*required[\s\S]*timezone.*required/],
    ['a frequency not in the connector enum', withSchedule({ syncFrequency: '10m' }), /syncFrequency.*must be one of 0s, 30s, 5m, 15m, 30m, 1h, 2h, 4h/],
    ['a bad time zone and clock', withSchedule({ syncFrequency: '15m', timezone: 'Mars/Olympus', fastSyncStartTime: '25:00', fastSyncStopTime: '18:00' }), /timezone.*IANA time zone[\s\S]*fastSyncStartTime.*HH:MM/],
    ['bad days', withSchedule({ syncFrequency: '15m', timezone: 'UTC', fastSyncStartTime: '08:00', fastSyncStopTime: '18:00', fastSyncEnabledDays: 'Mon-Fri' }), /fastSyncEnabledDays.*must list days/],
    ['a snowflake materialization with its own config', { ...CATALOG, materializations: { 'warehouse/snowflake': { ...CATALOG.materializations['warehouse/snowflake'], config: { host: 'x' } } } }, /warehouse\/snowflake\.config.*takes its config from the snowflake stack/],
    ['the same key for two kinds', { ...CATALOG, captures: { 'pg/orders': CATALOG.captures['sources/pg'] } }, /captures\.pg\/orders.*also declared in collections/],
  ])('refuses %s, naming the item', (_what, catalog, message) => {
    const { problems } = load(catalog);
    expect(problems).toMatch(message);
    expect(problems).not.toContain('hunter2-plain');
    expect(problems).not.toContain(TOKEN);
  });

  it('accepts every documented day form and an offset time zone', () => {
    for (const days of ['M-F', 'M,W,F', 'Su-T,Th-S']) expect(load(withSchedule({ syncFrequency: '30m', timezone: '+05:30', fastSyncStartTime: '09:00', fastSyncStopTime: '17:30', fastSyncEnabledDays: days })).problems).toBe('');
  });

  it('refuses a task in another data plane than the stack, naming it', () => {
    const values = load(withCapture({ dataPlane: 'ops/dp/public/aws-eu-west-1-c1' })).values!;
    expect(() => planEstuary(values, 'staging')).toThrow(/estuary:catalog\.captures\.sources\/pg\.dataPlane: "ops\/dp\/public\/aws-eu-west-1-c1" differs from the stack's data plane "ops\/dp\/public\/gcp-us-central1-c2"/);
  });
});
