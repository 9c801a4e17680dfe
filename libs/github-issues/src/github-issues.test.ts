/**
 * Tracking issues and sticky comments against the GitHub emulator (tools/sandbox): created once, updated in place,
 * left alone when nothing changed, closed with one comment; a dropped connection after GitHub acted, or a 502, never
 * leaves a second issue or comment.
 */
import { serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox/src/core/server';
import { GithubEmulator, SANDBOX_GITHUB_TOKEN } from '@sophia-ai/sandbox/src/github/emulator';
import { closeTrackingIssue, createGithubClient, GITHUB_BODY_MAX_CHARS, upsertStickyComment, upsertTrackingIssue, type GithubClient } from './index';

const OWNER = 'sophia-ai';
const REPO = 'sophia-ai-infrastructure';
const FULL = `${OWNER}/${REPO}`;
const REF = { owner: OWNER, repo: REPO, label: 'secrets:dev', marker: 'secrets:dev' };
let emulator: GithubEmulator;
let server: RunningEmulator;
let octokit: GithubClient;

beforeAll(async () => {
  emulator = new GithubEmulator();
  server = await serveEmulator(emulator);
  octokit = createGithubClient({ token: SANDBOX_GITHUB_TOKEN, baseUrl: server.url, writeIntervalMs: 0, notificationIntervalMs: 0 });
});
afterAll(() => server.close());
beforeEach(() => {
  emulator.reset();
  server.faults.clear();
  server.requests.length = 0;
});

const posts = (suffix: string) => server.requests.filter((r) => r.method === 'POST' && r.path.endsWith(suffix)).length;

test('tracking issue: created once with the label, updated in place, unchanged when the same, closed with one comment', async () => {
  const first = await upsertTrackingIssue(octokit, { ...REF, title: 'Secrets failing: dev', body: '2 problems' });
  expect(first).toMatchObject({ outcome: 'created', number: 1, url: expect.stringContaining(`/${FULL}/issues/1`) });
  const again = await upsertTrackingIssue(octokit, { ...REF, title: 'Secrets failing: dev', body: '3 problems' });
  expect(again).toMatchObject({ outcome: 'updated', number: 1 });
  expect(await upsertTrackingIssue(octokit, { ...REF, title: 'Secrets failing: dev', body: '3 problems' })).toMatchObject({ outcome: 'unchanged', number: 1 });
  expect(emulator.issues(FULL)).toEqual([expect.objectContaining({ number: 1, state: 'open', labels: ['secrets:dev'], body: '<!-- sophia-ai:secrets:dev -->\n3 problems' })]);

  expect(await closeTrackingIssue(octokit, { ...REF, comment: 'All checks pass.' })).toEqual([{ number: 1, url: first.url }]);
  const [closed] = emulator.issues(FULL);
  expect(closed).toMatchObject({ state: 'closed', state_reason: 'completed', comments: ['<!-- sophia-ai:secrets:dev:resolved -->\nAll checks pass.'] });
  // Closed means resolved: nothing open to close again, and the next failure is a new incident.
  expect(await closeTrackingIssue(octokit, { ...REF, comment: 'All checks pass.' })).toEqual([]);
  expect(await upsertTrackingIssue(octokit, { ...REF, title: 'Secrets failing: dev', body: 'again' })).toMatchObject({ outcome: 'created', number: 2 });
});

test('tracking issue: found by its marker; another concern, a quoted marker or a pull request are not it', async () => {
  await upsertTrackingIssue(octokit, { ...REF, label: 'secrets:prod', marker: 'secrets:prod', title: 'prod', body: 'p' });
  await octokit.rest.issues.create({ owner: OWNER, repo: REPO, title: 'a person quoting it', body: '> <!-- sophia-ai:secrets:dev -->\nwhy?', labels: ['secrets:dev'] });
  const pr = emulator.openPullRequest(FULL, 'a PR');
  await octokit.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: pr, body: '<!-- sophia-ai:secrets:dev -->\na comment is not an issue' });
  const mine = await upsertTrackingIssue(octokit, { ...REF, title: 'dev', body: 'd' });
  expect(mine).toMatchObject({ outcome: 'created', number: 4 });
  await closeTrackingIssue(octokit, { ...REF, comment: 'ok' });
  expect(emulator.issues(FULL).map((i) => i.state)).toEqual(['open', 'open', 'open', 'closed']);
});

test('tracking issue: one whose label GitHub dropped (a token that may not set labels) is found by its marker, not opened again', async () => {
  await octokit.rest.issues.create({ owner: OWNER, repo: REPO, title: 'dev', body: '<!-- sophia-ai:secrets:dev -->\nold', labels: ['triage'] });
  expect(await upsertTrackingIssue(octokit, { ...REF, title: 'dev', body: 'new' })).toMatchObject({ outcome: 'updated', number: 1 });
  expect(emulator.issues(FULL)).toEqual([expect.objectContaining({ number: 1, labels: ['triage', 'secrets:dev'], body: '<!-- sophia-ai:secrets:dev -->\nnew' })]);
  expect(await closeTrackingIssue(octokit, { ...REF, comment: 'ok' })).toHaveLength(1);
});

test('tracking issue: a dropped connection after GitHub created it, then a 502 on the next create, still leave exactly one issue', async () => {
  server.faults.dropAfterHandle({ next: 1, method: 'POST', path: `/repos/${FULL}/issues` });
  // The lost create landed: the search before creating again finds it, already as wanted.
  expect(await upsertTrackingIssue(octokit, { ...REF, title: 'dev', body: 'first' })).toMatchObject({ outcome: 'unchanged', number: 1 });
  expect(posts('/issues')).toBe(1);
  expect(emulator.issues(FULL)).toHaveLength(1);

  await closeTrackingIssue(octokit, { ...REF, comment: 'ok' });
  server.faults.serverError({ next: 1, status: 502, method: 'POST', path: `/repos/${FULL}/issues` });
  expect(await upsertTrackingIssue(octokit, { ...REF, title: 'dev', body: 'second' })).toMatchObject({ outcome: 'created', number: 2 });
  expect(emulator.issues(FULL).filter((i) => i.state === 'open')).toHaveLength(1);
  expect(server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues')).map((r) => r.status)).toEqual(['dropped', 502, 201]);
});

test('closing: a dropped connection after the closing comment landed posts no second comment', async () => {
  await upsertTrackingIssue(octokit, { ...REF, title: 'dev', body: 'x' });
  server.faults.dropAfterHandle({ next: 1, method: 'POST', path: `/repos/${FULL}/issues/1/comments` });
  expect(await closeTrackingIssue(octokit, { ...REF, comment: 'resolved' })).toHaveLength(1);
  expect(emulator.issues(FULL)[0]).toMatchObject({ state: 'closed', comments: ['<!-- sophia-ai:secrets:dev:resolved -->\nresolved'] });
});

test('a refused create (422) is a clear error without the token, and nothing is created', async () => {
  const err = await upsertTrackingIssue(octokit, { ...REF, title: ' ', body: 'x' }).catch((e: Error) => e);
  expect(String(err)).toMatch(/^GithubRequestError: GitHub creating an issue in sophia-ai\/sophia-ai-infrastructure failed with HTTP 422/);
  expect(String(err)).not.toContain(SANDBOX_GITHUB_TOKEN);
  expect(posts('/issues')).toBe(1);
  expect(emulator.issues(FULL)).toEqual([]);
  await expect(upsertTrackingIssue(octokit, { ...REF, marker: 'bad --> marker', title: 't', body: 'b' })).rejects.toThrow(/marker "bad --> marker" is not usable/);
});

test('a body over GitHub\'s limit is cut to fit with the marker kept (GitHub would refuse it)', async () => {
  const long = 'x'.repeat(GITHUB_BODY_MAX_CHARS + 10);
  await upsertTrackingIssue(octokit, { ...REF, title: 'dev', body: long });
  const body = emulator.issues(FULL)[0]!.body!;
  expect(body.length).toBe(GITHUB_BODY_MAX_CHARS);
  expect(body.startsWith('<!-- sophia-ai:secrets:dev -->\nxxx')).toBe(true);
  expect(body.endsWith("(cut to fit GitHub's 65536-character limit)")).toBe(true);
});

test('sticky comment: one per marker on a pull request, edited in place; other markers and people\'s comments untouched', async () => {
  const pr = emulator.openPullRequest(FULL, 'Add a stack');
  await octokit.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: pr, body: 'LGTM' });
  const first = await upsertStickyComment(octokit, { owner: OWNER, repo: REPO, issueNumber: pr, marker: 'preview:lambda-labs/dev', body: '2 to create' });
  expect(first.outcome).toBe('created');
  await upsertStickyComment(octokit, { owner: OWNER, repo: REPO, issueNumber: pr, marker: 'preview:portkey/dev', body: 'no changes' });
  const second = await upsertStickyComment(octokit, { owner: OWNER, repo: REPO, issueNumber: pr, marker: 'preview:lambda-labs/dev', body: '3 to create' });
  expect(second).toMatchObject({ outcome: 'updated', id: first.id });
  expect((await upsertStickyComment(octokit, { owner: OWNER, repo: REPO, issueNumber: pr, marker: 'preview:lambda-labs/dev', body: '3 to create' })).outcome).toBe('unchanged');
  expect(emulator.issues(FULL)[0]!.comments).toEqual(['LGTM', '<!-- sophia-ai:preview:lambda-labs/dev -->\n3 to create', '<!-- sophia-ai:preview:portkey/dev -->\nno changes']);
});

test('sticky comment: a dropped connection after the comment was posted leaves one comment, updated by the retry', async () => {
  const pr = emulator.openPullRequest(FULL, 'PR');
  server.faults.dropAfterHandle({ next: 1, method: 'POST', path: `/repos/${FULL}/issues/${pr}/comments` });
  expect((await upsertStickyComment(octokit, { owner: OWNER, repo: REPO, issueNumber: pr, marker: 'drift:esc', body: 'drifted' })).outcome).toBe('unchanged');
  expect(emulator.issues(FULL)[0]!.comments).toEqual(['<!-- sophia-ai:drift:esc -->\ndrifted']);
  expect(posts(`/issues/${pr}/comments`)).toBe(1);
  const missing = await upsertStickyComment(octokit, { owner: OWNER, repo: REPO, issueNumber: 99, marker: 'drift:esc', body: 'x' }).catch((e: Error) => e.message);
  expect(missing).toBe('GitHub listing the comments of #99 in sophia-ai/sophia-ai-infrastructure failed with HTTP 404: Not Found (the token needs Issues or Pull requests read/write on the repository)');
});
