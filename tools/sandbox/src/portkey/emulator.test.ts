import { serveRecordedForFile } from '../core/recorded-server';
import type { RunningEmulator } from '../core/server';
import { PortkeyEmulator, SANDBOX_PORTKEY_API_KEY, SANDBOX_PORTKEY_USERS } from './emulator';
import { PortkeySpec, type RecordedExchange } from './spec/conformance';

const OPENAI_KEY = 'canary_openai_sk_Zr4Tq8Wm2Yx6';
let emulator: PortkeyEmulator;
let server: RunningEmulator;
let exchanges: RecordedExchange[];

async function call(method: string, path: string, body?: unknown, key: string | null = SANDBOX_PORTKEY_API_KEY): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/v1${path}`, {
    method,
    headers: { ...(key ? { 'x-portkey-api-key': key } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const code = (r: { body: any }) => r.body?.data?.errorCode;

// Every answer of every test below is recorded and checked against the vendored spec in the last test.
serveRecordedForFile(
  () => new PortkeyEmulator(),
  (s) => ({ emulator, server, exchanges } = s),
);

async function workspace(name = 'research') {
  return (await call('POST', '/admin/workspaces', { name, defaults: { metadata: { team: 'ml' } } })).body as { id: string; slug: string };
}
async function integration(slug = 'openai-main') {
  return call('POST', '/integrations', { name: 'OpenAI', slug, ai_provider_id: 'openai', key: OPENAI_KEY });
}
async function provider(workspaceId: string, extra: Record<string, unknown> = {}) {
  await integration();
  return call('POST', '/providers', { name: 'research-openai', slug: 'research-openai', integration_id: 'openai-main', workspace_id: workspaceId, ...extra });
}

test('auth: a missing or wrong x-portkey-api-key is 401 AB05 in the error envelope; Bearer is not the admin header', async () => {
  for (const key of [null, 'wrong-key-wrong-key']) {
    const r = await call('GET', '/admin/workspaces', undefined, key);
    expect(r).toEqual({ status: 401, body: { success: false, data: { message: 'Unauthorised Request', errorCode: 'AB05' } } });
  }
  const bearer = await fetch(`${server.url}/v1/admin/workspaces`, { headers: { authorization: `Bearer ${SANDBOX_PORTKEY_API_KEY}` } });
  expect(bearer.status).toBe(401);
});

test('workspaces: server-made slugs, names not unique, exact_name and name filters, pagination', async () => {
  const a = await workspace('research');
  const b = await workspace('research');
  await workspace('production');
  expect(a.slug).toMatch(/^ws-research-[0-9a-f]{6}$/);
  expect(b.slug).not.toBe(a.slug);
  const exact = await call('GET', '/admin/workspaces?exact_name=research');
  expect(exact.body).toMatchObject({ object: 'list', total: 2 });
  expect((await call('GET', '/admin/workspaces?exact_name=Research')).body.total).toBe(0);
  expect((await call('GET', '/admin/workspaces?name=RESEA')).body.total).toBe(2);
  const page1 = await call('GET', '/admin/workspaces?page_size=2&current_page=1');
  expect(page1.body.total).toBe(3);
  expect(page1.body.data.map((w: any) => w.name)).toEqual(['production']);
  expect(code(await call('GET', '/admin/workspaces?page_size=0'))).toBe('AB01');
});

test('workspaces: PUT answers an empty object (read again to see it), GET by id or slug', async () => {
  const w = await workspace();
  expect(await call('PUT', `/admin/workspaces/${w.id}`, { description: 'Experiments', defaults: { metadata: { team: 'research' } } })).toEqual({ status: 200, body: {} });
  const got = await call('GET', `/admin/workspaces/${w.slug}`);
  expect(got.body).toMatchObject({ id: w.id, description: 'Experiments', defaults: { metadata: { team: 'research' } }, users: [] });
});

test('workspaces: delete needs the name, refuses dependents (409 AB07) unless force_delete, then GET is 403 AB03', async () => {
  const w = await workspace();
  await provider(w.id);
  expect(code(await call('DELETE', `/admin/workspaces/${w.id}`))).toBe('AB01');
  expect(code(await call('DELETE', `/admin/workspaces/${w.id}`, { name: 'other' }))).toBe('AB01');
  const refused = await call('DELETE', `/admin/workspaces/${w.id}`, { name: 'research' });
  expect([refused.status, code(refused)]).toEqual([409, 'AB07']);
  expect(emulator.providers()).toHaveLength(1);
  expect((await call('DELETE', `/admin/workspaces/${w.id}`, { name: 'research', force_delete: true })).status).toBe(200);
  expect(emulator.providers()).toHaveLength(0);
  const gone = await call('GET', `/admin/workspaces/${w.id}`);
  expect([gone.status, code(gone)]).toEqual([403, 'AB03']);
  expect(code(await call('GET', '/admin/workspaces/00000000-0000-4000-8000-000000000000'))).toBe('AB08');
});

test('integrations: caller-chosen slug, 409 AB07 on a duplicate, bad slug AB01, the key only ever masked', async () => {
  expect(await integration()).toMatchObject({ status: 200, body: { id: expect.any(String), slug: 'openai-main' } });
  const dup = await integration();
  expect([dup.status, code(dup)]).toEqual([409, 'AB07']);
  const bad = await call('POST', '/integrations', { name: 'x', slug: 'no spaces!', ai_provider_id: 'openai' });
  expect([bad.status, bad.body.data.message]).toEqual([400, expect.stringMatching(/^slug: must match/)]);
  const got = await call('GET', '/integrations/openai-main');
  expect(got.body).toMatchObject({ slug: 'openai-main', ai_provider_id: 'openai', masked_key: 'ca*******x6', object: 'integration' });
  expect((await call('GET', '/integrations')).body).toMatchObject({ object: 'list', total: 1 });
  await call('PUT', '/integrations/openai-main', { key: 'canary_rotated_Kd8Lq2Wz' });
  expect(emulator.integrations()[0]!.key).toBe('canary_rotated_Kd8Lq2Wz');
  expect(code(await call('GET', '/integrations/nope'))).toBe('AB08');
  expect(JSON.stringify(exchanges.map((x) => x.body))).not.toContain(OPENAI_KEY);
});

test('providers: need a workspace id and an integration, budgets checked, 409 AB07 on a duplicate slug', async () => {
  const w = await workspace();
  await integration();
  const missing = await call('POST', '/providers', { name: 'p', integration_id: 'openai-main', workspace_id: w.slug });
  expect(missing.body.data.message).toMatch(/workspace_id: a workspace id \(UUID\)/);
  const threshold = await call('POST', '/providers', { name: 'p', integration_id: 'openai-main', workspace_id: w.id, usage_limits: { type: 'cost', credit_limit: 10, alert_threshold: 10 } });
  expect([threshold.status, threshold.body.data.message]).toEqual([400, expect.stringMatching(/alertThreshold \(10\) must be below creditLimit \(10\)/)]);
  expect(code(await call('POST', '/providers', { name: 'p', integration_id: 'nope', workspace_id: w.id }))).toBe('AB01');
  const made = await call('POST', '/providers', { name: 'p', slug: 'p1', integration_id: 'openai-main', workspace_id: w.id, rate_limits: { type: 'requests', unit: 'rpm', value: 60 } });
  expect(made.body).toEqual({ id: expect.any(String), slug: 'p1' });
  expect(code(await call('POST', '/providers', { name: 'p', slug: 'p1', integration_id: 'openai-main', workspace_id: w.id }))).toBe('AB07');
  // rate_limits sent as one object come back as an array.
  expect((await call('GET', `/providers/p1?workspace_id=${w.id}`)).body).toMatchObject({ slug: 'p1', rate_limits: [{ type: 'requests', unit: 'rpm', value: 60 }], status: 'active', object: 'provider' });
  expect((await call('GET', `/providers?workspace_id=${w.id}&page_size=1`)).body).toMatchObject({ object: 'list', total: 1 });
});

test('providers: usage reaching the budget makes the provider exhausted; reset_usage makes it active', async () => {
  const w = await workspace();
  await provider(w.id, { usage_limits: { type: 'cost', credit_limit: 100, alert_threshold: 80, periodic_reset: 'monthly' } });
  emulator.spend('research-openai', 99);
  expect((await call('GET', '/providers/research-openai')).body.status).toBe('active');
  emulator.spend('research-openai', 1);
  expect((await call('GET', '/providers/research-openai')).body.status).toBe('exhausted');
  expect((await call('PUT', '/providers/research-openai', { reset_usage: true, usage_limits: { type: 'cost', credit_limit: 200, alert_threshold: 160 } })).status).toBe(200);
  expect((await call('GET', '/providers/research-openai')).body).toMatchObject({ status: 'active', usage_limits: { credit_limit: 200, alert_threshold: 160 } });
  expect((await call('DELETE', '/providers/research-openai')).status).toBe(200);
  expect(code(await call('GET', '/providers/research-openai'))).toBe('AB08');
});

test('configs: the spec envelope or the flat answer, config answered as an object or a string, PUT makes a new version', async () => {
  const w = await workspace();
  const body = { name: 'fallback', config: { strategy: { mode: 'fallback' }, retry: { attempts: 3 } }, isDefault: 0, workspace_id: w.id };
  const made = await call('POST', '/configs', body);
  expect(made.body).toEqual({ success: true, data: { id: expect.any(String), version_id: expect.any(String), slug: expect.stringMatching(/^pc-fallback-/) } });
  emulator.control({ configCreate: 'flat' });
  expect((await call('POST', '/configs', body)).body).toMatchObject({ id: expect.any(String), slug: expect.any(String), object: 'config' });
  const { slug, version_id } = made.body.data;
  expect((await call('GET', `/configs/${slug}`)).body.data.config).toEqual(body.config);
  emulator.control({ configAsString: true });
  expect(JSON.parse((await call('GET', `/configs/${slug}`)).body.data.config)).toEqual(body.config);
  const put = await call('PUT', `/configs/${slug}`, { config: { retry: { attempts: 5 } } });
  expect(put.body.data.version_id).not.toBe(version_id);
  expect((await call('GET', '/configs')).body).toMatchObject({ success: true, data: [expect.objectContaining({ slug }), expect.anything()] });
  expect(code(await call('POST', '/configs', { name: 'x', config: [] }))).toBe('AB01');
});

test('documented failures as switches (AB06, AB09) and the core faults answer in the error envelope', async () => {
  emulator.control({ fail: { next: 1, code: 'AB09', method: 'POST', path: '/v1/providers' } });
  const w = await workspace();
  await integration();
  const exhausted = await call('POST', '/providers', { name: 'p', integration_id: 'openai-main', workspace_id: w.id });
  expect([exhausted.status, code(exhausted)]).toEqual([402, 'AB09']);
  expect(emulator.providers()).toHaveLength(0);
  server.faults.apply({ rateLimit: { next: 1 } });
  const limited = await call('GET', '/admin/workspaces');
  expect([limited.status, code(limited)]).toEqual([429, 'AB06']);
  server.faults.apply({ serverError: { next: 1, status: 503 } });
  expect(code(await call('GET', '/admin/workspaces'))).toBe('AB04');
});

test('service API keys: plaintext only in the create and rotate answers, masked on GET, the old key valid for the transition', async () => {
  const clock = { t: Date.now() };
  emulator.reset();
  const w = await workspace();
  const made = await call('POST', '/api-keys/workspace/service', { name: 'backend', scopes: ['completions.write', 'logs.view'], workspace_id: w.id });
  expect(made.body).toEqual({ id: expect.any(String), key: expect.stringMatching(/^pk-sandbox-/), object: 'api-key' });
  const { id, key } = made.body;
  const got = await call('GET', `/api-keys/${id}`);
  expect(got.body).toMatchObject({ id, name: 'backend', type: 'workspace-service', workspace_id: w.id, scopes: ['completions.write', 'logs.view'], object: 'api-key' });
  expect(got.body.key).toBe(`${key.slice(0, 2)}*******${key.slice(-2)}`);
  expect((await call('GET', `/api-keys?workspace_id=${w.id}`)).body).toMatchObject({ object: 'list', total: 1 });
  expect(code(await call('POST', `/api-keys/${id}/rotate`, { key_transition_period_ms: 1000 }))).toBe('AB01');
  const rotated = await call('POST', `/api-keys/${id}/rotate`, { key_transition_period_ms: 1_800_000 });
  expect(rotated.body).toEqual({ id, key: expect.stringMatching(/^pk-sandbox-/), key_transition_expires_at: expect.any(String) });
  expect(Date.parse(rotated.body.key_transition_expires_at)).toBeGreaterThanOrEqual(clock.t + 1_800_000);
  expect(rotated.body.key).not.toBe(key);
  expect([emulator.acceptsGatewayKey(key), emulator.acceptsGatewayKey(rotated.body.key)]).toEqual([true, true]);
  expect(code(await call('POST', '/api-keys/workspace/service', { name: 'x', scopes: ['Not A Scope'], workspace_id: w.id }))).toBe('AB01');
  expect(code(await call('POST', '/api-keys/workspace/user', { name: 'x', scopes: ['logs.view'], workspace_id: w.id }))).toBe('AB01');
  expect((await call('DELETE', `/api-keys/${id}`)).status).toBe(200);
  expect(code(await call('GET', `/api-keys/${id}`))).toBe('AB08');
  expect(emulator.acceptsGatewayKey(rotated.body.key)).toBe(false);
});

test('policies: usage limits and rate limits per workspace, alert below the limit, delete archives', async () => {
  const w = await workspace();
  const base = { conditions: [{ key: 'workspace_id', value: w.id }], group_by: [{ key: 'api_key' }], workspace_id: w.id };
  const budget = await call('POST', '/policies/usage-limits', { ...base, name: 'per-key budget', type: 'cost', credit_limit: 50, alert_threshold: 40, periodic_reset: 'monthly' });
  expect(budget.body).toEqual({ id: expect.any(String), object: 'policy_usage_limits' });
  expect(code(await call('POST', '/policies/usage-limits', { ...base, type: 'cost', credit_limit: 50, alert_threshold: 50 }))).toBe('AB01');
  expect(code(await call('POST', '/policies/usage-limits', { ...base, conditions: [], type: 'cost', credit_limit: 5 }))).toBe('AB01');
  const rate = await call('POST', '/policies/rate-limits', { ...base, name: 'per-key rate', type: 'requests', unit: 'rpm', value: 100 });
  expect(rate.body.object).toBe('policy_rate_limits');
  expect((await call('PUT', `/policies/usage-limits/${budget.body.id}`, { credit_limit: 80, alert_threshold: 64 })).status).toBe(200);
  expect((await call('GET', `/policies/usage-limits/${budget.body.id}`)).body).toMatchObject({ credit_limit: 80, alert_threshold: 64, status: 'active', workspace_id: w.id });
  expect((await call('GET', `/policies/rate-limits?workspace_id=${w.id}`)).body).toMatchObject({ object: 'list', total: 1 });
  expect(code(await call('GET', `/policies/rate-limits/${budget.body.id}`))).toBe('AB08');
  expect((await call('DELETE', `/policies/usage-limits/${budget.body.id}`)).status).toBe(200);
  expect((await call('GET', `/policies/usage-limits/${budget.body.id}`)).body.status).toBe('archived');
  expect((await call('GET', '/policies/usage-limits?status=active')).body.total).toBe(0);
});

test('integration workspace access: per-workspace budgets, set by PUT and listed by GET', async () => {
  const w = await workspace();
  await integration();
  const access = { id: w.id, enabled: true, usage_limits: [{ type: 'cost', credit_limit: 200, alert_threshold: 160, periodic_reset: 'monthly' }], rate_limits: [{ type: 'requests', unit: 'rpm', value: 100 }] };
  expect(await call('PUT', '/integrations/openai-main/workspaces', { workspaces: [access], override_existing_workspace_access: false })).toEqual({ status: 200, body: {} });
  expect((await call('GET', '/integrations/openai-main/workspaces')).body).toEqual({ total: 1, workspaces: [access] });
  expect(code(await call('PUT', '/integrations/openai-main/workspaces', { workspaces: [{ ...access, usage_limits: [access.usage_limits[0], access.usage_limits[0]] }] }))).toBe('AB01');
  expect(code(await call('PUT', '/integrations/openai-main/workspaces', { workspaces: [{ id: 'nope', enabled: true }] }))).toBe('AB08');
  await call('PUT', '/integrations/openai-main/workspaces', { workspaces: [{ id: w.id, enabled: false }] });
  expect((await call('GET', '/integrations/openai-main/workspaces')).body.workspaces).toEqual([{ id: w.id, enabled: false, usage_limits: [], rate_limits: [] }]);
});

test('workspace members: organisation users only, added by id with a role, read, role changed in place, removed', async () => {
  const w = await workspace();
  const [, lead, researcher] = SANDBOX_PORTKEY_USERS;
  const users = await call('GET', '/admin/users?email=ML-LEAD@sophia-ai.example');
  expect(users.body).toMatchObject({ object: 'list', total: 1, data: [{ object: 'user', id: lead!.id, email: lead!.email, role: 'admin' }] });
  expect((await call('GET', '/admin/users?pageSize=2&currentPage=1')).body).toMatchObject({ total: 3, data: [expect.objectContaining({ id: researcher!.id })] });
  expect((await call('GET', `/admin/users/${researcher!.id}`)).body).toMatchObject({ id: researcher!.id, email: researcher!.email });
  expect(await call('POST', `/admin/workspaces/${w.id}/users`, { users: [{ id: lead!.id, role: 'admin' }, { id: researcher!.id, role: 'member' }] })).toEqual({ status: 200, body: {} });
  const got = await call('GET', `/admin/workspaces/${w.id}/users/${lead!.id}`);
  expect(got.body).toMatchObject({ object: 'workspace-user', id: lead!.id, email: lead!.email, role: 'admin', org_role: 'admin', status: 'active', workspace_id: w.id });
  expect((await call('GET', `/admin/workspaces/${w.slug}/users?role=member`)).body).toMatchObject({ object: 'list', total: 1, data: [{ id: researcher!.id }] });
  expect((await call('GET', `/admin/workspaces/${w.id}/users?page_size=1&current_page=1`)).body).toMatchObject({ total: 2, data: [{ id: researcher!.id }] });
  expect((await call('GET', `/admin/workspaces/${w.id}`)).body.users.map((u: any) => [u.email, u.role])).toEqual([[lead!.email, 'admin'], [researcher!.email, 'member']]);
  // Twice: 409 AB07, and nothing of that request is added; a user outside the organisation or a bad role: 400 AB01.
  const twice = await call('POST', `/admin/workspaces/${w.id}/users`, { users: [{ id: lead!.id, role: 'member' }] });
  expect([twice.status, code(twice)]).toEqual([409, 'AB07']);
  expect(code(await call('POST', `/admin/workspaces/${w.id}/users`, { users: [{ id: '00000000-0000-4000-8000-000000000000', role: 'member' }] }))).toBe('AB01');
  const badRole = await call('POST', `/admin/workspaces/${w.id}/users`, { users: [{ id: lead!.id, role: 'owner' }] });
  expect([badRole.status, badRole.body.data.message]).toEqual([400, 'users[0].role: one of admin, manager, member']);
  expect(await call('PUT', `/admin/workspaces/${w.id}/users/${lead!.id}`, { role: 'manager' })).toEqual({ status: 200, body: {} });
  expect((await call('GET', `/admin/workspaces/${w.id}/users/${lead!.id}`)).body.role).toBe('manager');
  expect(code(await call('PUT', `/admin/workspaces/${w.id}/users/${lead!.id}`, { role: 'boss' }))).toBe('AB01');
  expect((await call('DELETE', `/admin/workspaces/${w.id}/users/${lead!.id}`)).status).toBe(200);
  const removed = await call('GET', `/admin/workspaces/${w.id}/users/${lead!.id}`);
  expect([removed.status, code(removed)]).toEqual([404, 'AB08']);
  expect(code(await call('DELETE', `/admin/workspaces/${w.id}/users/${lead!.id}`))).toBe('AB08');
  // The workspace deleted: its members go with it, and reading one is the 403 AB03 of a deleted workspace.
  await call('DELETE', `/admin/workspaces/${w.id}`, { name: 'research' });
  const deleted = await call('GET', `/admin/workspaces/${w.id}/users/${researcher!.id}`);
  expect([deleted.status, code(deleted)]).toEqual([403, 'AB03']);
  expect(emulator.orgUsers()).toHaveLength(3);
});

test('every answer above is what the spec documents, and every request body the spec accepts', () => {
  const spec = new PortkeySpec();
  expect(exchanges.length).toBeGreaterThan(40);
  expect(exchanges.flatMap((x) => spec.answerProblems(x))).toEqual([]);
  // Requests the tests made invalid on purpose are the ones the emulator refused.
  expect(exchanges.filter((x) => x.status < 400).flatMap((x) => spec.requestProblems(x))).toEqual([]);
});

test('the conformance check fails answers the spec does not document', () => {
  const spec = new PortkeySpec();
  expect(spec.answerProblems({ method: 'GET', path: '/v1/providers/x', status: 200, body: { status: 'paused' } })).toEqual([expect.stringMatching(/status must be equal to one of the allowed values/)]);
  expect(spec.answerProblems({ method: 'GET', path: '/v1/providers/x', status: 404, body: { error: 'nope' } }).length).toBeGreaterThan(0);
  expect(spec.answerProblems({ method: 'GET', path: '/v1/providers/x', status: 404, body: { success: false, data: { message: 'm', errorCode: 'AB07' } } })).toEqual([expect.stringMatching(/AB07 is documented as 409/)]);
  expect(spec.answerProblems({ method: 'PATCH', path: '/v1/providers/x', status: 200, body: {} })).toEqual([expect.stringMatching(/no such operation/)]);
  expect(spec.operation('POST', '/v1/api-keys/abc/rotate')?.template).toBe('/api-keys/{id}/rotate');
  expect(spec.answerProblems({ method: 'GET', path: '/v1/admin/workspaces/w/users/u', status: 200, body: { object: 'workspace-user', role: 'owner' } })).toEqual([expect.stringMatching(/\/role must be equal to one of the allowed values/)]);
  expect(spec.requestProblems({ method: 'POST', path: '/v1/providers', status: 200, body: {}, requestBody: { name: 'p', integration_id: 'i', rate_limits: [{ type: 'requests', unit: 'rps', value: 1 }] } }))
    .toEqual([expect.stringMatching(/\/rate_limits\/0\/unit must be equal to one of the allowed values/)]);
});
