import { Struct } from 'google-protobuf/google/protobuf/struct_pb';
import type { ReportViolation, StackValidationArgs } from '@pulumi/policy';
import * as pulumi from '@pulumi/pulumi';
import * as rpc from '@pulumi/pulumi/runtime/rpc';
import { buildPlan } from '@sophia-ai/pulumi-testing/src/plan';
import type { RecordedResource } from '@sophia-ai/pulumi-testing/src/recorder';
import { runPolicies, type Violation } from '@sophia-ai/policy';
import { planFromResources, type AnalyzedResource } from './adapter';
import { ENFORCEMENT, policiesFor } from './policies';
import { loadRuleSets, type RuleSet } from './rule-sets';
import { decodePropertiesAsPlans, planInputs } from './wire';

const WORKSPACE = `${__dirname}/../../..`;
const CANARY = 'canary-portkey-key-5d1e9b7a';
const secret = (value: unknown) => ({ [rpc.specialSigKey]: rpc.specialSecretSig, value });

const urn = (type: string, name: string, stack = 'production', project = 'portkey') =>
  type === 'pulumi:pulumi:Stack' ? `urn:pulumi:${stack}::${project}::${type}::${name}` : `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack$${type}::${name}`;

/** A portkey production run as synth records it (inputs decoded, secrets still wrapped, unknowns as the SDK's). */
function portkeyRun(): RecordedResource[] {
  const root = urn('pulumi:pulumi:Stack', 'portkey-production');
  const workspace = urn('pulumi-nodejs:dynamic/portkey:Workspace', 'portkey-workspace-research');
  const r = (type: string, name: string, inputs: Record<string, unknown>, dependencies: string[] = []): RecordedResource => ({
    urn: urn(type, name), type, name, parent: root, dependencies, propertyDependencies: {}, inputs, custom: true, operation: 'register',
  });
  return [
    { urn: root, type: 'pulumi:pulumi:Stack', name: 'portkey-production', dependencies: [], propertyDependencies: {}, inputs: {}, custom: false, operation: 'register' },
    r('pulumi-nodejs:dynamic/portkey:Workspace', 'portkey-workspace-research', { __provider: 'exports.handler = …', name: 'sophia-ai-production-research' }),
    r('pulumi-nodejs:dynamic/portkey:Integration', 'portkey-integration-openai', { __provider: 'exports.handler = …', slug: 'openai', key: secret(CANARY) }),
    // breaks portkey-production-provider-budgets: no usage limit
    r('pulumi-nodejs:dynamic/portkey:Provider', 'portkey-provider-research-openai', { __provider: 'x', slug: 'research-openai', workspaceId: pulumi.unknown }, [workspace]),
    // breaks it too: alerts at its limit
    r('pulumi-nodejs:dynamic/portkey:Provider', 'portkey-provider-research-anthropic', { __provider: 'x', slug: 'research-anthropic', usageLimit: { creditLimit: 100, alertThreshold: 100 } }, [workspace]),
    // breaks portkey-provider-in-workspace
    r('pulumi-nodejs:dynamic/portkey:Provider', 'portkey-provider-stray', { __provider: 'x', slug: 'stray', usageLimit: { creditLimit: 100, alertThreshold: 80 } }),
    // a hand-written Snowflake warehouse in this stack: snowflake's rule applies to the type wherever it is
    r('snowflake:index/warehouse:Warehouse', 'adhoc', { name: 'ADHOC', autoSuspend: 0 }),
  ];
}

/** The same run as the engine hands it to the pack: properties over the wire (unknowns as the wire sentinel). */
function analyzed(run: readonly RecordedResource[]): AnalyzedResource[] {
  const wire = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x) => (pulumi.isUnknown(x) ? rpc.unknownValue : x)));
  return run.map((r) => ({
    type: r.type,
    urn: r.urn,
    name: r.name,
    props: planInputs(Struct.fromJavaScript(wire(r.inputs) as never)),
    ...(r.parent ? { parent: { urn: r.parent } } : {}),
    dependencies: r.dependencies.map((d) => ({ urn: d })),
    ...(r.custom ? { provider: { urn: 'urn:pulumi:production::portkey::pulumi:providers:pulumi-nodejs::default', name: 'default' } } : {}),
  }));
}

/** What the engine would report: every policy of the pack run on the stack, as (rule, urn, message). */
function packVerdicts(sets: readonly RuleSet[], resources: AnalyzedResource[]): Violation[] {
  const found: Violation[] = [];
  for (const policy of policiesFor(sets)) {
    const severity = policy.enforcementLevel === ENFORCEMENT.error ? 'error' : 'warning';
    const report: ReportViolation = (message, urn) => found.push({ ruleId: policy.name, severity, ...(urn ? { urn } : {}), message });
    void policy.validateStack({ resources } as unknown as StackValidationArgs, report);
  }
  return found;
}

const sortVerdicts = (vs: Violation[]) => [...vs].sort((a, b) => `${a.ruleId}${a.urn}${a.message}`.localeCompare(`${b.ruleId}${b.urn}${b.message}`));

describe('the policy pack feeds the synth rules the plan synth would build', () => {
  const sets = loadRuleSets(WORKSPACE);
  const run = portkeyRun();
  const synthPlan = buildPlan({ stack: 'portkey', project: 'portkey', env: 'production', resources: run });

  it('loads every stack that has a policy.ts, each rule once', () => {
    expect(sets.map((s) => s.project)).toEqual(['esc', 'estuary', 'github', 'lambda-labs', 'portkey', 'snowflake']);
    expect(policiesFor(sets).map((p) => p.name)).toContain('portkey-production-provider-budgets');
  });

  it('the engine-side plan equals the synth plan (secrets "[secret]", unknowns "[unknown]", no provider blob)', () => {
    const plan = planFromResources(analyzed(run));
    expect(plan.resources).toEqual(synthPlan.resources);
    expect({ stack: plan.stack, project: plan.project, env: plan.env }).toEqual({ stack: 'portkey', project: 'portkey', env: 'production' });
    const text = JSON.stringify(plan);
    expect(text).not.toContain(CANARY);
    expect(text).toContain('"key":"[secret]"');
    expect(text).toContain('"workspaceId":"[unknown]"');
  });

  it("same violations as synth: the stack's own rules and, by type, another stack's", () => {
    const synthVerdicts = [
      ...runPolicies(synthPlan, sets.find((s) => s.project === 'portkey')!.rules),
      ...runPolicies(synthPlan, sets.find((s) => s.project === 'snowflake')!.rules).filter((v) => v.urn),
    ];
    const verdicts = packVerdicts(sets, analyzed(run));
    expect(sortVerdicts(verdicts)).toEqual(sortVerdicts(synthVerdicts));
    expect(verdicts.map((v) => v.ruleId).sort()).toEqual([
      'portkey-production-provider-budgets', 'portkey-production-provider-budgets', 'portkey-provider-in-workspace',
      'snowflake-warehouse-auto-suspend-and-monitor', 'snowflake-warehouse-auto-suspend-and-monitor',
    ]);
    expect(JSON.stringify(verdicts)).not.toContain(CANARY);
  });

  it('a compliant stack gets no violation, and the same plan in another environment skips the production-only rules', () => {
    const compliant = run.filter((r) => !/stray|anthropic|adhoc|research-openai/.test(r.name));
    expect(packVerdicts(sets, analyzed(compliant))).toEqual([]);
    const dev = run.map((r) => ({ ...r, urn: r.urn.replace('urn:pulumi:production::', 'urn:pulumi:dev::'), parent: r.parent?.replace('urn:pulumi:production::', 'urn:pulumi:dev::') }));
    expect(packVerdicts(sets, analyzed(dev)).map((v) => v.ruleId)).not.toContain('portkey-production-provider-budgets');
  });

  it("a finding about a stack's own settings (no resource named) counts on that stack only", () => {
    const own: RuleSet = { project: 'github', file: 'stacks/github/policy.ts', rules: [{ id: 'settings', description: 'd', severity: 'error', check: () => [{ message: 'declared URL is http' }] }] };
    expect(packVerdicts([own], analyzed(run))).toEqual([]);
    const githubRun = run.map((r) => ({ ...r, urn: r.urn.replace('::portkey::', '::github::') }));
    expect(packVerdicts([own], analyzed(githubRun))).toEqual([{ ruleId: 'settings', severity: 'error', message: 'declared URL is http' }]);
  });

  it('refuses two stacks declaring the same rule id', () => {
    const rule = sets[0]!.rules[0]!;
    expect(() => policiesFor([sets[0]!, { project: 'copy', file: 'stacks/copy/policy.ts', rules: [rule] }])).toThrow(`policy rule id "${rule.id}" is declared by stacks/esc/policy.ts and stacks/copy/policy.ts`);
  });

  it('enforcement follows severity: error is mandatory, warning advisory', () => {
    const levels = policiesFor([{ project: 'p', file: 'f', rules: [
      { id: 'a', description: 'd', severity: 'error', check: () => [] },
      { id: 'b', description: 'd', severity: 'warning', check: () => [] },
    ] }]).map((p) => [p.name, p.enforcementLevel]);
    expect(levels).toEqual([['a', 'mandatory'], ['b', 'advisory']]);
  });
});

describe('decodePropertiesAsPlans (the one @pulumi/policy internal the pack replaces)', () => {
  const lib = require('@pulumi/policy/deserialize') as { deserializeProperties(s: Struct, proxySecrets: boolean): Record<string, unknown> };
  const struct = () => Struct.fromJavaScript({ token: secret(CANARY), nested: { id: rpc.unknownValue, n: 1 } } as never);

  it('the library alone hands stack policies the plaintext secret (why the pack replaces it)', () => {
    expect(JSON.stringify(lib.deserializeProperties(struct(), false))).toContain(CANARY);
  });

  it('after it, stack policies see "[secret]" and "[unknown]"', () => {
    decodePropertiesAsPlans();
    expect(lib.deserializeProperties(struct(), false)).toEqual({ nested: { id: '[unknown]', n: 1 }, token: '[secret]' });
  });
});
