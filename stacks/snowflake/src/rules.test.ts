import { runPolicies, type SynthPlan } from '@sophia-ai/policy';
import { outputValue, startMockRuntime, type MockRuntime } from '@sophia-ai/pulumi-testing';
import { parsePlatformSpec, type PlatformSpecInput } from './logic/spec';
import { sampleSpec } from './test-fixtures';
import { canaryPrivateKey, canaryPublicKeyBody, resourceOutputs, toPlan } from './test-support';

// Components under mocks, then the policy rules on what they registered. Each rule gets a failing case.
let runtime: MockRuntime;
let components: typeof import('./components/platform');
let users: typeof import('./components/users');
let rules: typeof import('./rules');

beforeAll(async () => {
  runtime = await startMockRuntime({ project: 'snowflake', stack: 'dev', organization: 'sophia-ai', resourceOutputs });
  components = await import('./components/platform');
  users = await import('./components/users');
  rules = await import('./rules');
});

/** Synthesizes a platform under its own name and returns the plan of just its resources. */
async function synth(name: string, input: PlatformSpecInput): Promise<SynthPlan> {
  const platform = new components.SnowflakePlatform(name, { spec: parsePlatformSpec(input), notifyUsers: [] });
  await runtime.settle();
  const urn = await outputValue(platform.urn);
  const mine = new Set<string>([urn.value as string]);
  // Descendants of the platform component.
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of runtime.resources) {
      if (r.parent && mine.has(r.parent) && !mine.has(r.urn)) {
        mine.add(r.urn);
        grew = true;
      }
    }
  }
  return toPlan(runtime.resources.filter((r) => mine.has(r.urn)));
}

const ids = (plan: SynthPlan) => runPolicies(plan, rules.snowflakeRules).map((v) => `${v.ruleId}: ${v.message}`);

describe('policy rules', () => {
  it('pass on the sample platform', async () => {
    expect(ids(await synth('ok', sampleSpec()))).toEqual([]);
  });

  it('fail when a service user is granted ACCOUNTADMIN or SECURITYADMIN', async () => {
    const spec = sampleSpec();
    spec.users![0]!.roles = ['LOADER', 'ACCOUNTADMIN'];
    spec.users![1]!.roles = ['SECURITYADMIN', 'TRANSFORMER'];
    expect(ids(await synth('admins', spec))).toEqual([
      'snowflake-no-admin-roles-for-service-users: service user DBT_TRANSFORMER defaults to SECURITYADMIN',
      'snowflake-no-admin-roles-for-service-users: SECURITYADMIN is granted to service user DBT_TRANSFORMER',
      'snowflake-no-admin-roles-for-service-users: ACCOUNTADMIN is granted to service user ESTUARY_LOADER',
    ]);
  });

  it('allow a person to hold SYSADMIN (the rule is about service users)', async () => {
    const spec = sampleSpec();
    spec.users![2]!.roles = ['REPORTER', 'SYSADMIN'];
    expect(ids(await synth('person-admin', spec))).toEqual([]);
  });

  describe('on altered plans', () => {
    let base: SynthPlan;
    beforeAll(async () => {
      base = await synth('base', sampleSpec());
    });
    const alter = (fn: (plan: SynthPlan) => void) => {
      const plan = structuredClone(base);
      fn(plan);
      return ids(plan);
    };

    it('fail for a warehouse without auto-suspend or without a monitor', () => {
      expect(
        alter((plan) => {
          const [a, b] = plan.resources.filter((r) => r.type === rules.T.warehouse);
          delete a!.inputs.autoSuspend;
          delete b!.inputs.resourceMonitor;
        }),
      ).toEqual([
        'snowflake-warehouse-auto-suspend-and-monitor: warehouse ANALYTICS_WH has no auto-suspend (autoSuspend must be > 0 seconds)',
        'snowflake-warehouse-auto-suspend-and-monitor: warehouse LOADING_WH has no resource monitor',
      ]);
    });

    it('fail for a monitor the stack does not declare or one without a quota', () => {
      expect(
        alter((plan) => {
          plan.resources.find((r) => r.type === rules.T.warehouse && r.inputs.name === 'LOADING_WH')!.inputs.resourceMonitor = 'SOMEONE_ELSES';
          delete plan.resources.find((r) => r.inputs.name === 'ANALYTICS_WH_MONITOR')!.inputs.creditQuota;
        }),
      ).toEqual([
        'snowflake-warehouse-auto-suspend-and-monitor: resource monitor ANALYTICS_WH_MONITOR of warehouse ANALYTICS_WH has no credit quota',
        'snowflake-warehouse-auto-suspend-and-monitor: warehouse LOADING_WH uses resource monitor SOMEONE_ELSES, which this stack does not declare',
      ]);
    });

    it('fail for a service user with a password or without a public key', () => {
      expect(
        alter((plan) => {
          const [a, b] = plan.resources.filter((r) => r.type === rules.T.serviceUser);
          a!.inputs.password = '[secret]';
          delete b!.inputs.rsaPublicKey;
          b!.dependencies = b!.dependencies.filter((d) => !d.includes('tls:index/privateKey'));
        }),
      ).toEqual([
        'snowflake-service-users-key-pair-only: service user DBT_TRANSFORMER has a password',
        'snowflake-service-users-key-pair-only: service user ESTUARY_LOADER has no RSA public key (key-pair auth)',
      ]);
    });

    it('count a legacy service user as a service user', () => {
      expect(
        alter((plan) => {
          plan.resources.push({
            urn: 'urn:legacy',
            type: rules.T.legacyServiceUser,
            name: 'legacy',
            dependencies: [],
            inputs: { name: 'OLD_ETL', password: '[secret]', defaultRole: 'ACCOUNTADMIN' },
            custom: true,
          });
        }),
      ).toEqual([
        'snowflake-no-admin-roles-for-service-users: service user OLD_ETL defaults to ACCOUNTADMIN',
        'snowflake-service-users-key-pair-only: service user OLD_ETL has a password',
        'snowflake-service-users-key-pair-only: service user OLD_ETL has no RSA public key (key-pair auth)',
      ]);
    });

    it('fail when an ALL grant has no FUTURE grant, or a narrower one', () => {
      expect(
        alter((plan) => {
          plan.resources = plan.resources.filter((r) => !r.name.endsWith('-grants-loader-future-tables-in-raw-estuary'));
          const f = plan.resources.find((r) => r.name.endsWith('-grants-transformer-future-tables-in-analytics-marts'))!;
          f.inputs.privileges = ['SELECT'];
        }),
      ).toEqual([
        'snowflake-future-grants-match-all-grants: LOADER has DELETE, INSERT, SELECT, TRUNCATE, UPDATE on all TABLES in schema RAW.ESTUARY but no future grant',
        "snowflake-future-grants-match-all-grants: TRANSFORMER's future grant on TABLES in schema ANALYTICS.MARTS lacks DELETE, INSERT, TRUNCATE, UPDATE",
      ]);
    });
  });
});

describe('KeyPairServiceUser rotation', () => {
  const slotsOf = async (rotation: number) => {
    const name = `rot${rotation}`;
    const spec = parsePlatformSpec(sampleSpec()).users.find((u) => u.kind === 'service')!;
    const user = new users.KeyPairServiceUser(name, {
      spec: { ...(spec as Extract<typeof spec, { kind: 'service' }>), keyRotation: rotation },
      roleResources: {},
    });
    await runtime.settle();
    const recorded = runtime.resources.find((r) => r.name === `${name}-user`)!;
    const keys = runtime.resources.filter((r) => r.parent === (runtime.resources.find((x) => x.name === name)!.urn) && r.type === 'tls:index/privateKey:PrivateKey');
    return { user, recorded, keys: keys.map((k) => k.name).sort(), privateKey: await outputValue(user.privateKeyPem) };
  };

  it('rotation 0: one key, in RSA_PUBLIC_KEY, exported', async () => {
    const r = await slotsOf(0);
    expect(r.keys).toEqual(['rot0-key-g0']);
    expect(r.recorded.inputs.rsaPublicKey).toBe(canaryPublicKeyBody('rot0-key-g0'));
    expect(r.recorded.inputs.rsaPublicKey2).toBeUndefined();
    expect(r.privateKey).toEqual({ value: canaryPrivateKey('rot0-key-g0'), isSecret: true, isKnown: true });
  });

  it('rotation 3: generations 2 (slot 1) and 3 (slot 2); the new key 3 is exported', async () => {
    const r = await slotsOf(3);
    expect(r.keys).toEqual(['rot3-key-g2', 'rot3-key-g3']);
    expect(r.recorded.inputs.rsaPublicKey).toBe(canaryPublicKeyBody('rot3-key-g2'));
    expect(r.recorded.inputs.rsaPublicKey2).toBe(canaryPublicKeyBody('rot3-key-g3'));
    expect(r.privateKey).toEqual({ value: canaryPrivateKey('rot3-key-g3'), isSecret: true, isKnown: true });
    expect(JSON.stringify(r.recorded.inputs)).not.toContain('CANARYPRIVATE');
  });
});
