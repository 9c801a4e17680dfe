import * as pulumi from '@pulumi/pulumi';
import { runPolicies, type SynthPlan } from '@sophia-ai/policy';
import { buildPlan, outputValue, startMockRuntime, type MockRuntime } from '@sophia-ai/pulumi-testing';
import type { PortkeyPlan } from './plan';

// The component under mocks, then the policy rules on what it registered. Each rule gets a failing case.
let runtime: MockRuntime;
let components: typeof import('./components/platform');
let resources: typeof import('./providers/resources');
let rules: typeof import('./rules');
jest.setTimeout(60_000);

beforeAll(async () => {
  runtime = await startMockRuntime({
    project: 'portkey',
    stack: 'production',
    resourceOutputs: (args) => (args.type.endsWith('portkey:Workspace') ? { workspaceId: `uuid-${args.name}`, slug: `ws-${args.name}` } : undefined),
  });
  components = await import('./components/platform');
  resources = await import('./providers/resources');
  rules = await import('./rules');
});

const BUDGET = { type: 'cost' as const, creditLimit: 100, alertThreshold: 80, periodicReset: 'monthly' as const };
const plan = (over: { usageLimit?: PortkeyPlan['providers'][number]['usageLimit']; retry?: boolean } = {}): PortkeyPlan => ({
  workspaces: [{ key: 'production', name: 'p-production' }],
  members: [],
  integrations: [{ key: 'openai', slug: 'p-openai', name: 'p-openai', aiProvider: 'openai' }],
  access: [],
  providers: [{ key: 'prod-openai', slug: 'p-prod-openai', name: 'p-prod-openai', workspace: 'production', integration: 'openai', usageLimit: 'usageLimit' in over ? over.usageLimit : BUDGET }],
  configs: [{ key: 'fallback', name: 'p-fallback', workspace: 'production', targets: ['prod-openai'], config: { strategy: { mode: 'fallback' }, targets: [{ provider: '@p-prod-openai' }], ...(over.retry === false ? {} : { retry: { attempts: 3 } }) } }],
  serviceKeys: [],
  usageLimitPolicies: [],
  rateLimitPolicies: [],
});

/** The plan of everything registered under the component named `name` (and any extra resources), in `env`. */
async function synth(name: string, p: PortkeyPlan, env = 'production', extra: (parent: pulumi.Resource) => void = () => undefined): Promise<SynthPlan> {
  const platform = new components.PortkeyPlatform(name, { plan: p, apiKey: pulumi.secret('canary_policy_Xk4Rz8Wq2Lm6'), apiUrl: 'https://api.portkey.invalid' });
  extra(platform);
  await runtime.settle();
  const urn = (await outputValue(platform.urn)).value as string;
  return buildPlan({ stack: 'portkey', project: 'portkey', env, resources: runtime.resources.filter((r) => r.urn === urn || r.parent === urn) });
}
const violations = (p: SynthPlan) => runPolicies(p, rules.portkeyRules).map((v) => `${v.ruleId}: ${v.message}`);

test('the sample production gateway passes every rule', async () => {
  expect(violations(await synth('ok', plan()))).toEqual([]);
});

test.each<[string, Parameters<typeof plan>[0], RegExp]>([
  ['no usage limit', { usageLimit: undefined }, /^portkey-production-provider-budgets: provider p-prod-openai has no usage limit/],
  ['a limit without an alert', { usageLimit: { type: 'cost', creditLimit: 100 } }, /without an alert threshold/],
  ['an alert not below the limit', { usageLimit: { type: 'cost', creditLimit: 100, alertThreshold: 100 } }, /alerts at 100, not below its limit 100/],
  ['a config without retries', { retry: false }, /^portkey-production-config-retries: gateway config p-fallback has no retries/],
])('production refuses %s', async (_what, over, message) => {
  const found = violations(await synth(`bad-${_what.replace(/\W+/g, '-')}`, plan(over)));
  expect(found).toEqual([expect.stringMatching(message)]);
});

test('outside production, budgets and retries are not required', async () => {
  expect(violations(await synth('dev', plan({ usageLimit: undefined, retry: false }), 'dev'))).toEqual([]);
});

test('a provider whose workspace is not one of the stack is refused', async () => {
  const p = await synth('orphan', { ...plan(), providers: [], configs: [] }, 'dev', (parent) => {
    new resources.PortkeyProvider('orphan-provider', { apiKey: pulumi.secret('canary_policy_Xk4Rz8Wq2Lm6'), apiUrl: 'x', slug: 'stray', name: 'stray', workspaceId: 'someone-elses-uuid', integration: 'p-openai' }, { parent });
  });
  expect(violations(p)).toEqual(['portkey-provider-in-workspace: provider stray is in no workspace of this stack (workspaceId must come from a PortkeyWorkspace)']);
});
