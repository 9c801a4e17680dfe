/**
 * Notifications against the GitHub emulator and a fake Slack incoming webhook on loopback: the environment's issue
 * is opened once, updated by the next failing run, left alone by an identical one, closed by the first green run;
 * Slack hears of each change once; a broken webhook is reported without its URL; no value reaches GitHub or Slack.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGithubClient, type GithubClient } from '@sophia-ai/github-issues';
import { serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox/src/core/server';
import { GithubEmulator, SANDBOX_GITHUB_TOKEN } from '@sophia-ai/sandbox/src/github/emulator';
import { CANARIES, FIXTURE, GREEN } from '../compliance/report/fixture';
import { notify } from './notify';

const OWNER = 'sophia-ai';
const REPO = 'sophia-ai-infrastructure';
const FULL = `${OWNER}/${REPO}`;
const RUN = 'https://github.com/sophia-ai/sophia-ai-infrastructure/actions/runs/42';
let emulator: GithubEmulator;
let github: RunningEmulator;
let octokit: GithubClient;
let slack: http.Server;
let slackUrl: string;
const slackPosts: Array<{ path: string; body: string }> = [];
let slackStatus = 200;

beforeAll(async () => {
  emulator = new GithubEmulator();
  github = await serveEmulator(emulator);
  octokit = createGithubClient({ token: SANDBOX_GITHUB_TOKEN, baseUrl: github.url, writeIntervalMs: 0, notificationIntervalMs: 0 });
  slack = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      slackPosts.push({ path: req.url ?? '', body });
      res.writeHead(slackStatus, { 'content-type': 'text/plain' }).end(slackStatus === 200 ? 'ok' : 'no_service');
    });
  });
  await new Promise<void>((r) => slack.listen(0, '127.0.0.1', r));
  // The path stands for the webhook's secret part, as in https://hooks.slack.com/services/T…/B…/<secret>.
  slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/services/T0CANARY/B0CANARY/canaryWebhook42`;
});
afterAll(async () => {
  await github.close();
  await new Promise((r) => slack.close(r));
});
beforeEach(() => {
  emulator.reset();
  slackPosts.length = 0;
  slackStatus = 200;
});

const run = (input = FIXTURE, slackWebhookUrl: string | null = slackUrl) => notify({ input, github: { octokit, owner: OWNER, repo: REPO }, slackWebhookUrl: slackWebhookUrl ?? undefined, runUrl: RUN });

test('failing: one issue opened with the label, updated by a changed run, untouched by an identical one; closed when green', async () => {
  expect(await run()).toMatchObject({ issue: { action: 'opened', issue: { number: 1 } }, slack: 'posted' });
  const [opened] = emulator.issues(FULL);
  expect(opened).toMatchObject({ state: 'open', labels: ['secrets:production'], title: 'Secrets failing in production: 6 errors' });
  expect(opened!.body).toContain('<!-- sophia-ai:sophia-secrets:production -->');
  expect(opened!.body).toContain('| `snowflake:account` | sophia-ai/snowflake-production pulumiConfig.snowflake:account | ❌ missing: set it in');
  expect(opened!.body).toContain('- ❌ ESC cannot open sophia-ai/estuary-production');
  expect(opened!.body).toContain(`in [this run](${RUN})`);
  expect(opened!.body).toContain('npx sophia-secrets validate --env production');

  // The same findings the next day: nothing to update, nothing new for Slack.
  expect(await run()).toMatchObject({ issue: { action: 'unchanged' }, slack: 'nothing new' });
  const worse = { ...FIXTURE, generatedAt: '2026-12-02T12:00:00.000Z', keys: FIXTURE.keys.map((k) => (k.key === 'github:token' ? { ...k, presence: 'missing' as const, severity: 'error' as const } : k)) };
  expect(await run(worse)).toMatchObject({ issue: { action: 'updated', issue: { number: 1 } }, slack: 'posted' });
  expect(emulator.issues(FULL)).toHaveLength(1);
  expect(emulator.issues(FULL)[0]!.title).toBe('Secrets failing in production: 7 errors');

  expect(await run(GREEN)).toMatchObject({ issue: { action: 'closed', issues: [{ number: 1 }] }, slack: 'posted' });
  expect(emulator.issues(FULL)[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
  expect(emulator.issues(FULL)[0]!.comments[0]).toContain('Green again: production: OK');
  // Green and nothing open: no issue, no message.
  expect(await run(GREEN)).toMatchObject({ issue: { action: 'closed', issues: [] }, slack: 'nothing new' });
  expect(slackPosts).toHaveLength(3);
});

test('slack: the message names the environment, the summary and the failing keys with their errors, and links issue and run', async () => {
  await run();
  const { text } = JSON.parse(slackPosts[0]!.body);
  expect(text.split('\n').slice(0, 2)).toEqual([':x: *Secrets failing in production*', 'production: FAILING — 5 errors, 1 warning, 1 ok of 7 keys; probes 1 verified, 1 invalid, 1 unknown; 2 overdue; 4 differing between GitHub and ESC; 1 environment problem']);
  expect(text).toContain('• `snowflake:account`: missing: set it in sophia-ai/snowflake-production pulumiConfig.snowflake:account');
  expect(text).toContain('&lt;script&gt;');
  expect(text).toContain(`<${github.url}/${FULL}/issues/1|issue> · <${RUN}|run>`);
  expect(slackPosts[0]!.path).toBe('/services/T0CANARY/B0CANARY/canaryWebhook42');
});

test('a revoked webhook is reported with Slack\'s answer and without its URL; the issue is still opened', async () => {
  slackStatus = 404;
  const result = await run();
  expect(result.issue).toMatchObject({ action: 'opened' });
  expect(result.slack).toEqual({ failed: 'Slack webhook post failed with HTTP 404: no_service (the webhook was revoked or is wrong: set a new one in ESC)' });
  const unreachable = await run({ ...FIXTURE, generatedAt: 'later' }, 'http://127.0.0.1:1/services/T0CANARY/B0CANARY/canaryWebhook42');
  expect(unreachable.slack).toEqual({ failed: 'Slack webhook post failed: the connection failed' });
  expect(JSON.stringify([result, unreachable])).not.toContain('canaryWebhook42');
});

test('without a webhook: the issue only; a GitHub failure is reported and Slack still hears of it', async () => {
  expect(await run(FIXTURE, null)).toMatchObject({ issue: { action: 'opened' }, slack: 'not configured' });
  emulator.control({ tokens: ['ghp_other'] });
  const denied = await run({ ...FIXTURE, generatedAt: 'later' });
  expect(denied.issue).toEqual({ action: 'failed', error: expect.stringMatching(/^GitHub listing the open issues labelled secrets:production in sophia-ai\/sophia-ai-infrastructure failed with HTTP 401: Bad credentials/) });
  expect(denied.slack).toBe('posted');
  expect(JSON.stringify(denied)).not.toContain(SANDBOX_GITHUB_TOKEN);
  emulator.control({ tokens: [SANDBOX_GITHUB_TOKEN] });
});

test('canaries: no value the checks saw reaches an issue, a comment or a Slack message', async () => {
  await run();
  await run(GREEN);
  const everything = JSON.stringify([emulator.issues(FULL), slackPosts.map((p) => p.body)]);
  for (const c of CANARIES) expect(everything).not.toContain(c);
});
