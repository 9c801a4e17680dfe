/** The stack program under the Pulumi SDK's mocks (libs/pulumi-testing): resources, secrets, outputs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { validateConfig } from '@sophia-ai/config';
import { portkeyConfig } from '@sophia-ai/portkey-config';
import { containsSecret, redact, stackConfigFromFile, startMockRuntime, type MockRuntime } from '@sophia-ai/pulumi-testing';
import { SANDBOX_PORTKEY_API_KEY, SANDBOX_PORTKEY_USERS } from '@sophia-ai/sandbox/src/portkey/emulator';

// Canaries: if one of these shows up anywhere but a secret, a secret leaked.
const CANARY_ADMIN = 'canary_portkey_Q7vT2mXc9LpR4wZs';
const CANARY_OPENAI = 'canary_openai_Hx3Vb8Nq5Kt2';
const CANARY_ANTHROPIC = 'canary_anthropic_Md6Wr1Zc4Jy9';
// What the API answers as the backend's gateway key: only ever in the secret output.
const CANARY_SERVICE_KEY = 'canary_service_pk_Tn7Gv2Qz5Wb8';
const CANARIES = [CANARY_ADMIN, CANARY_OPENAI, CANARY_ANTHROPIC, CANARY_SERVICE_KEY];
const dir = path.resolve(__dirname, '..');
let runtime: MockRuntime;
let outputs: Record<string, { value: unknown; isSecret: boolean; isKnown: boolean }>;
// Loading the program compiles the stack with ts-jest: allow for a busy machine (no timing is asserted).
jest.setTimeout(60_000);

beforeAll(async () => {
  // The local sample's gateway, with canary keys instead of the sandbox's.
  const { config: local } = stackConfigFromFile(dir, 'local');
  runtime = await startMockRuntime({
    project: 'portkey',
    stack: 'staging',
    config: {
      'portkey:apiUrl': 'https://api.portkey.invalid',
      'portkey:apiKey': CANARY_ADMIN,
      'portkey:gateway': local['portkey:gateway']!,
      'portkey:integrationKeys': JSON.stringify({ openai: CANARY_OPENAI, anthropic: CANARY_ANTHROPIC }),
    },
    secretKeys: ['portkey:apiKey', 'portkey:integrationKeys'],
    resourceOutputs: (args) =>
      args.type.endsWith('portkey:Workspace')
        ? { workspaceId: `uuid-${args.name}`, slug: `ws-${args.name}` }
        : args.type.endsWith('portkey:Config')
          ? { slug: `pc-${args.name}`, configId: `id-${args.name}` }
          : args.type.endsWith('portkey:ServiceKey')
            ? { keyId: `id-${args.name}`, key: CANARY_SERVICE_KEY }
            : undefined,
  });
  outputs = await runtime.runStack(() => require('../index'));
});

const byType = (suffix: string) => runtime.resources.filter((r) => r.type.endsWith(suffix));
const plain = (v: unknown): unknown => (v && typeof v === 'object' && 'value' in (v as object) && containsSecret(v) ? (v as { value: unknown }).value : v);

test('one component; workspaces with their members, integrations, providers, configs, service keys and policies named after it and parented to it', () => {
  const [platform] = byType('sophia:portkey:Platform');
  expect(platform?.name).toBe('portkey');
  expect(runtime.resources.filter((r) => r.parent === platform!.urn).map((r) => r.name).sort()).toEqual([
    'portkey-workspace-research', 'portkey-workspace-production', 'portkey-integration-openai', 'portkey-integration-anthropic',
    'portkey-provider-research-openai', 'portkey-provider-production-openai', 'portkey-provider-production-anthropic', 'portkey-config-production-fallback', 'portkey-service-key-backend',
    'portkey-usage-limit-policy-research-per-key', 'portkey-rate-limit-policy-research-per-key-rate',
    'portkey-access-openai-research', 'portkey-access-openai-production', 'portkey-access-anthropic-production',
    'portkey-member-research-ml-lead-at-sophia-ai.example', 'portkey-member-research-researcher-at-sophia-ai.example', 'portkey-member-production-ml-lead-at-sophia-ai.example',
  ].sort());
});

test('each workspace has its budget on the integrations it uses, and its providers wait for that access', () => {
  const access = byType('portkey:IntegrationAccess');
  const research = access.find((a) => a.name === 'portkey-access-openai-research')!;
  expect(plain(research.inputs.usageLimit)).toEqual({ type: 'cost', creditLimit: 300, alertThreshold: 240, periodicReset: 'monthly' });
  expect(plain(research.inputs.workspaceId)).toBe('uuid-portkey-workspace-research');
  const provider = byType('portkey:Provider').find((p) => p.name === 'portkey-provider-research-openai')!;
  expect(provider.dependencies).toContain(research.urn);
});

test('members join their workspace (by its id) by email with their role; one user may have a role in each workspace', () => {
  const members = byType('portkey:WorkspaceMember').map((m) => [plain(m.inputs.workspaceId), m.inputs.user, m.inputs.role]);
  expect(members).toEqual([
    ['uuid-portkey-workspace-research', 'ml-lead@sophia-ai.example', 'admin'],
    ['uuid-portkey-workspace-research', 'researcher@sophia-ai.example', 'member'],
    ['uuid-portkey-workspace-production', 'ml-lead@sophia-ai.example', 'manager'],
  ]);
  const research = byType('portkey:Workspace').find((w) => w.name === 'portkey-workspace-research')!;
  expect(byType('portkey:WorkspaceMember')[0]!.dependencies).toContain(research.urn);
});

test('org-level policies apply to their workspace by default (workspace_id = its id), counted per API key', () => {
  const [budget] = byType('portkey:UsageLimitPolicy');
  expect(budget!.inputs).toMatchObject({ name: 'sophia-ai-staging-research-per-key', type: 'cost', creditLimit: 20, alertThreshold: 16, periodicReset: 'monthly' });
  expect(plain(budget!.inputs.conditions)).toEqual([{ key: 'workspace_id', value: 'uuid-portkey-workspace-research' }]);
  expect(plain(budget!.inputs.groupBy)).toEqual(['api_key']);
  const [rate] = byType('portkey:RateLimitPolicy');
  expect(rate!.inputs).toMatchObject({ type: 'requests', unit: 'rpm', value: 100 });
});

test('providers live in their workspace and draw on their integration, with budgets alerting at 80 %', () => {
  const providers = byType('portkey:Provider');
  expect(providers).toHaveLength(3);
  const research = providers.find((p) => p.name === 'portkey-provider-research-openai')!;
  expect(plain(research.inputs.workspaceId)).toBe('uuid-portkey-workspace-research');
  expect(plain(research.inputs.integration)).toBe('sophia-ai-staging-openai');
  for (const p of providers) {
    const u = plain(p.inputs.usageLimit) as { creditLimit: number; alertThreshold: number };
    expect(u.alertThreshold / u.creditLimit).toBe(0.8);
  }
});

test('the fallback config routes to the production providers by slug and waits for them', () => {
  const [config] = byType('portkey:Config');
  expect(plain(config!.inputs.config)).toMatchObject({ strategy: { mode: 'fallback' }, targets: [{ provider: '@sophia-ai-staging-production-openai' }, { provider: '@sophia-ai-staging-production-anthropic' }], retry: { attempts: 3 } });
  const targets = byType('portkey:Provider').filter((p) => p.name.includes('production')).map((p) => p.urn);
  expect(config!.dependencies).toEqual(expect.arrayContaining(targets));
});

test('declares the contract outputs: workspace ids and slugs, provider and gateway config slugs', () => {
  expect(outputs.workspaces).toMatchObject({ isSecret: false, value: { research: { id: 'uuid-portkey-workspace-research', slug: 'ws-portkey-workspace-research', name: 'sophia-ai-staging-research' } } });
  expect(outputs.gateway_configs!.value).toEqual({ 'production-fallback': 'pc-portkey-config-production-fallback' });
  expect(Object.keys(outputs.providers!.value as object)).toEqual(['research-openai', 'production-openai', 'production-anthropic']);
});

test('the admin key and the AI provider keys are secret inputs and appear in no plain input and no output', () => {
  for (const r of byType('portkey:Integration')) expect(containsSecret(r.inputs.key)).toBe(true);
  for (const r of runtime.resources.filter((x) => x.type.includes('dynamic/portkey:'))) {
    expect(containsSecret(r.inputs.apiKey)).toBe(true);
    for (const canary of CANARIES) expect(JSON.stringify(redact(r.inputs))).not.toContain(canary);
  }
  for (const [name, out] of Object.entries(outputs)) if (name !== 'service_keys') for (const canary of CANARIES) expect(JSON.stringify(out)).not.toContain(canary);
});

test('the service key is the one secret output, and holds the key the API answered', () => {
  expect(outputs.service_keys).toEqual({ value: { backend: CANARY_SERVICE_KEY }, isSecret: true, isKnown: true });
  expect(Object.entries(outputs).filter(([, o]) => o.isSecret).map(([k]) => k)).toEqual(['service_keys']);
  const [key] = byType('portkey:ServiceKey');
  expect(plain(key!.inputs.scopes)).toEqual(['completions.write']);
  expect(key!.inputs).toMatchObject({ rotation: 0, transitionMs: 3_600_000 });
});

describe('stack config files', () => {
  test('Pulumi.local.yaml validates against the namespace and carries only sandbox keys', () => {
    const { config } = stackConfigFromFile(dir, 'local');
    const result = validateConfig(portkeyConfig, (key) => config[key], 'local');
    expect(result).toMatchObject({ ok: true });
    expect(config['portkey:apiKey']).toBe(SANDBOX_PORTKEY_API_KEY);
    expect(Object.values(JSON.parse(config['portkey:integrationKeys']!) as Record<string, string>).every((k) => k.startsWith('sandbox_'))).toBe(true);
  });
  test('Pulumi.local.yaml: research and production workspaces with members the sandbox organisation has, OpenAI and Anthropic, 80 % alerts, a fallback config, one service key', () => {
    const { config } = stackConfigFromFile(dir, 'local');
    const gateway = JSON.parse(config['portkey:gateway']!);
    expect(Object.keys(gateway.workspaces)).toEqual(['research', 'production']);
    const sandboxEmails = SANDBOX_PORTKEY_USERS.map((u) => u.email);
    const members = Object.values(gateway.workspaces).flatMap((w: any) => Object.keys(w.members ?? {}));
    expect(members.length).toBeGreaterThan(0);
    expect(members.every((m) => sandboxEmails.includes(m))).toBe(true);
    expect(Object.values(gateway.integrations).map((i: any) => i.aiProvider)).toEqual(['openai', 'anthropic']);
    const limits = [...Object.values(gateway.providers), ...Object.values(gateway.workspaces)].map((x: any) => x.usageLimit).filter(Boolean);
    expect(limits.every((u: any) => u.alertThreshold / u.creditLimit === 0.8)).toBe(true);
    expect(Object.values(gateway.configs).map((c: any) => c.strategy)).toEqual(['fallback']);
    expect(Object.keys(gateway.serviceKeys)).toEqual(['backend']);
  });
  test.each(['dev', 'staging', 'production'])('Pulumi.%s.yaml imports its ESC environment', (env) => {
    const doc = YAML.parse(fs.readFileSync(path.join(dir, `Pulumi.${env}.yaml`), 'utf8'));
    expect(doc.environment).toEqual([`sophia-ai/portkey-${env}`]);
    expect(doc.config).toBeUndefined();
  });
});
