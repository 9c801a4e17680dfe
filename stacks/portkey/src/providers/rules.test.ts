/** Every Portkey kind against the provider rules of @sophia-ai/dynamic-provider (README "Rules"), on the emulator. */
import { Pacer } from '@sophia-ai/http';
import { describeProviderRules, sandboxFaults, type ProviderUnderTest } from '@sophia-ai/dynamic-provider/src/testing';
import type { KindRuntime, ResourceKind } from '@sophia-ai/dynamic-provider';
import { serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox/src/core/server';
import { PortkeyEmulator, SANDBOX_PORTKEY_USERS } from '@sophia-ai/sandbox/src/portkey/emulator';
import { PortkeySpec, recordExchanges, type RecordedExchange } from '@sophia-ai/sandbox/src/portkey/spec/conformance';
import * as runtime from './runtime';
import { configKind, integrationAccessKind, integrationKind, providerKind, rateLimitPolicyKind, serviceKeyKind, usageLimitPolicyKind, workspaceKind, workspaceMemberKind } from './resources';

// Canaries: two admin keys (the first is rotated to the second) and an AI provider key; none may appear in state or closures.
const KEYS = ['canary_portkey_old_Hq7Wn3Kd9Tz2', 'canary_portkey_new_Vb5Rm8Xc1Lp6'] as const;
const OPENAI_KEY = 'canary_openai_sk_Tq3Lm9Xw2Rv8';

let emulator: PortkeyEmulator;
let server: RunningEmulator;
let exchanges: RecordedExchange[];
let workspaceId: string;
const options = (): runtime.RuntimeOptions => ({ baseUrl: server.url, pollIntervalMs: 0, sleep: async () => undefined, pacer: new Pacer({ minIntervalMs: 0 }) });

beforeAll(async () => {
  emulator = new PortkeyEmulator({ apiKeys: [...KEYS] });
  const recorded = recordExchanges(emulator);
  exchanges = recorded.exchanges;
  server = await serveEmulator(recorded.emulator);
});
afterAll(() => server.close());

/** Every runtime module, checked against the library's KindRuntime by the compiler. */
const KINDS: Record<string, KindRuntime<runtime.RuntimeOptions>> = {
  workspace: runtime.workspace, workspaceMember: runtime.workspaceMember, integration: runtime.integration, provider: runtime.provider, config: runtime.config, serviceKey: runtime.serviceKey,
  usageLimitPolicy: runtime.usageLimitPolicy, rateLimitPolicy: runtime.rateLimitPolicy, integrationAccess: runtime.integrationAccess,
};

/** A Portkey kind as the kit sees it: its runtime, its serialized provider, the request that creates it, what lives at the API. */
function portkeyKind(kind: ResourceKind, create: { method: string; path: string }, liveIds: () => string[], inputs: ProviderUnderTest['inputs']): () => ProviderUnderTest<runtime.RuntimeOptions> {
  return () => ({
    runtime: KINDS[kind.kind],
    configure: runtime.configure,
    resetCredentials: runtime.resetCredentials,
    configKey: 'portkey:apiKey',
    provider: kind.provider,
    secretOutputs: kind.secrets,
    inputs,
    options,
    keys: KEYS,
    emulator: {
      ...sandboxFaults(server, create),
      acceptKeys: (keys) => emulator.control({ apiKeys: [...keys] }),
      liveIds: async () => liveIds(),
    },
    async setup() {
      emulator.reset();
      emulator.control({ apiKeys: [...KEYS] });
      // What providers and configs need: a workspace and an integration.
      workspaceId = (await runtime.workspace.create({ apiKey: KEYS[0], name: 'rules-home' }, options())).id;
      await runtime.integration.create({ apiKey: KEYS[0], slug: 'rules-openai', name: 'rules-openai', aiProvider: 'openai', key: OPENAI_KEY }, options());
    },
  });
}

const BUDGET = { type: 'cost', creditLimit: 100, alertThreshold: 80, periodicReset: 'monthly' };

describeProviderRules(
  'portkey workspace',
  portkeyKind(workspaceKind, { method: 'POST', path: '/v1/admin/workspaces' }, () => emulator.workspaces().filter((w) => w.name !== 'rules-home').map((w) => w.id), (apiKey, n) => ({
    apiKey, apiUrl: server.url, name: `rules-workspace-${n}`, description: 'made by the provider rules', metadata: { team: 'ml' },
  })),
);
describeProviderRules(
  'portkey workspaceMember',
  portkeyKind(
    workspaceMemberKind,
    // Any workspace's add-members request (the workspace is made in setup, after this is declared).
    { method: 'POST', path: '/\\/v1\\/admin\\/workspaces\\/[^/]+\\/users$/' },
    () => emulator.workspaces().flatMap((w) => [...w.members.keys()].map((user) => `${w.id}/${user}`)),
    // Found by email (the runtime looks the id up), made a manager.
    (apiKey) => ({ apiKey, apiUrl: server.url, workspaceId, user: SANDBOX_PORTKEY_USERS[2]!.email, role: 'manager' }),
  ),
);
describeProviderRules(
  'portkey integration',
  portkeyKind(integrationKind, { method: 'POST', path: '/v1/integrations' }, () => emulator.integrations().filter((i) => i.slug !== 'rules-openai').map((i) => i.slug), (apiKey, n) => ({
    apiKey, apiUrl: server.url, slug: `rules-anthropic-${n}`, name: `rules-anthropic-${n}`, aiProvider: 'anthropic', key: OPENAI_KEY,
  })),
);
describeProviderRules(
  'portkey provider',
  portkeyKind(providerKind, { method: 'POST', path: '/v1/providers' }, () => emulator.providers().map((p) => p.slug), (apiKey, n) => ({
    apiKey, apiUrl: server.url, slug: `rules-provider-${n}`, name: `rules-provider-${n}`, workspaceId, integration: 'rules-openai', usageLimit: BUDGET, rateLimits: [{ type: 'requests', unit: 'rpm', value: 600 }],
  })),
);
describeProviderRules(
  'portkey config',
  portkeyKind(configKind, { method: 'POST', path: '/v1/configs' }, () => emulator.configs().map((c) => c.slug), (apiKey, n) => ({
    apiKey, apiUrl: server.url, name: `rules-config-${n}`, workspaceId, config: { strategy: { mode: 'fallback' }, targets: [{ provider: '@rules-provider' }], retry: { attempts: 3 } },
  })),
);
describeProviderRules(
  'portkey serviceKey',
  portkeyKind(serviceKeyKind, { method: 'POST', path: '/v1/api-keys/workspace/service' }, () => emulator.serviceKeys().map((k) => k.id), (apiKey, n) => ({
    apiKey, apiUrl: server.url, name: `rules-service-${n}`, workspaceId, scopes: ['completions.write'],
  })),
);
describeProviderRules(
  'portkey integrationAccess',
  portkeyKind(
    integrationAccessKind,
    { method: 'PUT', path: '/v1/integrations/rules-openai/workspaces' },
    () => emulator.integrations().flatMap((i) => [...i.access.values()].filter((a) => a.enabled).map((a) => `${i.slug}:${a.id}`)),
    (apiKey) => ({ apiKey, apiUrl: server.url, integration: 'rules-openai', workspaceId, usageLimit: BUDGET, rateLimit: { type: 'requests', unit: 'rpm', value: 100 } }),
  ),
);

const activePolicies = (kind: string) => emulator.policies().filter((p) => p.kind === kind && p.status === 'active').map((p) => p.id);
const policyBase = (apiKey: string, n: number, kind: string) => ({
  apiKey, apiUrl: server.url, name: `rules-${kind}-${n}`, workspaceId, conditions: [{ key: 'workspace_id', value: workspaceId }], groupBy: ['api_key'],
});
describeProviderRules(
  'portkey usageLimitPolicy',
  portkeyKind(usageLimitPolicyKind, { method: 'POST', path: '/v1/policies/usage-limits' }, () => activePolicies('usage-limits'), (apiKey, n) => ({
    ...policyBase(apiKey, n, 'budget'), type: 'cost', creditLimit: 50, alertThreshold: 40, periodicReset: 'monthly',
  })),
);
describeProviderRules(
  'portkey rateLimitPolicy',
  portkeyKind(rateLimitPolicyKind, { method: 'POST', path: '/v1/policies/rate-limits' }, () => activePolicies('rate-limits'), (apiKey, n) => ({
    ...policyBase(apiKey, n, 'rate'), type: 'requests', unit: 'rpm', value: 100,
  })),
);

test('the AI provider key never reaches the state of any rule, and every exchange is what the spec documents', () => {
  const spec = new PortkeySpec();
  expect(exchanges.length).toBeGreaterThan(50);
  expect(exchanges.flatMap((x) => spec.answerProblems(x))).toEqual([]);
  expect(exchanges.flatMap((x) => spec.requestProblems(x))).toEqual([]);
  expect(JSON.stringify(exchanges.map((x) => x.body))).not.toContain(OPENAI_KEY);
});
