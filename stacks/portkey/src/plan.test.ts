import { validateConfig, type PlainValues } from '@sophia-ai/config';
import { portkeyConfig } from '@sophia-ai/portkey-config';
import { planPortkey } from './plan';

const KEY = 'canary_portkey_Q7vT2mXc9LpR4wZs';
const GATEWAY = {
  workspaces: { research: { description: 'Experiments', metadata: { team: 'ml' } }, production: {} },
  integrations: { openai: { aiProvider: 'openai' }, anthropic: { aiProvider: 'anthropic' } },
  providers: {
    'prod-openai': { workspace: 'production', integration: 'openai', usageLimit: { creditLimit: 500, alertThreshold: 400, periodicReset: 'monthly' }, rateLimits: [{ unit: 'rpm', value: 600 }] },
    'prod-anthropic': { workspace: 'production', integration: 'anthropic' },
  },
  configs: { fallback: { workspace: 'production', targets: ['prod-openai', 'prod-anthropic'], retry: { attempts: 3, onStatusCodes: [429, 503] } } },
};

/** Validates `gateway` as the stack's loader would (raw config strings), returning the values or the problem text. */
function load(gateway: unknown, extra: Record<string, string> = {}): { values?: PlainValues<typeof portkeyConfig>; problems: string } {
  const raw: Record<string, string> = { 'portkey:apiKey': KEY, 'portkey:gateway': JSON.stringify(gateway), ...extra };
  const result = validateConfig(portkeyConfig, (k) => raw[k], 'staging');
  return result.ok ? { values: result.values, problems: '' } : { problems: result.problems.map((p) => `${p.configKey}: ${p.message}`).join('\n') };
}

describe('planPortkey', () => {
  it('names and slugs every object <prefix>-<env>-<key>, and routes configs to provider slugs', () => {
    const plan = planPortkey(load(GATEWAY).values!, 'staging');
    expect(plan.workspaces).toEqual([
      { key: 'research', name: 'sophia-ai-staging-research', description: 'Experiments', metadata: { team: 'ml' } },
      { key: 'production', name: 'sophia-ai-staging-production' },
    ]);
    expect(plan.integrations.map((i) => [i.slug, i.aiProvider])).toEqual([['sophia-ai-staging-openai', 'openai'], ['sophia-ai-staging-anthropic', 'anthropic']]);
    expect(plan.providers[0]).toEqual({
      key: 'prod-openai', slug: 'sophia-ai-staging-prod-openai', name: 'sophia-ai-staging-prod-openai', workspace: 'production', integration: 'openai',
      usageLimit: { type: 'cost', creditLimit: 500, alertThreshold: 400, periodicReset: 'monthly' }, rateLimits: [{ type: 'requests', unit: 'rpm', value: 600 }],
    });
    expect(plan.serviceKeys).toEqual([]);
    expect(plan.access).toEqual([]);
    expect(plan.members).toEqual([]);
    expect(plan.configs).toEqual([{
      key: 'fallback', name: 'sophia-ai-staging-fallback', workspace: 'production', targets: ['prod-openai', 'prod-anthropic'],
      config: { strategy: { mode: 'fallback' }, targets: [{ provider: '@sophia-ai-staging-prod-openai' }, { provider: '@sophia-ai-staging-prod-anthropic' }], retry: { attempts: 3, on_status_codes: [429, 503] } },
    }]);
  });

  it('workspace members: one per user and workspace, ids and emails in one spelling (lowercase)', () => {
    const members = { 'ML-Lead@Example.com': 'admin', '2f0d8a52-6c1e-4b7a-9d3f-5e8c1a7b4d20': 'member' };
    const plan = planPortkey(load({ ...GATEWAY, workspaces: { research: { members }, production: { members: { 'ml-lead@example.com': 'manager' } } } }).values!, 'staging');
    expect(plan.members).toEqual([
      { key: 'research-ml-lead-at-example.com', workspace: 'research', user: 'ml-lead@example.com', role: 'admin' },
      { key: 'research-2f0d8a52-6c1e-4b7a-9d3f-5e8c1a7b4d20', workspace: 'research', user: '2f0d8a52-6c1e-4b7a-9d3f-5e8c1a7b4d20', role: 'member' },
      { key: 'production-ml-lead-at-example.com', workspace: 'production', user: 'ml-lead@example.com', role: 'manager' },
    ]);
  });

  it('another prefix and environment give other names (environments may share one organisation)', () => {
    const plan = planPortkey({ ...load(GATEWAY).values!, namePrefix: 'team-x' }, 'production');
    expect(plan.workspaces.map((w) => w.name)).toEqual(['team-x-production-research', 'team-x-production-production']);
  });
});

describe('gateway spec validation: every problem at once, naming the item, never the key', () => {
  const provider = (over: Record<string, unknown>) => ({ ...GATEWAY, providers: { 'prod-openai': { ...GATEWAY.providers['prod-openai'], ...over } }, configs: {} });
  it.each<[string, unknown, RegExp]>([
    ['threshold at the limit', provider({ usageLimit: { creditLimit: 100, alertThreshold: 100 } }), /providers\.prod-openai\.usageLimit\.alertThreshold: alertThreshold \(100\) must be below creditLimit \(100\)/],
    ['threshold above the limit', provider({ usageLimit: { creditLimit: 100, alertThreshold: 150 } }), /providers\.prod-openai\.usageLimit\.alertThreshold: .*must be below/],
    ['token limit under 100', provider({ usageLimit: { type: 'tokens', creditLimit: 50 } }), /providers\.prod-openai\.usageLimit\.creditLimit: creditLimit must be at least 100 for type tokens/],
    ['unknown workspace', provider({ workspace: 'staging' }), /providers\.prod-openai\.workspace: unknown workspace "staging" \(declared: research, production\)/],
    ['unknown integration', provider({ integration: 'cohere' }), /providers\.prod-openai\.integration: unknown integration "cohere"/],
    ['bad slug key', { ...GATEWAY, providers: { 'Prod OpenAI!': GATEWAY.providers['prod-openai'] }, configs: {} }, /providers\.Prod OpenAI!: invalid key: must be a lowercase slug/],
    ['unknown rate-limit unit', provider({ rateLimits: [{ unit: 'rps', value: 1 }] }), /providers\.prod-openai\.rateLimits\.0\.unit/],
    ['config target not a provider', { ...GATEWAY, configs: { fallback: { workspace: 'production', targets: ['nope'] } } }, /configs\.fallback\.targets\.0: unknown provider "nope"/],
    ['config target in another workspace', { ...GATEWAY, workspaces: { ...GATEWAY.workspaces }, configs: { fallback: { workspace: 'research', targets: ['prod-openai'] } } }, /configs\.fallback\.targets\.0: provider "prod-openai" is in workspace "production", not "research"/],
    ['a service key in an unknown workspace', { ...GATEWAY, serviceKeys: { backend: { workspace: 'nope', scopes: ['completions.write'] } } }, /serviceKeys\.backend\.workspace: unknown workspace "nope"/],
    ['a service key transition under 30 minutes', { ...GATEWAY, serviceKeys: { backend: { workspace: 'production', scopes: ['completions.write'], transitionMinutes: 5 } } }, /serviceKeys\.backend\.transitionMinutes: must be at least 30/],
    ['a policy alert at its limit', { ...GATEWAY, policies: { usageLimits: { 'per-key': { workspace: 'research', groupBy: ['api_key'], creditLimit: 20, alertThreshold: 20 } } } }, /policies\.usageLimits\.per-key\.alertThreshold: alertThreshold \(20\) must be below creditLimit \(20\)/],
    ['a rate policy in an unknown workspace', { ...GATEWAY, policies: { rateLimits: { rate: { workspace: 'nope', groupBy: ['api_key'], unit: 'rpm', value: 5 } } } }, /policies\.rateLimits\.rate\.workspace: unknown workspace "nope"/],
    ['access from an unknown workspace', { ...GATEWAY, integrations: { ...GATEWAY.integrations, openai: { aiProvider: 'openai', workspaces: { nope: {} } } } }, /integrations\.openai\.workspaces\.nope: unknown workspace "nope"/],
    ['a member with a role the API lacks', { ...GATEWAY, workspaces: { ...GATEWAY.workspaces, research: { members: { 'ana@example.com': 'owner' } } } }, /workspaces\.research\.members\.ana@example\.com: must be a workspace role: admin, manager, member/],
    ['a member that is neither an id nor an email', { ...GATEWAY, workspaces: { ...GATEWAY.workspaces, research: { members: { ana: 'member' } } } }, /workspaces\.research\.members\.ana: invalid key: must be a Portkey user id \(UUID\) or the email address/],
    ['the same member twice (case differs)', { ...GATEWAY, workspaces: { ...GATEWAY.workspaces, research: { members: { 'ana@example.com': 'member', 'Ana@Example.com': 'admin' } } } }, /workspaces\.research\.members\.Ana@Example\.com: member "Ana@Example\.com" is listed twice \(also as "ana@example\.com"\)/],
    ['a misspelt field', provider({ usageLimits: {} }), /providers\.prod-openai: Unrecognized key: "usageLimits"/],
  ])('%s', (_what, gateway, message) => {
    const { values, problems } = load(gateway);
    expect(values).toBeUndefined();
    expect(problems).toMatch(/^portkey:gateway: invalid: /);
    expect(problems).toMatch(message);
    expect(problems).not.toContain(KEY);
  });

  it('reports several problems of one spec together', () => {
    const { problems } = load(provider({ workspace: 'nope', usageLimit: { creditLimit: 10, alertThreshold: 20 } }));
    expect(problems).toMatch(/unknown workspace "nope"/);
    expect(problems).toMatch(/alertThreshold \(20\) must be below creditLimit \(10\)/);
  });
});

describe('planPortkey: service key rotations from the ESC record (sophia-secrets rotate)', () => {
  const gateway = { ...GATEWAY, serviceKeys: { backend: { workspace: 'production', scopes: ['completions.write'], rotation: 2 }, batch: { workspace: 'production', scopes: ['completions.write'] } } };
  const rotationOf = (extra: Record<string, string>) => Object.fromEntries(planPortkey(load(gateway, extra).values!, 'staging').serviceKeys.map((k) => [k.key, k.rotation]));

  it('no record: the committed counters, nothing rotates on upgrade', () => {
    expect(rotationOf({})).toEqual({ backend: 2, batch: 0 });
  });

  it('recorded rotations add to the committed counter (a new rotation value: the provider calls Portkey rotate)', () => {
    const record = { backend: { rotations: 1, rotatedAt: '2026-11-30T10:00:00.000Z' }, batch: { rotations: 3, rotatedAt: '2026-11-30T10:00:00.000Z', pending: true } };
    expect(rotationOf({ 'portkey:serviceKeyRotation': JSON.stringify(record) })).toEqual({ backend: 3, batch: 3 });
  });

  it('an invalid record is a config problem naming the key', () => {
    const bad = load(gateway, { 'portkey:serviceKeyRotation': JSON.stringify({ backend: { rotations: -1, rotatedAt: 'now' } }) });
    expect(bad.problems).toMatch(/^portkey:serviceKeyRotation: /);
  });
});
