import { runPolicies } from '@sophia-ai/policy';
import { buildPlan, redact, secretValues, stackConfigFromFile, startMockRuntime, type MockRuntime, type OutputValue } from '@sophia-ai/pulumi-testing';
import type { SynthPlan } from '@sophia-ai/policy';
import { scrubSecrets } from '@sophia-ai/redact';
import { snowflakeStack } from '@sophia-ai/snowflake-contract';
import * as path from 'node:path';
import { grantId, grantMatrix } from './logic/grants';
import { platformFor } from './platform-spec';
import { snowflakeRules } from './rules';
import { parsePlatformSpec } from './logic/spec';
import { SAMPLE_INPUTS } from './test-fixtures';
import { canaryPrivateKey, resourceOutputs, toPlan } from './test-support';

// The whole program (index.ts) with the local sample config, as synth runs it.
let runtime: MockRuntime;
let outputs: Record<string, OutputValue<unknown>>;
const { config } = stackConfigFromFile(path.join(__dirname, '..'), 'local');
const adminKey = config['snowflake:adminPrivateKey']!;

beforeAll(async () => {
  runtime = await startMockRuntime({ project: 'snowflake', stack: 'local', organization: 'sophia-ai', config, resourceOutputs });
  outputs = await runtime.runStack(() => require('../index'));
});

const byName = (name: string) => {
  const r = runtime.resources.find((x) => x.name === name);
  if (!r) throw new Error(`no resource named ${name}`);
  return r;
};
const ofType = (type: string) => runtime.resources.filter((r) => r.type === type);

describe('snowflake program (local sample)', () => {
  it('exports the Estuary connection, typed by the contract', () => {
    const plain = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
    expect(plain).toEqual({
      host: 'sophiasandbox-local-synth.snowflakecomputing.com',
      database: 'RAW',
      schema: 'ESTUARY',
      warehouse: 'LOADING_WH',
      role: 'LOADER',
      user: 'ESTUARY_LOADER',
      private_key: canaryPrivateKey('snowflake-svc-estuary-loader-key-g0'),
      // What the AWS side needs: the ingest role's trust policy (principal + external ID) and the bucket's
      // event notification target.
      ingest_storage_integrations: {
        S3_INGEST: { aws_iam_user_arn: 'arn:aws:iam::123456789012:user/sf-sandbox', aws_external_id: expect.stringMatching(/^SANDBOX_SFCRole=1_/) },
      },
      ingest_notification_channels: { 'RAW.S3_EVENTS.EVENTS_PIPE': expect.stringMatching(/^arn:aws:sqs:/) },
    });
    for (const [key, value] of Object.entries(outputs)) {
      expect({ key, isSecret: value.isSecret }).toEqual({ key, isSecret: key === 'private_key' });
    }
  });

  it('keeps user names readable in the plan synth writes, and only declared secret outputs secret', () => {
    // Exactly what synth writes: the plan, with every secret value scrubbed wherever it appears.
    const plan = JSON.parse(
      scrubSecrets(JSON.stringify(buildPlan({ stack: 'snowflake', project: 'snowflake', env: 'local', resources: runtime.resources, outputs })), secretValues(runtime.resources, outputs)),
    ) as SynthPlan;
    expect(plan.outputs.user).toBe('ESTUARY_LOADER');
    const declaredSecret = Object.entries(snowflakeStack.outputs).filter(([, o]) => 'secret' in o && o.secret).map(([k]) => k);
    expect(plan.secretOutputNames).toEqual(declaredSecret);
    // No output a consumer reads as plain text is a marker.
    for (const [key, value] of Object.entries(plan.outputs)) {
      if (!plan.secretOutputNames.includes(key)) expect({ key, value: JSON.stringify(value) }).not.toMatchObject({ value: expect.stringContaining('[secret]') });
    }
    // A reviewer sees who gets which role.
    const userGrants = plan.resources.filter((r) => r.type === 'snowflake:index/grantAccountRole:GrantAccountRole' && r.inputs.userName);
    expect(userGrants.map((r) => `${r.inputs.userName} → ${r.inputs.roleName}`)).toEqual(expect.arrayContaining(['ESTUARY_LOADER → LOADER']));
    expect(userGrants.every((r) => r.inputs.userName !== '[secret]')).toBe(true);
  });

  it('never puts a private key in plain inputs', () => {
    const plainText = JSON.stringify(runtime.resources.map((r) => redact(r.inputs)));
    for (const key of ofType('tls:index/privateKey:PrivateKey')) {
      expect(plainText).not.toContain(canaryPrivateKey(key.name).split('\n')[1]);
    }
    // The deployment key from config reaches the provider, as a secret only.
    expect(plainText).not.toContain(adminKey.split('\n')[1]);
    const provider = ofType('pulumi:providers:snowflake')[0]!;
    expect(redact(provider.inputs)).toMatchObject({
      privateKey: '[secret]',
      authenticator: 'SNOWFLAKE_JWT',
      organizationName: 'SOPHIASANDBOX',
      accountName: 'LOCAL_SYNTH',
    });
  });

  it('declares one provider resource per grant of the matrix, under the right component', () => {
    const spec = parsePlatformSpec(platformFor('local', SAMPLE_INPUTS));
    const platformUrn = byName('snowflake').urn;
    for (const grant of grantMatrix(spec)) {
      const id = grantId(grant);
      const owner =
        grant.kind === 'role-to-role'
          ? 'snowflake-roles'
          : grant.kind === 'privileges'
            ? 'snowflake-grants'
            : `snowflake-${spec.users.find((u) => u.name === grant.user)!.kind === 'service' ? 'svc' : 'person'}-${grant.user.toLowerCase().replace(/_/g, '-')}`;
      const name = grant.kind === 'role-to-user' ? `${owner}-role-${grant.role.toLowerCase()}` : `${owner}-${id}`;
      const resource = byName(name);
      expect(resource.parent).toBe(byName(owner).urn);
      expect(byName(owner).parent).toBe(platformUrn);
    }
    expect(ofType('snowflake:index/grantPrivilegesToAccountRole:GrantPrivilegesToAccountRole')).toHaveLength(
      grantMatrix(spec).filter((g) => g.kind === 'privileges').length,
    );
    expect(ofType('snowflake:index/grantAccountRole:GrantAccountRole')).toHaveLength(
      grantMatrix(spec).filter((g) => g.kind !== 'privileges').length,
    );
  });

  it('parents every resource under a component whose name prefixes its own', () => {
    const byUrn = new Map(runtime.resources.map((r) => [r.urn, r]));
    for (const r of runtime.resources) {
      if (r.type === 'pulumi:pulumi:Stack' || r.type === 'pulumi:providers:snowflake' || r.name === 'snowflake') continue;
      const parent = byUrn.get(r.parent ?? '');
      expect({ name: r.name, parentIsComponent: parent?.custom === false }).toEqual({ name: r.name, parentIsComponent: true });
      expect(r.name.startsWith(`${parent!.name}-`)).toBe(true);
    }
  });

  it('gives every snowflake resource the explicit provider', () => {
    for (const r of runtime.resources.filter((x) => x.type.startsWith('snowflake:index/'))) {
      const provider = ofType('pulumi:providers:snowflake')[0]!;
      expect({ name: r.name, provider: r.provider }).toEqual({ name: r.name, provider: `${provider.urn}::${provider.name}-id` });
    }
  });

  it('wires warehouses to their monitors and grants to their objects', () => {
    const wh = byName('snowflake-wh-loading-wh-warehouse');
    const monitor = byName('snowflake-wh-loading-wh-monitor');
    expect(wh.inputs).toMatchObject({ name: 'LOADING_WH', resourceMonitor: 'LOADING_WH_MONITOR', autoSuspend: 60, autoResume: 'true', warehouseSize: 'XSMALL' });
    expect(wh.dependencies).toContain(monitor.urn);
    expect(monitor.inputs).toMatchObject({ creditQuota: 10, notifyTriggers: [75, 90], suspendTrigger: 100, suspendImmediateTrigger: 110, notifyUsers: ['DATA_ONCALL'] });
    expect(monitor.dependencies).toContain(byName('snowflake-person-data-oncall-user').urn);
    const future = byName('snowflake-grants-loader-future-tables-in-raw-estuary');
    expect(future.dependencies).toEqual(
      expect.arrayContaining([byName('snowflake-roles-loader').urn, byName('snowflake-db-raw-schema-estuary').urn]),
    );
  });

  it('gives service users key pairs, a public key in slot 1 and no password', () => {
    const user = byName('snowflake-svc-estuary-loader-user');
    expect(user.type).toBe('snowflake:index/serviceUser:ServiceUser');
    expect(user.inputs).toMatchObject({ name: 'ESTUARY_LOADER', defaultRole: 'LOADER', rsaPublicKey: 'PUBLICsnowflakesvcestuaryloaderkeyg0' });
    expect(user.inputs.rsaPublicKey2).toBeUndefined();
    expect(user.inputs.password).toBeUndefined();
    expect(byName('snowflake-svc-estuary-loader-key-g0').inputs).toMatchObject({ algorithm: 'RSA', rsaBits: 2048 });
  });

  it('builds the S3 ingestion chain with auto-ingest', () => {
    expect(byName('snowflake-ingest-integration-s3-ingest').inputs).toMatchObject({
      storageProvider: 'S3',
      storageAllowedLocations: ['s3://sophia-ai-sandbox-ingest/raw/'],
    });
    expect(byName('snowflake-ingest-stage-raw-s3-events-events-stage').inputs).toMatchObject({
      url: 's3://sophia-ai-sandbox-ingest/raw/events/',
      storageIntegration: 'S3_INGEST',
      fileFormat: 'FORMAT_NAME = "RAW"."S3_EVENTS"."JSON_EVENTS"',
    });
    const pipe = byName('snowflake-ingest-pipe-raw-s3-events-events-pipe');
    expect(pipe.inputs).toMatchObject({ autoIngest: true, database: 'RAW', schema: 'S3_EVENTS' });
    expect(pipe.dependencies).toEqual(
      expect.arrayContaining([
        byName('snowflake-ingest-table-raw-s3-events-events').urn,
        byName('snowflake-ingest-stage-raw-s3-events-events-stage').urn,
      ]),
    );
  });

  it('passes every policy rule', () => {
    expect(runPolicies(toPlan(runtime.resources), snowflakeRules)).toEqual([]);
  });

  it('has the expected number of resources', () => {
    const counts: Record<string, number> = {};
    for (const r of runtime.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
    expect(counts).toMatchObject({
      'snowflake:index/warehouse:Warehouse': 2,
      'snowflake:index/resourceMonitor:ResourceMonitor': 2,
      'snowflake:index/database:Database': 2,
      'snowflake:index/schema:Schema': 4,
      'snowflake:index/accountRole:AccountRole': 3,
      'snowflake:index/serviceUser:ServiceUser': 2,
      'snowflake:index/user:User': 1,
      'tls:index/privateKey:PrivateKey': 2,
      'snowflake:index/pipe:Pipe': 1,
    });
    // Printed for the record (the report quotes it); asserted loosely so adding a grant does not break it.
    expect(runtime.resources.length).toBeGreaterThan(80);
  });
});
