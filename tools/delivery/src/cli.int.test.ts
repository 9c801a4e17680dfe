/**
 * The CLI against the GitHub emulator (tools/sandbox), through libs/github-issues: one comment per stack on the
 * pull request, edited in place by the next run; one drift issue per drifted stack, updated while it drifts and
 * closed once it is clean. A canary value in pulumi's results never reaches GitHub, stdout, stderr or the summary.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox/src/core/server';
import { GithubEmulator, SANDBOX_GITHUB_TOKEN } from '@sophia-ai/sandbox/src/github/emulator';
import { createGithubClient, type GithubClient } from '@sophia-ai/github-issues';
import { main } from './cli';
import { report } from './fixtures/plan-diff-report';

const OWNER = 'sophia-ai';
const REPO = 'sophia-ai-infrastructure';
const FULL = `${OWNER}/${REPO}`;
/** A value no provider marked secret (an API's answer), and a diagnostic quoting it: neither may be posted. */
const CANARY = 'canary-d3l1very-int-93c1';

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')) as { steps: Array<{ urn: string; oldState?: { inputs: Record<string, unknown> }; newState?: { inputs: Record<string, unknown> } }>; diagnostics?: unknown[] };
/** The recorded preview, with the canary as a changed, unmarked input of resource `a`. */
function previewWithCanary(): string {
  const json = fixture('preview.json');
  const a = json.steps.find((s) => s.urn.endsWith('::a'))!;
  a.oldState!.inputs.endpoint = 'https://old.example';
  a.newState!.inputs.endpoint = `https://${CANARY}.example`;
  json.diagnostics = [{ severity: 'warning', message: `endpoint https://${CANARY}.example is slow` }];
  return JSON.stringify(json);
}
const NO_CHANGES = JSON.stringify({ steps: [], changeSummary: { same: 4 } });

jest.setTimeout(60_000);

let emulator: GithubEmulator;
let server: RunningEmulator;
let github: GithubClient;
let work: string;
let out: { stdout: string; stderr: string };
/** Requests of this test only (the server's log spans the file). */
let seen = 0;

beforeAll(async () => {
  emulator = new GithubEmulator();
  server = await serveEmulator(emulator);
  github = createGithubClient({ token: SANDBOX_GITHUB_TOKEN, baseUrl: server.url, writeIntervalMs: 0 });
});
afterAll(() => server.close());
beforeEach(() => {
  emulator.reset();
  server.faults.clear();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'delivery-'));
  out = { stdout: '', stderr: '' };
  seen = server.requests.length;
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

/** Writes `<dir>/<stack>.json` as the executor's --jsonDir would. */
function results(dir: string, files: Record<string, string>): string {
  const full = path.join(work, dir);
  fs.rmSync(full, { recursive: true, force: true });
  fs.mkdirSync(full, { recursive: true });
  for (const [stack, text] of Object.entries(files)) fs.writeFileSync(path.join(full, `${stack}.json`), text);
  return full;
}
const cli = (argv: string[]) =>
  main(argv, { github, env: { GITHUB_SHA: 'feedface0123456789' }, io: { stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t) } });
const mine = () => server.requests.slice(seen);
const requests = (method: string, suffix: RegExp) => mine().filter((r) => r.method === method && suffix.test(r.path)).length;

describe('preview-comment', () => {
  it('posts one comment per stack, the plan diff first; the next push edits the same comments; no canary anywhere', async () => {
    const pr = emulator.openPullRequest(FULL, 'Add a GPU instance');
    const planDiff = path.join(work, 'plan-diff.json');
    fs.writeFileSync(planDiff, JSON.stringify(report));
    const summary = path.join(work, 'summary.md');
    const args = (dir: string) => ['preview-comment', '--dir', dir, '--env', 'dev', '--repo', FULL, '--pr', String(pr), '--plan-diff', planDiff, '--summary', summary];

    expect(await cli(args(results('preview', { 'lambda-labs': previewWithCanary(), portkey: NO_CHANGES, github: '' })))).toBe(0);
    const first = emulator.issues(FULL)[0]!.comments;
    expect(first.map((c) => c.split('\n')[0])).toEqual(['<!-- sophia-ai:preview:github:dev -->', '<!-- sophia-ai:preview:lambda-labs:dev -->', '<!-- sophia-ai:preview:portkey:dev -->']);
    const lambda = first[1]!;
    expect(lambda.split('\n')[1]).toBe('### Offline plan diff (`local`)');
    expect(lambda).toContain('**+1 to create · ~1 to update · -1 to delete · ±1 to replace** (1 unchanged)');
    expect(lambda).toContain('- ~ `pulumi-nodejs:dynamic:Resource` `a`: `endpoint`, `size`');
    expect(first[0]).toContain('⚠ **The preview failed**: pulumi wrote no result');
    expect(first[2]).toContain('No resource changes.');
    expect(requests('POST', /\/issues\/\d+\/comments$/)).toBe(3);

    // The next push: portkey now changes, lambda-labs is the same, github's preview works.
    const portkeyChanges = JSON.stringify({ steps: [{ op: 'update', urn: 'urn:pulumi:dev::portkey::portkey:index:Config::routing', diffReasons: ['targets'] }], changeSummary: { update: 1, same: 3 } });
    expect(await cli(args(results('preview', { 'lambda-labs': previewWithCanary(), portkey: portkeyChanges, github: NO_CHANGES })))).toBe(0);
    const second = emulator.issues(FULL)[0]!.comments;
    expect(second).toHaveLength(3);
    expect(requests('POST', /\/issues\/\d+\/comments$/)).toBe(3); // no new comment: edited in place
    expect(second[1]).toBe(lambda); // unchanged stays as it was
    expect(second[0]).toContain('No resource changes.');
    expect(second[2]).toContain('- ~ `portkey:index:Config` `routing`: `targets`');
    expect(out.stdout).toMatch(/lambda-labs: comment unchanged/);
    expect(out.stdout).toMatch(/portkey: comment updated/);

    const summaryText = fs.readFileSync(summary, 'utf8');
    expect(summaryText).toContain('| lambda-labs | 1 | 1 | 1 | 1 | [unchanged](');
    for (const text of [...second, ...first, out.stdout, out.stderr, summaryText]) expect(text).not.toContain(CANARY);
  });

  it('comments on a stack the plan diff changes but that has no preview result (its preview never ran)', async () => {
    const pr = emulator.openPullRequest(FULL, 'x');
    const planDiff = path.join(work, 'plan-diff.json');
    fs.writeFileSync(planDiff, JSON.stringify(report));
    expect(await cli(['preview-comment', '--dir', path.join(work, 'none'), '--env', 'dev', '--repo', FULL, '--pr', String(pr), '--plan-diff', planDiff])).toBe(0);
    const [only, ...rest] = emulator.issues(FULL)[0]!.comments;
    expect(rest).toEqual([]);
    expect(only).toMatch(/^<!-- sophia-ai:preview:lambda-labs:dev -->\n### Offline plan diff/);
    expect(only).toContain('no preview result: the preview did not run for this stack');
  });

  it('bad input is one line, exit 1, nothing posted', async () => {
    const bad = path.join(work, 'bad.json');
    fs.writeFileSync(bad, '{"not": "a report"}');
    expect(await cli(['preview-comment', '--dir', work, '--env', 'dev', '--repo', FULL, '--pr', '1', '--plan-diff', bad])).toBe(1);
    expect(out.stderr).toBe(`delivery: --plan-diff ${bad} has no "stacks" list (write it with plan-diff --json)\n`);
    expect(await cli(['preview-comment', '--dir', work, '--env', 'dev', '--repo', 'not a repo', '--pr', '1'])).toBe(1);
    expect(out.stderr).toContain("option '--repo <owner/name>' argument 'not a repo' is invalid. expected <owner>/<name>");
    expect(mine().filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('drift-issues', () => {
  const drift = (files: Record<string, string>) =>
    cli(['drift-issues', '--dir', results('drift', files), '--env', 'production', '--repo', FULL, '--run-url', 'https://github.com/sophia-ai/sophia-ai-infrastructure/actions/runs/7']);
  const drifted = (what: string) => JSON.stringify({ steps: [{ op: 'refresh', urn: `urn:pulumi:production::github::github:index/repository:Repository::${what}`, oldState: { type: 't', outputs: { description: 'a', token: CANARY } }, newState: { type: 't', outputs: { description: `b ${CANARY}`, token: CANARY } } }], changeSummary: { update: 1, same: 2 } });

  it('opens one issue per drifted stack, updates it while it drifts, closes it when clean, leaves it when the check fails', async () => {
    const recorded = fs.readFileSync(path.join(__dirname, 'fixtures', 'refresh-drift.json'), 'utf8');
    expect(await drift({ github: drifted('infra'), portkey: recorded, esc: NO_CHANGES })).toBe(0);
    let issues = emulator.issues(FULL);
    expect(issues.map((i) => [i.number, i.title, i.state, i.labels, i.body!.split('\n')[0]])).toEqual([
      [1, 'Drift: github in production', 'open', ['drift'], '<!-- sophia-ai:drift:github:production -->'],
      [2, 'Drift: portkey in production', 'open', ['drift'], '<!-- sophia-ai:drift:portkey:production -->'],
    ]);
    expect(issues[0]!.body).toContain('- changed: `github:index/repository:Repository` `infra`: `description`');
    expect(issues[1]!.body).toContain("pulumi's JSON result counts the changes without naming the resources");

    // github still drifts (another resource now), portkey is clean again, esc's check failed.
    expect(await drift({ github: drifted('website'), portkey: NO_CHANGES, esc: '' })).toBe(0);
    issues = emulator.issues(FULL);
    expect(issues.map((i) => [i.number, i.state])).toEqual([[1, 'open'], [2, 'closed']]);
    expect(issues[0]!.body).toContain('`website`');
    expect(issues[1]).toMatchObject({ state_reason: 'completed', comments: [expect.stringContaining('No drift any more: portkey in production matches its state')] });
    expect(out.stdout).toMatch(/^esc: unknown \(pulumi wrote no result/m);

    // github's check fails: its issue stays open as it was; then it is clean: closed.
    expect(await drift({ github: '' })).toBe(0);
    expect(emulator.issues(FULL)[0]!.state).toBe('open');
    expect(await drift({ github: NO_CHANGES })).toBe(0);
    expect(emulator.issues(FULL).map((i) => i.state)).toEqual(['closed', 'closed']);
    expect(requests('POST', /\/issues$/)).toBe(2);

    const everything = JSON.stringify(emulator.issues(FULL)) + out.stdout + out.stderr;
    expect(everything).not.toContain(CANARY);
  });
});
