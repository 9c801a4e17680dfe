import { runPolicies, type PlanResource, type SynthPlan } from '@sophia-ai/policy';
import { estuaryRules, T } from './rules';

// Plans as synth hands them to the rules (inputs redacted): one resource per case, each rule given a failing case.
const SNOWFLAKE = 'ghcr.io/estuary/materialize-snowflake:v4';
const capture = (spec: Record<string, unknown>): PlanResource => ({
  urn: 'urn:pulumi:production::estuary::sophia:estuary:Platform$pulumi-nodejs:dynamic/estuary:Capture::estuary-capture-pg', type: T.capture, name: 'estuary-capture-pg',
  dependencies: [], custom: true, inputs: { catalogName: 'acme/production/pg', endpointSecrets: '[secret]', spec: { endpoint: { connector: { image: 'ghcr.io/estuary/source-postgres:v5', config: { address: 'db' } } }, bindings: [], ...spec } },
});
const materialization = (config: Record<string, unknown>, endpointSecrets: unknown = '[secret]'): PlanResource => ({
  urn: 'urn:pulumi:production::estuary::sophia:estuary:Platform$pulumi-nodejs:dynamic/estuary:Materialization::estuary-materialization-sf', type: T.materialization, name: 'estuary-materialization-sf',
  dependencies: [], custom: true, inputs: { catalogName: 'acme/production/sf', ...(endpointSecrets === null ? {} : { endpointSecrets }), spec: { endpoint: { connector: { image: SNOWFLAKE, config } }, bindings: [] } },
});
const plan = (env: string, ...resources: PlanResource[]): SynthPlan => ({ stack: 'estuary', project: 'estuary', env, resources, outputs: {}, secretOutputNames: [], violations: [] });
const messages = (p: SynthPlan) => runPolicies(p, estuaryRules).map((v) => `${v.ruleId}: ${v.message}`);
const JWT = { host: 'a.snowflakecomputing.com', credentials: { auth_type: 'jwt', user: 'LOADER' } };

test('the sample shape passes every rule', () => {
  expect(messages(plan('production', capture({ interval: '5m' }), materialization(JWT)))).toEqual([]);
});

test('production captures state an interval; other environments may rely on the default', () => {
  expect(messages(plan('production', capture({})))).toEqual(['estuary-production-capture-interval: capture acme/production/pg has no interval (set estuary:catalog.captures.<key>.interval, e.g. 5m)']);
  expect(messages(plan('staging', capture({})))).toEqual([]);
});

test.each([
  ['password auth', { ...JWT, credentials: { auth_type: 'user_password', user: 'LOADER' } }, '[secret]'],
  ['no credentials', { host: 'a.snowflakecomputing.com' }, '[secret]'],
  ['a key not passed as a secret endpoint field', JWT, null],
])('a Snowflake materialization with %s is refused', (_what, config, secrets) => {
  expect(messages(plan('staging', materialization(config, secrets)))).toEqual([expect.stringMatching(/^estuary-snowflake-key-pair-auth: materialization acme\/production\/sf into Snowflake does not use key-pair auth/)]);
});

test('a plaintext credential in any endpoint config is refused, naming the field', () => {
  const leaked = materialization({ ...JWT, credentials: { auth_type: 'jwt', user: 'LOADER', private_key: 'plain-key-text' } });
  expect(messages(plan('staging', leaked))).toEqual(expect.arrayContaining([expect.stringMatching(/^estuary-no-plaintext-endpoint-secret: acme\/production\/sf: endpoint config \/credentials\/private_key holds a plaintext credential/)]));
  const pg = capture({ interval: '5m', endpoint: { connector: { image: 'ghcr.io/estuary/source-postgres:v5', config: { address: 'db', password: 'plain-pw' } } } });
  expect(messages(plan('production', pg))).toEqual([expect.stringMatching(/acme\/production\/pg: endpoint config \/password holds a plaintext credential/)]);
  expect(messages(plan('production', pg)).join()).not.toContain('plain-pw');
});
