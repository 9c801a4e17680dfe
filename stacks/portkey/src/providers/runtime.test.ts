/** Each Portkey kind's own behaviour against the emulator (the shared rules are in rules.test.ts). */
import { Pacer, ServiceError } from '@sophia-ai/http';
import { serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox/src/core/server';
import { PortkeyEmulator, SANDBOX_PORTKEY_USERS } from '@sophia-ai/sandbox/src/portkey/emulator';
import * as runtime from './runtime';

const ADMIN = 'canary_portkey_admin_Wq2Zt7Kx4Nb9';
const OPENAI_KEY = 'canary_openai_sk_Lp8Rv3Xq6Mz1';
const ROTATED_KEY = 'canary_openai_sk_Hb5Yc2Tn9Wd4';
let emulator: PortkeyEmulator;
let server: RunningEmulator;
const ro = (): runtime.RuntimeOptions => ({ baseUrl: server.url, pollIntervalMs: 0, sleep: async () => undefined, pacer: new Pacer({ minIntervalMs: 0 }), maxAttempts: 3 });
const conn = () => ({ apiKey: ADMIN, apiUrl: server.url });

beforeAll(async () => {
  emulator = new PortkeyEmulator({ apiKeys: [ADMIN] });
  server = await serveEmulator(emulator);
});
afterAll(() => server.close());
beforeEach(() => {
  emulator.reset();
  server.faults.clear();
});

async function workspace(name = 'research') {
  return runtime.workspace.create({ ...conn(), name, metadata: { team: 'ml' } }, ro());
}
async function integration() {
  return runtime.integration.create({ ...conn(), slug: 'openai', name: 'OpenAI', aiProvider: 'openai', key: OPENAI_KEY }, ro());
}
const providerInputs = (workspaceId: string, over: Record<string, unknown> = {}) => ({
  ...conn(), slug: 'research-openai', name: 'research-openai', workspaceId, integration: 'openai',
  usageLimit: { type: 'cost', creditLimit: 100, alertThreshold: 80, periodicReset: 'monthly' }, rateLimits: [{ type: 'requests', unit: 'rpm', value: 600 }], ...over,
});

describe('check rejects at preview what the API would reject, naming the property', () => {
  it.each<[string, keyof typeof runtime & string, Record<string, unknown>, string, RegExp]>([
    ['bad slug', 'integration', { slug: 'no spaces', name: 'x', aiProvider: 'openai', key: OPENAI_KEY }, 'slug', /slug must match/],
    ['unknown AI provider', 'integration', { slug: 's', name: 'x', aiProvider: 'skynet', key: OPENAI_KEY }, 'aiProvider', /one of openai, anthropic/],
    ['missing provider key', 'integration', { slug: 's', name: 'x', aiProvider: 'openai' }, 'key', /portkey:integrationKeys/],
    ['threshold at the limit', 'provider', { slug: 's', name: 'x', workspaceId: 'w', integration: 'i', usageLimit: { type: 'cost', creditLimit: 50, alertThreshold: 50 } }, 'usageLimit', /alertThreshold \(50\) must be below creditLimit \(50\)/],
    ['bad rate-limit unit', 'provider', { slug: 's', name: 'x', workspaceId: 'w', integration: 'i', rateLimits: [{ type: 'requests', unit: 'rps', value: 1 }] }, 'rateLimits', /rateLimits\[0\]/],
    ['config without targets', 'config', { name: 'x', workspaceId: 'w', config: { strategy: { mode: 'fallback' } } }, 'config', /at least one target/],
    ['workspace without a name', 'workspace', { name: ' ' }, 'name', /non-empty/],
    ['member that is neither an id nor an email', 'workspaceMember', { workspaceId: 'w', user: 'ana', role: 'member' }, 'user', /user must be a Portkey user id \(UUID\) or the email address/],
    ['member with a role the API lacks', 'workspaceMember', { workspaceId: 'w', user: 'ana@example.com', role: 'owner' }, 'role', /role must be one of admin, manager, member/],
  ])('%s', async (_what, kind, inputs, property, reason) => {
    const { failures } = await (runtime[kind] as typeof runtime.provider).check({}, { ...conn(), ...inputs });
    expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
    expect(JSON.stringify(failures)).not.toContain(OPENAI_KEY);
  });
});

describe('workspace', () => {
  it('adopts the one workspace with our exact name instead of making a second, and converges it', async () => {
    const existing = await workspace();
    const again = await runtime.workspace.create({ ...conn(), name: 'research', description: 'Experiments', metadata: { team: 'research' } }, ro());
    expect(again.id).toBe(existing.id);
    expect(emulator.workspaces()).toHaveLength(1);
    expect(again.outs).toMatchObject({ description: 'Experiments', metadata: { team: 'research' }, slug: existing.outs.slug });
  });

  it('unchanged inputs are no change (forceDelete defaults to false); an update keeps id and slug stable for dependents', async () => {
    const w = await workspace();
    expect(await runtime.workspace.diff(w.id, w.outs, { ...conn(), name: 'research', metadata: { team: 'ml' } })).toMatchObject({ changes: false });
    expect(await runtime.workspace.diff(w.id, w.outs, { ...conn(), name: 'research', metadata: { team: 'ml' }, description: 'new' })).toEqual({ changes: true, replaces: [], stables: ['workspaceId', 'slug'] });
    expect(await runtime.workspace.diff(w.id, w.outs, { ...conn(), name: 'research', metadata: { team: 'ml' }, forceDelete: true })).toMatchObject({ changes: true, replaces: [] });
  });

  it("the workspace's own budget and rate limit go in the API's lists and read back; a change updates in place", async () => {
    const limits = { usageLimit: { type: 'cost', creditLimit: 500, alertThreshold: 400, periodicReset: 'monthly' }, rateLimit: { type: 'requests', unit: 'rpm', value: 1000 } };
    const w = await runtime.workspace.create({ ...conn(), name: 'limited', ...limits }, ro());
    expect(emulator.workspaces()[0]).toMatchObject({ usage_limits: [{ credit_limit: 500, alert_threshold: 400 }], rate_limits: [{ unit: 'rpm', value: 1000 }] });
    expect(w.outs).toMatchObject(limits);
    const raised = { ...conn(), name: 'limited', ...limits, usageLimit: { type: 'cost', creditLimit: 800, alertThreshold: 640 } };
    expect(await runtime.workspace.diff(w.id, w.outs, raised)).toMatchObject({ changes: true, replaces: [] });
    expect((await runtime.workspace.update(w.id, w.outs, raised, ro())).outs).toMatchObject({ usageLimit: { creditLimit: 800, alertThreshold: 640 } });
    expect((await runtime.workspace.check({}, { ...raised, usageLimit: { type: 'cost', creditLimit: 10, alertThreshold: 10 } })).failures).toEqual([{ property: 'usageLimit', reason: expect.stringMatching(/must be below/) }]);
  });

  it('refuses to guess between two workspaces of the same name', async () => {
    await fetch(`${server.url}/v1/admin/workspaces`, { method: 'POST', headers: { 'x-portkey-api-key': ADMIN }, body: JSON.stringify({ name: 'dup' }) });
    await fetch(`${server.url}/v1/admin/workspaces`, { method: 'POST', headers: { 'x-portkey-api-key': ADMIN }, body: JSON.stringify({ name: 'dup' }) });
    await expect(workspace('dup')).rejects.toThrow(/2 Portkey workspaces are named "dup"/);
    expect(emulator.workspaces()).toHaveLength(2);
  });

  it('update re-reads after the empty PUT answer; a deleted workspace (403 AB03) reads as gone', async () => {
    const w = await workspace();
    const { outs } = await runtime.workspace.update(w.id, w.outs, { ...conn(), name: 'research', description: 'now described' }, ro());
    expect(outs).toMatchObject({ description: 'now described', workspaceId: w.id });
    await runtime.workspace.remove(w.id, w.outs, ro());
    await expect(fetch(`${server.url}/v1/admin/workspaces/${w.id}`, { headers: { 'x-portkey-api-key': ADMIN } }).then((r) => r.status)).resolves.toBe(403);
    expect(await runtime.workspace.read(w.id, w.outs, ro())).toEqual({});
  });

  it('delete refuses to cascade unless forceDelete is set', async () => {
    const w = await workspace();
    await integration();
    await runtime.provider.create(providerInputs(w.id), ro());
    await expect(runtime.workspace.remove(w.id, w.outs, ro())).rejects.toThrow(/still holds providers.*set forceDelete/);
    expect(emulator.workspaces()).toHaveLength(1);
    await runtime.workspace.remove(w.id, { ...w.outs, forceDelete: true }, ro());
    expect(emulator.workspaces()).toHaveLength(0);
    expect(emulator.providers()).toHaveLength(0);
  });
});

describe('integration: the provider key is write-only', () => {
  it('state holds a keyed hash, never the key; a new key is detected and sent; the same key is not', async () => {
    const made = await integration();
    expect(JSON.stringify(made.outs)).not.toContain(OPENAI_KEY);
    expect(made.outs).toMatchObject({ keyHash: expect.stringMatching(/^[0-9a-f]{64}$/), keySalt: expect.any(String) });
    const same = { ...conn(), slug: 'openai', name: 'OpenAI', aiProvider: 'openai', key: OPENAI_KEY };
    expect(await runtime.integration.diff('openai', made.outs, same)).toMatchObject({ changes: false });
    const rotated = { ...same, key: ROTATED_KEY };
    expect(await runtime.integration.diff('openai', made.outs, rotated)).toMatchObject({ changes: true, replaces: [] });
    const { outs } = await runtime.integration.update('openai', made.outs, rotated, ro());
    expect(emulator.integrations()[0]!.key).toBe(ROTATED_KEY);
    expect(JSON.stringify(outs)).not.toContain(ROTATED_KEY);
    expect(await runtime.integration.diff('openai', outs, rotated)).toMatchObject({ changes: false });
    // Read keeps the hash (the API only ever shows the key masked).
    expect((await runtime.integration.read('openai', outs, ro())).props).toMatchObject({ keyHash: outs.keyHash });
  });

  it('a create meeting 409 AB07 adopts the integration and sends our key to it', async () => {
    await fetch(`${server.url}/v1/integrations`, { method: 'POST', headers: { 'x-portkey-api-key': ADMIN }, body: JSON.stringify({ name: 'old', slug: 'openai', ai_provider_id: 'openai', key: 'someone_elses_key' }) });
    // The look before the create misses it (as when a concurrent run made it just then): the POST meets 409.
    emulator.control({ fail: { next: 1, code: 'AB08', method: 'GET', path: '/v1/integrations/openai' } });
    const events: string[] = [];
    const made = await runtime.integration.create({ ...conn(), slug: 'openai', name: 'OpenAI', aiProvider: 'openai', key: OPENAI_KEY }, { ...ro(), onEvent: (e) => void events.push(e.type === 'info' ? e.message : e.type) });
    expect(events.join('\n')).toMatch(/adopted the integration "openai" made by the lost request/);
    expect(made.id).toBe('openai');
    expect(emulator.integrations()).toEqual([expect.objectContaining({ slug: 'openai', name: 'OpenAI', key: OPENAI_KEY })]);
  });
});

describe('provider: budgets and rate limits', () => {
  it('a budget change updates in place and is read back; usage reaching it shows as exhausted on read', async () => {
    const w = await workspace();
    await integration();
    const made = await runtime.provider.create(providerInputs(w.id), ro());
    const raised = providerInputs(w.id, { usageLimit: { type: 'cost', creditLimit: 200, alertThreshold: 160, periodicReset: 'monthly' } });
    expect(await runtime.provider.diff(made.id, made.outs, raised)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, stables: ['slug'] });
    const { outs } = await runtime.provider.update(made.id, made.outs, raised, ro());
    expect(outs).toMatchObject({ usageLimit: { creditLimit: 200, alertThreshold: 160 }, status: 'active' });
    expect(emulator.providers()[0]!.usage_limits).toEqual({ type: 'cost', credit_limit: 200, alert_threshold: 160, periodic_reset: 'monthly' });
    emulator.spend('research-openai', 200);
    expect((await runtime.provider.read(made.id, outs, ro())).props).toMatchObject({ status: 'exhausted' });
    expect(await runtime.provider.diff(made.id, outs, raised)).toMatchObject({ changes: false });
  });

  it('another workspace or integration replaces it (delete first: the slug is unique)', async () => {
    const w = await workspace();
    await integration();
    const made = await runtime.provider.create(providerInputs(w.id), ro());
    expect(await runtime.provider.diff(made.id, made.outs, providerInputs('other'))).toMatchObject({ changes: true, replaces: ['workspaceId'], deleteBeforeReplace: true });
  });

  it('a slug taken by a provider of another integration is an error, not an adoption', async () => {
    const w = await workspace();
    await integration();
    await runtime.integration.create({ ...conn(), slug: 'anthropic', name: 'A', aiProvider: 'anthropic', key: OPENAI_KEY }, ro());
    await runtime.provider.create(providerInputs(w.id, { integration: 'anthropic' }), ro());
    await expect(runtime.provider.create(providerInputs(w.id), ro())).rejects.toThrow(/already exists for integration "anthropic"/);
  });
});

describe('config: both answer envelopes, config as string or object', () => {
  const inputs = (workspaceId: string, attempts = 3) => ({ ...conn(), name: 'fallback', workspaceId, config: { strategy: { mode: 'fallback' }, targets: [{ provider: '@a' }, { provider: '@b' }], retry: { attempts } } });

  it.each([['spec', false], ['flat', true]] as const)('create answered %s (config as string: %s), then an update makes a new version', async (configCreate, configAsString) => {
    emulator.control({ configCreate, configAsString });
    const w = await workspace();
    const made = await runtime.config.create(inputs(w.id), ro());
    expect(made.id).toMatch(/^pc-fallback-/);
    expect(made.outs).toMatchObject({ config: inputs(w.id).config, slug: made.id });
    expect(await runtime.config.diff(made.id, made.outs, inputs(w.id))).toMatchObject({ changes: false });
    const { outs } = await runtime.config.update(made.id, made.outs, inputs(w.id, 5), ro());
    expect(outs.versionId).not.toBe(made.outs.versionId);
    expect((await runtime.config.read(made.id, outs, ro())).props).toMatchObject({ config: { retry: { attempts: 5 } } });
  });

  it('adopts the config of our name in the workspace', async () => {
    const w = await workspace();
    const first = await runtime.config.create(inputs(w.id), ro());
    expect((await runtime.config.create(inputs(w.id, 4), ro())).id).toBe(first.id);
    expect(emulator.configs()).toEqual([expect.objectContaining({ config: expect.objectContaining({ retry: { attempts: 4 } }) })]);
  });
});

test('both documented envelopes: answers `{success,data}` unwrapped or top-level as is; errors nested or flat (the Terraform provider\'s) give their AB code', () => {
  const { unwrap, parseError } = runtime.api.definition;
  expect(unwrap!({ success: true, data: { id: 'c1', slug: 'pc-1' } })).toEqual({ id: 'c1', slug: 'pc-1' });
  expect(unwrap!({ id: 'c1', slug: 'pc-1', object: 'config' })).toEqual({ id: 'c1', slug: 'pc-1', object: 'config' });
  expect(parseError!({ success: false, data: { errorCode: 'AB08', message: 'Resource not found' } })).toMatchObject({ code: 'AB08', message: 'Resource not found' });
  expect(parseError!({ errorCode: 'AB07', message: 'Resource already exists' })).toMatchObject({ code: 'AB07', message: 'Resource already exists' });
});

test('errors carry the AB code and never the admin key', async () => {
  emulator.control({ fail: { next: 5, code: 'AB09', method: 'POST', path: '/v1/admin/workspaces' } });
  const err = await workspace().then(() => undefined, (e) => e);
  expect(err).toBeInstanceOf(ServiceError);
  expect(err).toMatchObject({ status: 402, code: 'AB09' });
  expect(String(err.message)).not.toContain(ADMIN);
});

describe('serviceKey: the plaintext only from create and rotate, rotation with a transition', () => {
  const keyInputs = (workspaceId: string, over: Record<string, unknown> = {}) => ({ ...conn(), name: 'backend', workspaceId, scopes: ['completions.write'], ...over });

  it('create keeps the key the answer carried; read keeps it (GET only shows it masked)', async () => {
    const w = await workspace();
    const made = await runtime.serviceKey.create(keyInputs(w.id), ro());
    const [live] = emulator.serviceKeys();
    expect(made.outs).toMatchObject({ keyId: live!.id, key: live!.key, rotation: 0 });
    expect((await runtime.serviceKey.read(made.id, made.outs, ro())).props).toMatchObject({ key: live!.key });
  });

  it('bumping rotation rotates in place: a new key, the old one still accepted during the transition', async () => {
    const w = await workspace();
    const made = await runtime.serviceKey.create(keyInputs(w.id), ro());
    const next = keyInputs(w.id, { rotation: 1, transitionMs: 3_600_000 });
    expect(await runtime.serviceKey.diff(made.id, made.outs, next)).toEqual({ changes: true, replaces: [], stables: ['keyId'] });
    const { outs } = await runtime.serviceKey.update(made.id, made.outs, next, ro());
    expect(outs.keyId).toBe(made.id);
    expect(outs.key).not.toBe(made.outs.key);
    expect(outs.keyTransitionExpiresAt).toEqual(expect.any(String));
    expect([emulator.acceptsGatewayKey(made.outs.key as string), emulator.acceptsGatewayKey(outs.key as string)]).toEqual([true, true]);
    expect(await runtime.serviceKey.diff(made.id, outs, next)).toMatchObject({ changes: false });
  });

  it('an adopted key (its answer lost) is rotated, so the stack holds a key that works', async () => {
    const w = await workspace();
    server.faults.apply({ drop: { next: 1, method: 'POST', path: '/v1/api-keys/workspace/service' } });
    const made = await runtime.serviceKey.create(keyInputs(w.id), ro());
    expect(server.faults.injected.drop).toBe(1);
    expect(emulator.serviceKeys()).toHaveLength(1);
    expect(emulator.acceptsGatewayKey(made.outs.key as string)).toBe(true);
    expect(emulator.serviceKeys()[0]!.previous_key).toBeDefined();
  });

  it('check refuses a bad scope and a transition under 30 minutes', async () => {
    const { failures } = await runtime.serviceKey.check({}, keyInputs('w', { scopes: ['everything'], transitionMs: 60_000 }));
    expect(failures.map((f) => f.property)).toEqual(['scopes', 'transitionMs']);
  });
});

describe('integration access: a workspace budget on an integration', () => {
  it('create enables access with its budget; a budget change updates in place; delete disables; a gone integration reads gone', async () => {
    const w = await workspace();
    await integration();
    const inputs = { ...conn(), integration: 'openai', workspaceId: w.id, usageLimit: { type: 'cost', creditLimit: 200, alertThreshold: 160, periodicReset: 'monthly' } };
    const made = await runtime.integrationAccess.create(inputs, ro());
    expect(made).toMatchObject({ id: `openai:${w.id}`, outs: { usageLimit: { creditLimit: 200, alertThreshold: 160 } } });
    const raised = { ...inputs, usageLimit: { type: 'cost', creditLimit: 300, alertThreshold: 240 } };
    expect(await runtime.integrationAccess.diff(made.id, made.outs, raised)).toEqual({ changes: true, replaces: [] });
    const { outs } = await runtime.integrationAccess.update(made.id, made.outs, raised, ro());
    expect(emulator.integrations()[0]!.access.get(w.id)).toMatchObject({ enabled: true, usage_limits: [{ credit_limit: 300, alert_threshold: 240 }] });
    await runtime.integrationAccess.remove(made.id, outs, ro());
    expect(emulator.integrations()[0]!.access.get(w.id)?.enabled).toBe(false);
    expect(await runtime.integrationAccess.read(made.id, outs, ro())).toEqual({});
    await runtime.integration.remove('openai', { ...conn() }, ro());
    expect(await runtime.integrationAccess.read(made.id, outs, ro())).toEqual({});
    await expect(runtime.integrationAccess.remove(made.id, outs, ro())).resolves.toBeUndefined();
  });
});

describe('org-level policies', () => {
  const budget = (workspaceId: string, over: Record<string, unknown> = {}) => ({
    ...conn(), name: 'per-key budget', workspaceId, conditions: [{ key: 'workspace_id', value: workspaceId }], groupBy: ['api_key'], type: 'cost', creditLimit: 50, alertThreshold: 40, ...over,
  });

  it('a limit change updates in place; another grouping replaces; delete archives and reads as gone', async () => {
    const w = await workspace();
    const made = await runtime.usageLimitPolicy.create(budget(w.id), ro());
    expect(made.outs).toMatchObject({ creditLimit: 50, alertThreshold: 40, groupBy: ['api_key'], policyId: made.id });
    const raised = budget(w.id, { creditLimit: 80, alertThreshold: 64 });
    expect(await runtime.usageLimitPolicy.diff(made.id, made.outs, raised)).toEqual({ changes: true, replaces: [], stables: ['policyId'] });
    expect(await runtime.usageLimitPolicy.diff(made.id, made.outs, budget(w.id, { groupBy: ['metadata._user'] }))).toMatchObject({ replaces: ['groupBy'] });
    const { outs } = await runtime.usageLimitPolicy.update(made.id, made.outs, raised, ro());
    expect(outs).toMatchObject({ creditLimit: 80, alertThreshold: 64 });
    await runtime.usageLimitPolicy.remove(made.id, outs, ro());
    expect(emulator.policies()[0]!.status).toBe('archived');
    expect(await runtime.usageLimitPolicy.read(made.id, outs, ro())).toEqual({});
    // A new create does not adopt the archived one.
    expect((await runtime.usageLimitPolicy.create(budget(w.id), ro())).id).not.toBe(made.id);
  });

  it('check takes conditions not known yet in a preview (the workspace is still to be made)', async () => {
    const w = await workspace();
    expect((await runtime.usageLimitPolicy.check({}, budget(w.id, { conditions: runtime.UNKNOWN }))).failures).toEqual([]);
    expect((await runtime.usageLimitPolicy.check({}, budget(w.id, { conditions: 'workspace_id' }))).failures).toEqual([{ property: 'conditions', reason: expect.any(String) }]);
  });

  it('check refuses an alert at the limit and a bad rate unit, naming the property', async () => {
    expect((await runtime.usageLimitPolicy.check({}, budget('w', { alertThreshold: 50 }))).failures).toEqual([{ property: 'alertThreshold', reason: expect.stringMatching(/must be below creditLimit/) }]);
    const rate = { ...conn(), name: 'r', workspaceId: 'w', groupBy: ['api_key'], type: 'requests', unit: 'rps', value: 10 };
    expect((await runtime.rateLimitPolicy.check({}, rate)).failures).toEqual([{ property: 'unit', reason: expect.stringMatching(/rpm, rph, rpd/) }]);
  });
});

describe('workspace member: by id or email, adopted, role in place', () => {
  const [, lead, researcher] = SANDBOX_PORTKEY_USERS;
  const memberships = () => emulator.workspaces().flatMap((w) => [...w.members.values()].map((m) => [w.name, m.user_id, m.role]));
  const member = (workspaceId: string, over: Record<string, unknown> = {}) => ({ ...conn(), workspaceId, user: lead!.email, role: 'member', ...over });

  it('an email is looked up among the organisation users (ignoring case); the id is the workspace and user', async () => {
    const w = await workspace();
    const made = await runtime.workspaceMember.create(member(w.id, { user: 'ML-Lead@Sophia-AI.example' }), ro());
    expect(made.id).toBe(`${w.id}/${lead!.id}`);
    expect(made.outs).toMatchObject({ user: 'ML-Lead@Sophia-AI.example', userId: lead!.id, email: lead!.email, role: 'member', schemaVersion: 1 });
    expect(memberships()).toEqual([['research', lead!.id, 'member']]);
    // By id: the same membership.
    expect((await runtime.workspaceMember.create(member(w.id, { user: lead!.id }), ro())).id).toBe(made.id);
    expect(memberships()).toHaveLength(1);
  });

  it('adopts a membership made by hand (a second add would be 409 AB07) and sets our role on it', async () => {
    const w = await workspace();
    await fetch(`${server.url}/v1/admin/workspaces/${w.id}/users`, { method: 'POST', headers: { 'x-portkey-api-key': ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ users: [{ id: researcher!.id, role: 'admin' }] }) });
    const events: string[] = [];
    const made = await runtime.workspaceMember.create(member(w.id, { user: researcher!.email, role: 'manager' }), { ...ro(), onEvent: (e) => void events.push(JSON.stringify(e)) });
    expect(events.join('\n')).toMatch(/adopted the existing membership/);
    expect(made.outs.role).toBe('manager');
    expect(memberships()).toEqual([['research', researcher!.id, 'manager']]);
  });

  it('an email not in the organisation is a clear error, and nothing is added', async () => {
    const w = await workspace();
    await expect(runtime.workspaceMember.create(member(w.id, { user: 'stranger@example.com' }), ro())).rejects.toThrow(/No user with email stranger@example\.com in the Portkey organisation: invite them/);
    expect(memberships()).toEqual([]);
  });

  it('a role change updates in place (same id); another user or workspace replaces, removing the old one first', async () => {
    const w = await workspace();
    const made = await runtime.workspaceMember.create(member(w.id), ro());
    const promoted = member(w.id, { role: 'admin' });
    expect(await runtime.workspaceMember.diff(made.id, made.outs, promoted)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, stables: ['userId'] });
    expect(await runtime.workspaceMember.diff(made.id, made.outs, member(w.id))).toMatchObject({ changes: false });
    const { outs } = await runtime.workspaceMember.update(made.id, made.outs, promoted, ro());
    expect(outs).toMatchObject({ role: 'admin', userId: lead!.id });
    expect(memberships()).toEqual([['research', lead!.id, 'admin']]);
    expect(await runtime.workspaceMember.diff(made.id, outs, member(w.id, { user: researcher!.email, role: 'admin' }))).toMatchObject({ replaces: ['user'], deleteBeforeReplace: true });
    expect(await runtime.workspaceMember.diff(made.id, outs, member('other', { role: 'admin' }))).toMatchObject({ replaces: ['workspaceId'], deleteBeforeReplace: true });
  });

  it('read: removed out of band (404 AB08) or its workspace deleted (403 AB03) is gone; a role changed by hand is read back', async () => {
    const w = await workspace();
    const made = await runtime.workspaceMember.create(member(w.id), ro());
    await fetch(`${server.url}/v1/admin/workspaces/${w.id}/users/${lead!.id}`, { method: 'PUT', headers: { 'x-portkey-api-key': ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ role: 'admin' }) });
    expect((await runtime.workspaceMember.read(made.id, made.outs, ro())).props).toMatchObject({ role: 'admin' });
    await runtime.workspaceMember.remove(made.id, made.outs, ro());
    expect(await runtime.workspaceMember.read(made.id, made.outs, ro())).toEqual({});
    const again = await runtime.workspaceMember.create(member(w.id), ro());
    await runtime.workspace.remove(w.id, w.outs, ro());
    expect(await runtime.workspaceMember.read(again.id, again.outs, ro())).toEqual({});
    await expect(runtime.workspaceMember.remove(again.id, again.outs, ro())).resolves.toBeUndefined();
  });
});

describe('faults: a second run converges, nothing duplicated, no key in an error', () => {
  type Kind = 'workspace' | 'integration' | 'provider' | 'config' | 'workspaceMember' | 'serviceKey' | 'usageLimitPolicy';
  const CREATE: Record<Kind, string> = {
    workspace: '/v1/admin/workspaces', integration: '/v1/integrations', provider: '/v1/providers', config: '/v1/configs', workspaceMember: '/\\/v1\\/admin\\/workspaces\\/[^/]+\\/users$/',
    serviceKey: '/v1/api-keys/workspace/service', usageLimitPolicy: '/v1/policies/usage-limits',
  };
  const count = (kind: Kind) =>
    ({
      workspace: emulator.workspaces().length - 1, integration: emulator.integrations().length - 1, provider: emulator.providers().length, config: emulator.configs().length,
      workspaceMember: emulator.workspaces().reduce((n, w) => n + w.members.size, 0), serviceKey: emulator.serviceKeys().length, usageLimitPolicy: emulator.policies().length,
    })[kind];
  /** Inputs of one object of `kind`, in the workspace `home` with the integration `openai` that every case starts from. */
  const inputs = (kind: Kind, home: string): Record<string, unknown> =>
    ({
      workspace: { ...conn(), name: 'faulty' },
      integration: { ...conn(), slug: 'anthropic', name: 'Anthropic', aiProvider: 'anthropic', key: ROTATED_KEY },
      provider: providerInputs(home),
      config: { ...conn(), name: 'fallback', workspaceId: home, config: { strategy: { mode: 'fallback' }, targets: [{ provider: '@research-openai' }] } },
      workspaceMember: { ...conn(), workspaceId: home, user: SANDBOX_PORTKEY_USERS[1]!.email, role: 'manager' },
      serviceKey: { ...conn(), name: 'backend', workspaceId: home, scopes: ['completions.write'] },
      usageLimitPolicy: { ...conn(), name: 'per-key', workspaceId: home, conditions: [{ key: 'workspace_id', value: home }], groupBy: ['api_key'], type: 'cost', creditLimit: 20, alertThreshold: 16 },
    })[kind];

  const faults: Array<[string, Record<string, unknown>]> = [
    ['429 with Retry-After on the create', { rateLimit: { next: 1, retryAfterSeconds: 1 } }],
    ['503 on the create (the server did not act)', { serverError: { next: 1, status: 503 } }],
    ['a dropped connection after the server acted on the create', { drop: { next: 1 } }],
  ];
  const kinds: Kind[] = ['workspace', 'integration', 'provider', 'config', 'workspaceMember', 'serviceKey', 'usageLimitPolicy'];

  it.each(kinds.flatMap((k) => faults.map(([what, f]) => [k, what, f] as const)))('%s: %s', async (kind, _what, fault) => {
    const home = (await workspace('home')).id;
    await integration();
    server.faults.apply(Object.fromEntries(Object.entries(fault).map(([k, v]) => [k, { ...(v as object), method: 'POST', path: CREATE[kind] }])));
    const events: string[] = [];
    const made = await runtime[kind].create(inputs(kind, home), { ...ro(), onEvent: (e) => void events.push(JSON.stringify(e)) });
    expect(server.faults.injected.rateLimit + server.faults.injected.serverError + server.faults.injected.drop).toBe(1);
    expect(count(kind)).toBe(1);
    // A second run (the engine lost the answer) adopts the same object.
    expect((await runtime[kind].create(inputs(kind, home), ro())).id).toBe(made.id);
    expect(count(kind)).toBe(1);
    for (const secret of [ADMIN, OPENAI_KEY, ROTATED_KEY]) {
      expect(JSON.stringify({ ...made.outs, apiKey: undefined })).not.toContain(secret);
      expect(events.join('\n')).not.toContain(secret);
    }
  });

  it('a dropped connection after an update acted is retried (PUT is idempotent) and the budget lands once', async () => {
    const w = await workspace();
    await integration();
    const made = await runtime.provider.create(providerInputs(w.id), ro());
    server.faults.apply({ drop: { next: 1, method: 'PUT', path: '/v1/providers/research-openai' } });
    const raised = providerInputs(w.id, { usageLimit: { type: 'cost', creditLimit: 300, alertThreshold: 240 } });
    const { outs } = await runtime.provider.update(made.id, made.outs, raised, ro());
    expect(server.faults.injected.drop).toBe(1);
    expect(outs).toMatchObject({ usageLimit: { creditLimit: 300, alertThreshold: 240 } });
  });

  it('a 503 on delete is retried; the object goes once', async () => {
    const w = await workspace();
    await integration();
    const made = await runtime.provider.create(providerInputs(w.id), ro());
    server.faults.apply({ serverError: { next: 2, status: 503, method: 'DELETE' } });
    await runtime.provider.remove(made.id, made.outs, ro());
    expect(server.faults.injected.serverError).toBe(2);
    expect(emulator.providers()).toEqual([]);
  });
});
