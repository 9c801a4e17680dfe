/**
 * The issue and issue-comment endpoints: created once and numbered, listed by state and labels, updated, closed
 * with a reason and reopened, commented on (an issue or a pull request's conversation), bad bodies refused, and
 * every answer checked against the vendored spec in the last test.
 */
import { serveRecordedForFile } from '../core/recorded-server';
import type { RunningEmulator } from '../core/server';
import { GithubEmulator, SANDBOX_GITHUB_TOKEN } from './emulator';
import { ISSUE_BODY_MAX_CHARS } from './issue-routes';
import { GithubSpec, type RecordedExchange } from './spec/conformance';

const REPO = 'sophia-ai/sophia-ai-infrastructure';
const START = Date.UTC(2026, 11, 1, 12, 0, 0);
let now = START;
let emulator: GithubEmulator;
let server: RunningEmulator;
let exchanges: RecordedExchange[];

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${SANDBOX_GITHUB_TOKEN}`, 'content-type': 'application/json', accept: 'application/vnd.github+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

serveRecordedForFile(
  () => new GithubEmulator({ now: () => now }),
  (s) => ({ emulator, server, exchanges } = s),
);
beforeEach(() => (now = START));

test('create: 201 with the next number, the authenticated user as author, labels made on the fly; get answers the same issue', async () => {
  const first = await call('POST', `/repos/${REPO}/issues`, { title: 'Secrets failing: dev', body: 'one', labels: ['secrets:dev', { name: 'automation' }] });
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({ number: 1, state: 'open', state_reason: null, title: 'Secrets failing: dev', body: 'one', user: { login: 'sophia-ai-sync-bot' }, comments: 0, closed_at: null });
  expect(first.body.labels.map((l: { name: string }) => l.name)).toEqual(['secrets:dev', 'automation']);
  expect(first.headers.get('location')).toBe(`${server.url}/repos/${REPO}/issues/1`);
  expect((await call('POST', `/repos/${REPO}/issues`, { title: 'second' })).body).toMatchObject({ number: 2, body: null, labels: [] });
  expect((await call('GET', `/repos/${REPO}/issues/1`)).body).toEqual(first.body);
  expect((await call('GET', `/repos/${REPO}/issues/3`)).status).toBe(404);
  expect((await call('GET', `/repos/${REPO}/issues/abc`)).status).toBe(404);
  expect((await call('POST', '/repos/sophia-ai/nope/issues', { title: 'x' })).status).toBe(404);
});

test('create refuses a missing or empty title, labels that are not names, and a body over 65536 characters (422, nothing created)', async () => {
  expect(await call('POST', `/repos/${REPO}/issues`, { body: 'no title' })).toMatchObject({ status: 422, body: { errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }] } });
  expect((await call('POST', `/repos/${REPO}/issues`, { title: '  ' })).status).toBe(422);
  expect((await call('POST', `/repos/${REPO}/issues`, { title: 't', labels: 'secrets:dev' })).status).toBe(422);
  const long = await call('POST', `/repos/${REPO}/issues`, { title: 't', body: 'x'.repeat(ISSUE_BODY_MAX_CHARS + 1) });
  expect(long).toMatchObject({ status: 422, body: { errors: [{ field: 'body', message: 'body is too long (maximum is 65536 characters)' }] } });
  expect((await call('POST', `/repos/${REPO}/issues`, { title: 't', body: 'x'.repeat(ISSUE_BODY_MAX_CHARS) })).status).toBe(201);
  expect(emulator.issues(REPO)).toHaveLength(1);
});

test('list: open by default, state closed|all, labels must all match (case-insensitive), newest first, paginated by Link', async () => {
  for (const [title, labels] of [['a', ['secrets:dev']], ['b', ['secrets:prod']], ['c', ['secrets:dev', 'automation']]] as const) {
    await call('POST', `/repos/${REPO}/issues`, { title, labels });
    now += 1000;
  }
  await call('PATCH', `/repos/${REPO}/issues/1`, { state: 'closed' });
  const titles = async (q: string) => (await call('GET', `/repos/${REPO}/issues${q}`)).body.map((i: { title: string }) => i.title);
  expect(await titles('')).toEqual(['c', 'b']);
  expect(await titles('?state=all&labels=secrets:dev')).toEqual(['c', 'a']);
  expect(await titles('?state=all&labels=SECRETS:DEV,automation')).toEqual(['c']);
  expect(await titles('?state=closed')).toEqual(['a']);
  expect(await titles('?state=all&direction=asc')).toEqual(['a', 'b', 'c']);
  expect(await titles('?labels=none-such')).toEqual([]);
  const page = await call('GET', `/repos/${REPO}/issues?state=all&per_page=2`);
  expect(page.body).toHaveLength(2);
  expect(page.headers.get('link')).toContain('rel="next"');
  expect((await call('GET', `/repos/${REPO}/issues?state=bogus`)).status).toBe(422);
});

test('update: title, body and labels replaced; closing records closed_at, closed_by and the reason; reopening clears them', async () => {
  await call('POST', `/repos/${REPO}/issues`, { title: 'old', body: 'old body', labels: ['a'] });
  now += 60_000;
  const edited = await call('PATCH', `/repos/${REPO}/issues/1`, { title: 'new', body: 'new body', labels: ['b'] });
  expect(edited.body).toMatchObject({ title: 'new', body: 'new body', updated_at: '2026-12-01T12:01:00Z', created_at: '2026-12-01T12:00:00Z' });
  expect(edited.body.labels.map((l: { name: string }) => l.name)).toEqual(['b']);
  const closed = await call('PATCH', `/repos/${REPO}/issues/1`, { state: 'closed', state_reason: 'not_planned' });
  expect(closed.body).toMatchObject({ state: 'closed', state_reason: 'not_planned', closed_at: '2026-12-01T12:01:00Z', closed_by: { login: 'sophia-ai-sync-bot' } });
  expect((await call('PATCH', `/repos/${REPO}/issues/1`, { state: 'open' })).body).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null, closed_by: null });
  expect((await call('PATCH', `/repos/${REPO}/issues/1`, { state: 'closed' })).body).toMatchObject({ state_reason: 'completed' });
  expect((await call('PATCH', `/repos/${REPO}/issues/1`, { state: 'done' })).status).toBe(422);
  expect((await call('PATCH', `/repos/${REPO}/issues/1`, { state: 'open', state_reason: 'because' })).status).toBe(422);
  expect((await call('PATCH', `/repos/${REPO}/issues/9`, { title: 'x' })).status).toBe(404);
  expect(emulator.issues(REPO)[0]).toMatchObject({ state: 'closed', title: 'new' });
});

test('comments: on an issue and on a pull request conversation, listed oldest first, updated in place; bad bodies 422', async () => {
  await call('POST', `/repos/${REPO}/issues`, { title: 'issue' });
  const pr = emulator.openPullRequest(REPO, 'Add a stack');
  expect(pr).toBe(2);
  expect((await call('GET', `/repos/${REPO}/issues/${pr}`)).body.pull_request).toMatchObject({ url: `${server.url}/repos/${REPO}/pulls/2` });
  const c1 = await call('POST', `/repos/${REPO}/issues/${pr}/comments`, { body: 'preview: 3 to update' });
  expect(c1).toMatchObject({ status: 201, body: { body: 'preview: 3 to update', issue_url: `${server.url}/repos/${REPO}/issues/2`, user: { login: 'sophia-ai-sync-bot' } } });
  expect(c1.body.html_url).toBe(`${server.url}/${REPO}/pull/2#issuecomment-${c1.body.id}`);
  now += 1000;
  await call('POST', `/repos/${REPO}/issues/${pr}/comments`, { body: 'second' });
  const updated = await call('PATCH', `/repos/${REPO}/issues/comments/${c1.body.id}`, { body: 'preview: 4 to update' });
  expect(updated.body).toMatchObject({ id: c1.body.id, body: 'preview: 4 to update', updated_at: '2026-12-01T12:00:01Z', created_at: '2026-12-01T12:00:00Z' });
  expect((await call('GET', `/repos/${REPO}/issues/${pr}/comments`)).body.map((c: { body: string }) => c.body)).toEqual(['preview: 4 to update', 'second']);
  expect((await call('GET', `/repos/${REPO}/issues/${pr}`)).body.comments).toBe(2);
  expect((await call('GET', `/repos/${REPO}/issues/1/comments`)).body).toEqual([]);

  expect((await call('POST', `/repos/${REPO}/issues/${pr}/comments`, {})).status).toBe(422);
  expect((await call('PATCH', `/repos/${REPO}/issues/comments/${c1.body.id}`, { body: 'x'.repeat(ISSUE_BODY_MAX_CHARS + 1) })).status).toBe(422);
  expect((await call('PATCH', `/repos/${REPO}/issues/comments/999`, { body: 'x' })).status).toBe(404);
  expect((await call('PATCH', `/repos/sophia-ai/sophia-ml-models/issues/comments/${c1.body.id}`, { body: 'x' })).status).toBe(404);
  expect((await call('POST', `/repos/${REPO}/issues/9/comments`, { body: 'x' })).status).toBe(404);
  expect(emulator.issues(REPO)[1]!.comments).toEqual(['preview: 4 to update', 'second']);
});

test('GET /user names the authenticated user (readiness probes)', async () => {
  expect((await call('GET', '/user')).body).toMatchObject({ login: 'sophia-ai-sync-bot', id: 90_000_001, type: 'User' });
});

test('conformance: every answer above is what the vendored spec documents (the validator can fail)', () => {
  const spec = new GithubSpec();
  expect(exchanges.filter((x) => x.path.includes('/issues')).length).toBeGreaterThan(25);
  expect(exchanges.flatMap((x) => [...spec.answerProblems(x), ...(x.status < 300 ? spec.requestProblems(x) : [])])).toEqual([]);
  const issue = exchanges.find((x) => x.method === 'GET' && /\/issues\/1$/.test(x.path) && x.status === 200)!;
  const { number: _n, ...withoutNumber } = issue.body as Record<string, unknown>;
  expect(spec.answerProblems({ ...issue, body: withoutNumber })[0]).toMatch(/number/);
  const comment = exchanges.find((x) => x.method === 'POST' && x.path.endsWith('/comments') && x.status === 201)!;
  expect(spec.answerProblems({ ...comment, body: { ...(comment.body as object), created_at: 'today' } })[0]).toMatch(/date-time/);
});
