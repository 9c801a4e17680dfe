import { serveRecordedForFile } from '../core/recorded-server';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { serveEmulator, type RunningEmulator } from '../core/server';
import { GithubEmulator, SANDBOX_GITHUB_TOKEN, sealForGithub, type SecretScope } from './emulator';
import { GithubSpec, type RecordedExchange } from './spec/conformance';

const CANARY = 'canary-gh-secret-value-7Qw2Zr9X';
const ORG = 'sophia-ai';
const REPO = 'sophia-ai/sophia-ml-models';
let now = Date.UTC(2026, 11, 1, 12, 0, 0);
let emulator: GithubEmulator;
let server: RunningEmulator;
let exchanges: RecordedExchange[];

interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

async function call(method: string, path: string, body?: unknown, auth: string | null = `Bearer ${SANDBOX_GITHUB_TOKEN}`): Promise<Reply> {
  const res = await fetch(server.url + path, {
    method,
    headers: { ...(auth ? { authorization: auth } : {}), 'content-type': 'application/json', accept: 'application/vnd.github+json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const prefixOf = (scope: SecretScope) =>
  'org' in scope ? `/orgs/${scope.org}/actions/secrets` : scope.environment === undefined ? `/repos/${scope.repo}/actions/secrets` : `/repos/${scope.repo}/environments/${encodeURIComponent(scope.environment)}/secrets`;

/** What a client does: read the scope's key, seal, PUT. */
async function put(scope: SecretScope, name: string, value: string, extra: Record<string, unknown> = {}): Promise<Reply> {
  const key = (await call('GET', `${prefixOf(scope)}/public-key`)).body as { key_id: string; key: string };
  return call('PUT', `${prefixOf(scope)}/${name}`, { encrypted_value: await sealForGithub(key.key, value), key_id: key.key_id, ...('org' in scope ? { visibility: 'private' } : {}), ...extra });
}

// Every answer of every test below is recorded and checked against the vendored spec in the last test.
serveRecordedForFile(
  () => new GithubEmulator({ now: () => now }),
  (s) => ({ emulator, server, exchanges } = s),
);

test('auth: no Authorization is 401 "Requires authentication", a wrong token 401 "Bad credentials"; Bearer and token both work', async () => {
  expect(await call('GET', '/user', undefined, null)).toMatchObject({ status: 401, body: { message: 'Requires authentication' } });
  expect(await call('GET', '/user', undefined, 'Bearer ghp_wrong')).toMatchObject({ status: 401, body: { message: 'Bad credentials' } });
  expect((await call('GET', '/user', undefined, `token ${SANDBOX_GITHUB_TOKEN}`)).body).toMatchObject({ login: 'sophia-ai-sync-bot', type: 'User' });
  expect((await call('GET', '/user')).status).toBe(200);
  // The stack's local configuration carries the same sandbox token.
  const local = YAML.parse(fs.readFileSync(path.join(__dirname, '../../../../stacks/github/Pulumi.local.yaml'), 'utf8'));
  expect(local.config['github:token']).toBe(SANDBOX_GITHUB_TOKEN);
});

test('public keys: a real Curve25519 key per scope with a stable key_id; unknown scopes are 404', async () => {
  await call('PUT', `/repos/${REPO}/environments/production`);
  const keys = await Promise.all([`/orgs/${ORG}`, `/repos/${REPO}`, `/repos/${REPO}/environments/production`].map(async (p) => (await call('GET', `${p}${p.includes('environments') ? '/secrets' : '/actions/secrets'}/public-key`)).body));
  for (const k of keys) {
    expect(k.key_id).toMatch(/^\d{18}$/);
    expect(Buffer.from(k.key, 'base64')).toHaveLength(32);
  }
  expect(new Set(keys.map((k) => k.key)).size).toBe(3);
  expect((await call('GET', `/repos/${REPO}/actions/secrets/public-key`)).body).toEqual(keys[1]);
  expect((await call('GET', '/repos/sophia-ai/nope/actions/secrets/public-key')).status).toBe(404);
  expect((await call('GET', `/repos/${REPO}/environments/staging/secrets/public-key`)).status).toBe(404);
  expect((await call('GET', '/orgs/someone-else/actions/secrets/public-key')).status).toBe(404);
});

test('repository secrets: sealed value round-trips (201 then 204), names upper-cased, GET and list never carry the value', async () => {
  const created = await put({ repo: REPO }, 'openai_api_key', CANARY);
  expect(created.status).toBe(201);
  expect(created.body).toEqual({});
  expect(emulator.secretPlaintext({ repo: REPO }, 'OPENAI_API_KEY')).toBe(CANARY);
  const first = (await call('GET', `/repos/${REPO}/actions/secrets/OpenAI_Api_Key`)).body;
  expect(first).toEqual({ name: 'OPENAI_API_KEY', created_at: '2026-12-01T12:00:00Z', updated_at: '2026-12-01T12:00:00Z' });

  now += 60_000;
  const updated = await put({ repo: REPO }, 'OPENAI_API_KEY', `${CANARY}-2`);
  expect(updated.status).toBe(204);
  expect(emulator.secretPlaintext({ repo: REPO }, 'openai_api_key')).toBe(`${CANARY}-2`);
  const after = (await call('GET', `/repos/${REPO}/actions/secrets/OPENAI_API_KEY`)).body;
  expect(after).toEqual({ name: 'OPENAI_API_KEY', created_at: '2026-12-01T12:00:00Z', updated_at: '2026-12-01T12:01:00Z' });

  const list = await call('GET', `/repos/${REPO}/actions/secrets`);
  expect(list.body).toEqual({ total_count: 1, secrets: [after] });
  expect(JSON.stringify(exchanges)).not.toContain(CANARY);

  expect((await call('DELETE', `/repos/${REPO}/actions/secrets/openai_api_key`)).status).toBe(204);
  expect((await call('GET', `/repos/${REPO}/actions/secrets/OPENAI_API_KEY`)).status).toBe(404);
  expect((await call('DELETE', `/repos/${REPO}/actions/secrets/OPENAI_API_KEY`)).status).toBe(404);
  expect(emulator.secretPlaintext({ repo: REPO }, 'OPENAI_API_KEY')).toBeUndefined();
});

test('PUT: a stale key_id, a box sealed to another key, non-base64 and missing fields are 422; nothing is stored', async () => {
  const key = (await call('GET', `/repos/${REPO}/actions/secrets/public-key`)).body;
  const other = (await call('GET', `/orgs/${ORG}/actions/secrets/public-key`)).body;
  const sealed = await sealForGithub(key.key, CANARY);
  const cases: Array<[unknown, RegExp]> = [
    [{ encrypted_value: sealed, key_id: other.key_id }, /key_id/],
    [{ encrypted_value: await sealForGithub(other.key, CANARY), key_id: key.key_id }, /could not be decrypted/],
    [{ encrypted_value: 'not base64!', key_id: key.key_id }, /base64/],
    [{ encrypted_value: Buffer.from('short').toString('base64'), key_id: key.key_id }, /could not be decrypted/],
    [{ key_id: key.key_id }, /"encrypted_value" wasn't supplied/],
    [{ encrypted_value: sealed }, /"key_id" wasn't supplied/],
  ];
  for (const [body, message] of cases) {
    const r = await call('PUT', `/repos/${REPO}/actions/secrets/TOKEN`, body);
    expect([r.status, r.body.message]).toEqual([422, expect.stringMatching(message)]);
    expect(JSON.stringify(r.body)).not.toContain(CANARY);
  }
  expect((await call('PUT', `/repos/${REPO}/actions/secrets/TOKEN`, '{not json')).status).toBe(400);
  expect(emulator.secretNames({ repo: REPO })).toEqual([]);

  const oldKeyId = key.key_id;
  const rotated = await emulator.rotatePublicKey({ repo: REPO });
  expect(rotated).not.toBe(oldKeyId);
  expect((await call('PUT', `/repos/${REPO}/actions/secrets/TOKEN`, { encrypted_value: sealed, key_id: oldKeyId })).status).toBe(422);
  expect((await put({ repo: REPO }, 'TOKEN', CANARY)).status).toBe(201);
});

test('names: A–Z 0–9 _ only, no leading digit, no GITHUB_ prefix (any case); the 48 KB value limit', async () => {
  for (const bad of ['1PASSWORD', 'GITHUB_TOKEN', 'github_x', 'WITH-DASH', 'SP ACE', 'ÄPFEL']) {
    const r = await put({ repo: REPO }, encodeURIComponent(bad), CANARY);
    expect([bad, r.status]).toEqual([bad, 422]);
  }
  for (const good of ['_UNDERSCORE', 'A1', 'lower_case']) expect([good, (await put({ repo: REPO }, good, CANARY)).status]).toEqual([good, 201]);
  expect((await put({ repo: REPO }, 'BIG', 'x'.repeat(48 * 1024))).status).toBe(201);
  const tooBig = await put({ repo: REPO }, 'BIGGER', 'x'.repeat(48 * 1024 + 1));
  expect([tooBig.status, tooBig.body.message]).toEqual([422, expect.stringMatching(/48 KB/)]);
  expect(emulator.secretNames({ repo: REPO })).toEqual(['A1', 'BIG', 'LOWER_CASE', '_UNDERSCORE']);
});

test('per-scope count limits: past the limit a new secret is 422, updating an existing one still works', async () => {
  const small = new GithubEmulator({ limits: { repo: 3 } });
  const s = await serveEmulator(small);
  try {
    const key = (await (await fetch(`${s.url}/repos/${REPO}/actions/secrets/public-key`, { headers: { authorization: `token ${SANDBOX_GITHUB_TOKEN}` } })).json()) as { key: string; key_id: string };
    const putSmall = async (name: string) =>
      (await fetch(`${s.url}/repos/${REPO}/actions/secrets/${name}`, { method: 'PUT', headers: { authorization: `token ${SANDBOX_GITHUB_TOKEN}` }, body: JSON.stringify({ encrypted_value: await sealForGithub(key.key, 'v'), key_id: key.key_id }) })).status;
    expect([await putSmall('A'), await putSmall('B'), await putSmall('C'), await putSmall('D'), await putSmall('A')]).toEqual([201, 201, 201, 422, 204]);
  } finally {
    await s.close();
  }
});

test('pagination: per_page/page, total_count, Link next/last/first/prev; per_page is capped at 100', async () => {
  for (let i = 0; i < 5; i++) await put({ repo: REPO }, `S${i}`, 'v');
  const p1 = await call('GET', `/repos/${REPO}/actions/secrets?per_page=2`);
  expect(p1.body.total_count).toBe(5);
  expect(p1.body.secrets.map((s: any) => s.name)).toEqual(['S0', 'S1']);
  expect(p1.headers.get('link')).toBe(`<${server.url}/repos/${REPO}/actions/secrets?per_page=2&page=2>; rel="next", <${server.url}/repos/${REPO}/actions/secrets?per_page=2&page=3>; rel="last"`);
  const p3 = await call('GET', `/repos/${REPO}/actions/secrets?per_page=2&page=3`);
  expect(p3.body.secrets.map((s: any) => s.name)).toEqual(['S4']);
  expect(p3.headers.get('link')).toMatch(/rel="first".*page=2>; rel="prev"/);
  expect((await call('GET', `/repos/${REPO}/actions/secrets?per_page=500`)).body.secrets).toHaveLength(5);
  expect((await call('GET', `/repos/${REPO}/actions/secrets`)).headers.get('link')).toBeNull();
  expect((await call('GET', `/repos/${REPO}/actions/secrets?page=0`)).status).toBe(422);
});

test('organisation secrets: visibility, selected repositories list/set/add/remove, 409 when not selected', async () => {
  const models = emulator.repository(REPO).id;
  const pipelines = emulator.repository('sophia-ai/sophia-data-pipelines').id;
  expect((await put({ org: ORG }, 'SHARED', CANARY, { visibility: 'all' })).status).toBe(201);
  expect((await call('GET', `/orgs/${ORG}/actions/secrets/SHARED`)).body).toEqual({ name: 'SHARED', created_at: expect.any(String), updated_at: expect.any(String), visibility: 'all' });
  expect((await call('PUT', `/orgs/${ORG}/actions/secrets/SHARED/repositories/${models}`)).status).toBe(409);
  expect((await put({ org: ORG }, 'NOVIS', CANARY, { visibility: undefined })).status).toBe(422);
  expect((await put({ org: ORG }, 'BADSEL', CANARY, { visibility: 'all', selected_repository_ids: [models] })).status).toBe(422);
  expect((await put({ org: ORG }, 'UNKNOWNREPO', CANARY, { visibility: 'selected', selected_repository_ids: [42] })).status).toBe(422);

  expect((await put({ org: ORG }, 'SCOPED', CANARY, { visibility: 'selected', selected_repository_ids: [models] })).status).toBe(201);
  const got = (await call('GET', `/orgs/${ORG}/actions/secrets/SCOPED`)).body;
  expect(got).toMatchObject({ visibility: 'selected', selected_repositories_url: `${server.url}/orgs/${ORG}/actions/secrets/SCOPED/repositories` });
  expect((await call('GET', `/repos/${REPO}`)).body).toMatchObject({ id: models, full_name: REPO, private: true });
  expect((await call('GET', '/repos/sophia-ai/nope')).status).toBe(404);
  const listed = await call('GET', `/orgs/${ORG}/actions/secrets/SCOPED/repositories`);
  expect(listed.body).toMatchObject({ total_count: 1, repositories: [{ id: models, full_name: REPO, private: true }] });

  expect((await call('PUT', `/orgs/${ORG}/actions/secrets/SCOPED/repositories/${pipelines}`)).status).toBe(204);
  expect(emulator.secretInfo({ org: ORG }, 'SCOPED')!.selected).toEqual([models, pipelines].sort((a, b) => a - b));
  expect((await call('DELETE', `/orgs/${ORG}/actions/secrets/SCOPED/repositories/${models}`)).status).toBe(204);
  expect(emulator.secretInfo({ org: ORG }, 'SCOPED')!.selected).toEqual([pipelines]);
  expect((await call('PUT', `/orgs/${ORG}/actions/secrets/SCOPED/repositories`, { selected_repository_ids: [models, pipelines] })).status).toBe(204);
  expect((await call('GET', `/orgs/${ORG}/actions/secrets/SCOPED/repositories?per_page=1`)).body.total_count).toBe(2);
  expect((await call('PUT', `/orgs/${ORG}/actions/secrets/SCOPED/repositories`, {})).status).toBe(422);
  // Changing the selection does not touch the value or updated_at; a later PUT without ids keeps the selection.
  const before = emulator.secretInfo({ org: ORG }, 'SCOPED')!;
  now += 5_000;
  expect((await put({ org: ORG }, 'SCOPED', `${CANARY}-2`, { visibility: 'selected' })).status).toBe(204);
  expect(emulator.secretInfo({ org: ORG }, 'SCOPED')).toEqual({ ...before, updated_at: expect.not.stringMatching(before.updated_at) });
  expect(emulator.secretPlaintext({ org: ORG }, 'SCOPED')).toBe(`${CANARY}-2`);
  const list = (await call('GET', `/orgs/${ORG}/actions/secrets`)).body;
  expect(list.secrets.map((s: any) => [s.name, s.visibility])).toEqual([['SCOPED', 'selected'], ['SHARED', 'all']]);

  // What each repository sees: all; private ones if it is private; selected ones where it is selected.
  expect((await put({ org: ORG }, 'PRIVATE_ONLY', CANARY, { visibility: 'private' })).status).toBe(201);
  expect((await call('PUT', `/orgs/${ORG}/actions/secrets/SCOPED/repositories`, { selected_repository_ids: [pipelines] })).status).toBe(204);
  const sees = async (repo: string) => (await call('GET', `/repos/${repo}/actions/organization-secrets`)).body.secrets.map((s: any) => s.name);
  expect(await sees(REPO)).toEqual(['PRIVATE_ONLY', 'SHARED']);
  expect(await sees('sophia-ai/sophia-data-pipelines')).toEqual(['PRIVATE_ONLY', 'SCOPED', 'SHARED']);
  expect(await sees('sophia-ai/.github')).toEqual(['SHARED']);
});

test('environments: PUT creates and updates (protection rules), list, environment secrets, names URL-encoded, delete removes secrets', async () => {
  expect((await call('GET', `/repos/${REPO}/environments/production`)).status).toBe(404);
  const created = await call('PUT', `/repos/${REPO}/environments/production`, { wait_timer: 30, reviewers: [{ type: 'User', id: 7 }], deployment_branch_policy: { protected_branches: true, custom_branch_policies: false } });
  expect(created.status).toBe(200);
  expect(created.body).toMatchObject({ name: 'production', protection_rules: [{ type: 'wait_timer', wait_timer: 30 }, { type: 'required_reviewers' }, { type: 'branch_policy' }] });
  expect((await call('PUT', `/repos/${REPO}/environments/${encodeURIComponent('team/ml')}`)).body.name).toBe('team/ml');
  expect((await call('PUT', `/repos/${REPO}/environments/x`, { bogus: 1 })).status).toBe(422);
  expect((await call('GET', `/repos/${REPO}/environments`)).body).toMatchObject({ total_count: 2, environments: [{ name: 'production' }, { name: 'team/ml' }] });

  expect((await put({ repo: REPO, environment: 'team/ml' }, 'DEPLOY_KEY', CANARY)).status).toBe(201);
  expect(emulator.secretPlaintext({ repo: REPO, environment: 'team/ml' }, 'DEPLOY_KEY')).toBe(CANARY);
  expect(emulator.secretPlaintext({ repo: REPO }, 'DEPLOY_KEY')).toBeUndefined();
  expect((await call('GET', `/repos/${REPO}/environments/team%2Fml/secrets`)).body).toMatchObject({ total_count: 1, secrets: [{ name: 'DEPLOY_KEY' }] });
  expect((await call('GET', `/repos/${REPO}/environments/team%2Fml/secrets/deploy_key`)).status).toBe(200);
  expect((await call('GET', `/repos/${REPO}/environments/staging/secrets/public-key`)).status).toBe(404);
  expect((await call('PUT', `/repos/${REPO}/environments/staging/secrets/X`, { encrypted_value: 'AAAA', key_id: '1' })).status).toBe(404);

  expect((await call('PUT', `/repos/${REPO}/environments/nullable`, 'null')).status).toBe(200);
  expect((await call('DELETE', `/repos/${REPO}/environments/team%2Fml`)).status).toBe(204);
  await call('PUT', `/repos/${REPO}/environments/team%2Fml`);
  expect((await call('GET', `/repos/${REPO}/environments/team%2Fml/secrets`)).body.total_count).toBe(0);
});

test('primary rate limit: x-ratelimit-* on every answer, /rate_limit is free, exhaustion is 403 (or 429) with remaining 0', async () => {
  const a = await call('GET', `/repos/${REPO}/actions/secrets`);
  const b = await call('GET', `/repos/${REPO}/actions/secrets`);
  expect(a.headers.get('x-ratelimit-limit')).toBe('5000');
  expect(Number(a.headers.get('x-ratelimit-remaining')) - Number(b.headers.get('x-ratelimit-remaining'))).toBe(1);
  expect(b.headers.get('x-ratelimit-used')).toBe('2');
  expect(Number(b.headers.get('x-ratelimit-reset'))).toBe(Math.ceil(now / 1000) + 3600);
  expect(Date.parse(b.headers.get('date')!)).toBe(now);
  const rl = await call('GET', '/rate_limit');
  expect(rl.body.resources.core).toEqual({ limit: 5000, remaining: 4998, reset: Math.ceil(now / 1000) + 3600, used: 2 });
  expect((await call('GET', '/rate_limit')).body.rate.used).toBe(2);

  emulator.control({ primaryRemaining: 1 });
  expect((await call('GET', '/user')).status).toBe(200);
  const limited = await call('GET', '/user');
  expect([limited.status, limited.body.message, limited.headers.get('x-ratelimit-remaining')]).toEqual([403, expect.stringMatching(/^API rate limit exceeded/), '0']);
  emulator.control({ primaryStatus: 429 });
  expect((await call('PUT', `/repos/${REPO}/environments/x`)).status).toBe(429);
  now += 3_600_000;
  expect((await call('GET', '/user')).status).toBe(200);
});

test('secondary rate limit: 403 with retry-after and the documented message; the API does not act', async () => {
  emulator.control({ secondary: { next: 1, method: 'PUT', retryAfterSeconds: 7 } });
  const r = await put({ repo: REPO }, 'TOKEN', CANARY);
  expect([r.status, r.headers.get('retry-after'), r.body.message]).toEqual([403, '7', expect.stringMatching(/secondary rate limit/)]);
  expect(emulator.secretNames({ repo: REPO })).toEqual([]);
  expect((await put({ repo: REPO }, 'TOKEN', CANARY)).status).toBe(201);
  emulator.control({ secondary: { next: 1, retryAfterSeconds: null, status: 429 } });
  const s = await call('GET', '/user');
  expect([s.status, s.headers.get('retry-after')]).toEqual([429, null]);
});

test('faults: a dropped connection after the PUT was applied and a client timeout before it was; retries converge (204, one secret); 5xx and 429 in GitHub error shape', async () => {
  server.faults.dropAfterHandle({ next: 1, method: 'PUT', path: `/repos/${REPO}/actions/secrets/*` });
  await expect(put({ repo: REPO }, 'TOKEN', CANARY)).rejects.toThrow();
  expect(emulator.secretPlaintext({ repo: REPO }, 'TOKEN')).toBe(CANARY);
  expect((await put({ repo: REPO }, 'TOKEN', CANARY)).status).toBe(204);
  expect(emulator.secretNames({ repo: REPO })).toEqual(['TOKEN']);

  // A timeout: the client gives up, the API acts afterwards (a retry then finds the secret there: 204).
  server.faults.delayBeforeHandle({ next: 1, method: 'PUT', path: `/repos/${REPO}/actions/secrets/LATE`, ms: 300 });
  const key = (await call('GET', `/repos/${REPO}/actions/secrets/public-key`)).body;
  const body = JSON.stringify({ encrypted_value: await sealForGithub(key.key, CANARY), key_id: key.key_id });
  const late = fetch(`${server.url}/repos/${REPO}/actions/secrets/LATE`, { method: 'PUT', body, headers: { authorization: `token ${SANDBOX_GITHUB_TOKEN}` }, signal: AbortSignal.timeout(30) });
  await expect(late).rejects.toThrow();
  for (let i = 0; i < 100 && emulator.secretPlaintext({ repo: REPO }, 'LATE') === undefined; i++) await new Promise((r) => setTimeout(r, 20));
  expect(emulator.secretPlaintext({ repo: REPO }, 'LATE')).toBe(CANARY);
  expect((await call('PUT', `/repos/${REPO}/actions/secrets/LATE`, body)).status).toBe(204);

  server.faults.serverError({ next: 1, status: 502 });
  expect(await call('GET', '/user')).toMatchObject({ status: 502, body: { message: expect.any(String), documentation_url: expect.any(String) } });
  server.faults.rateLimit({ next: 1, retryAfterSeconds: 3 });
  const r = await call('GET', '/user');
  expect([r.status, r.headers.get('retry-after')]).toEqual([429, '3']);
  expect(server.faults.injected).toMatchObject({ drop: 1, delay: 1, serverError: 1, rateLimit: 1 });
});

test('conformance: every answer above is what the vendored spec documents (the validator can fail)', () => {
  const spec = new GithubSpec();
  expect(exchanges.length).toBeGreaterThan(60);
  expect(exchanges.flatMap((x) => [...spec.answerProblems(x), ...(x.status < 300 ? spec.requestProblems(x) : [])])).toEqual([]);
  expect(spec.answerProblems({ method: 'GET', path: `/repos/${REPO}/actions/secrets/X`, status: 200, body: { name: 'X', created_at: 'yesterday', updated_at: '2026-01-01T00:00:00Z' } })[0]).toMatch(/date-time/);
  expect(spec.answerProblems({ method: 'PUT', path: `/repos/${REPO}/actions/secrets/X`, status: 200, body: {} })[0]).toMatch(/status not documented/);
  expect(spec.answerProblems({ method: 'GET', path: '/repos/a/b/actions/variables', status: 200, body: {} })[0]).toMatch(/no such operation/);
  expect(spec.answerProblems({ method: 'PUT', path: `/orgs/${ORG}/actions/secrets/X`, status: 422, body: { message: 'm' } })[0]).toMatch(/documentation_url/);
  const repos = exchanges.find((x) => x.path.endsWith('/SCOPED/repositories') && x.method === 'GET')!;
  const { html_url: _dropped, ...withoutHtmlUrl } = (repos.body as any).repositories[0];
  expect(spec.answerProblems({ ...repos, body: { total_count: 1, repositories: [withoutHtmlUrl] } })[0]).toMatch(/html_url/);
});
