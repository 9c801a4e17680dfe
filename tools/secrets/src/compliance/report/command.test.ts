/**
 * `sophia-secrets report` and `notify` end to end, in process, against the ESC and GitHub emulators of the sync's
 * test world and a fake Slack webhook: a live report (static checks, the sync's status, ages) archived as JSON,
 * rendered again from the archive as Markdown and HTML, then acted on: the environment's issue opened and the
 * webhook that ESC holds posted to. No value (an ESC secret, the webhook URL, a token) in any output.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import YAML from 'yaml';
import { ORG, REPO, sophiaSecrets, startWorld, type Run, type World } from '../../testing/world';

const LAMBDA_KEY = 'canary_lambda_report_Vb7Kx2Qm9Lt4Rw8Z';
let w: World;
let slack: http.Server;
let webhook: string;
const posts: string[] = [];

beforeAll(async () => {
  w = await startWorld();
  slack = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => (posts.push(body), res.writeHead(200).end('ok')));
  });
  await new Promise<void>((r) => slack.listen(0, '127.0.0.1', r));
  webhook = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/services/T0REPORT/B0REPORT/canaryReportHook77`;
  // secrets-dev as the sync writes it: the Lambda key and the Slack webhook (github:slackWebhookUrl, optional: in
  // secrets-dev's own pulumiConfig), nothing else.
  w.esc.seed(ORG, 'sophia-ai', 'secrets-dev', YAML.stringify({ values: { 'lambda-labs': { apiKey: { 'fn::secret': LAMBDA_KEY } }, pulumiConfig: { 'github:slackWebhookUrl': { 'fn::secret': webhook } } } }));
  // lambda-labs-dev as stacks/esc lays it out: the secret referenced from pulumiConfig.
  w.esc.seed(ORG, 'sophia-ai', 'lambda-labs-dev', YAML.stringify({ imports: ['sophia-ai/secrets-dev'], values: { pulumiConfig: { 'lambda-labs:apiKey': '${lambda-labs.apiKey}' } } }));
});
afterAll(async () => {
  await w.close();
  await new Promise((r) => slack.close(r));
});

const noValues = (...runs: Run[]) => {
  for (const r of runs) for (const v of [LAMBDA_KEY, webhook, 'canaryReportHook77', w.env.PULUMI_ACCESS_TOKEN!, w.env.SOPHIA_SECRETS_GITHUB_TOKEN!]) expect(`${r.out}\n${r.err}`).not.toContain(v);
};

test('report: a live JSON report archived (exit 1: required keys missing), rendered again as Markdown and HTML from it (exit 0)', async () => {
  const json = path.join(w.dir, 'out', 'compliance-dev.json');
  const live = await sophiaSecrets(w, ['report', '--no-probes', '--format', 'json', '--out', json]);
  expect(live.err).toBe('');
  expect(live.code).toBe(1);
  expect(live.out).toMatch(new RegExp(`^dev: FAILING — \\d+ errors, .* \\(json report: ${json.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)$`));
  const report = JSON.parse(fs.readFileSync(json, 'utf8'));
  expect(report.schema).toBe('sophia-secrets/compliance-report@1');
  const lambda = report.rows.find((r: { key: string }) => r.key === 'lambda-labs:apiKey');
  expect(lambda).toMatchObject({ presence: 'present', placeholder: 'none', readiness: 'not probed' });
  expect(report.rows.find((r: { key: string }) => r.key === 'portkey:apiKey')).toMatchObject({ status: 'error', presence: 'missing' });
  // The sync's status is in it: every key the manifest syncs has its GitHub side.
  expect(report.snapshot.sync.length).toBeGreaterThan(0);
  expect(fs.readFileSync(json, 'utf8')).not.toContain(LAMBDA_KEY);
  expect(fs.readdirSync(path.dirname(json))).toEqual(['compliance-dev.json']);

  const md = await sophiaSecrets(w, ['report', '--from', json, '--format', 'md']);
  expect(md).toMatchObject({ code: 0, err: '' });
  expect(md.out.split('\n')[0]).toBe('## Secrets compliance: dev');
  expect(md.out).toContain('| ❌ error | ');
  const html = path.join(w.dir, 'out', 'compliance-dev.html');
  expect((await sophiaSecrets(w, ['report', '--from', json, '--format', 'html', '--out', html])).code).toBe(0);
  expect(fs.readFileSync(html, 'utf8')).toContain('<table id="compliance">');
  noValues(live, md);

  const wrongEnv = await sophiaSecrets(w, ['report', '--from', json], undefined, 'staging');
  expect(wrongEnv).toMatchObject({ code: 1, err: `sophia-secrets: error: --from ${json} is the report of dev, not --env staging` });
  const notReport = path.join(w.dir, 'out', 'other.json');
  fs.writeFileSync(notReport, JSON.stringify({ token: LAMBDA_KEY }));
  const refused = await sophiaSecrets(w, ['report', '--from', notReport]);
  expect(refused.err).toBe(`sophia-secrets: error: --from ${notReport} is not a compliance report (schema sophia-secrets/compliance-report@1): expected the output of sophia-secrets report --format json`);
  noValues(wrongEnv, refused);
  expect((await sophiaSecrets(w, ['report', '--format', 'pdf'])).code).toBe(64);
});

test('notify: the failing report opens the issue (label secrets:dev) and posts to the webhook ESC holds; again: nothing new', async () => {
  const json = path.join(w.dir, 'out', 'compliance-dev.json');
  const first = await sophiaSecrets(w, ['notify', '--from', json, '--repo', REPO]);
  expect(first.err).toBe('');
  expect(first.out.split('\n')).toEqual([`GitHub issue: opened #1 ${w.githubServer.url}/${REPO}/issues/1`, 'Slack: posted']);
  expect(first.code).toBe(0);
  expect(w.github.issues(REPO)).toEqual([expect.objectContaining({ number: 1, state: 'open', labels: ['secrets:dev'] })]);
  expect(JSON.parse(posts[0]!).text).toMatch(/^:x: \*Secrets failing in dev\*/);
  const again = await sophiaSecrets(w, ['notify', '--from', json, '--repo', REPO]);
  expect(again.out.split('\n')).toEqual(['GitHub issue: unchanged #1 ' + `${w.githubServer.url}/${REPO}/issues/1`, 'Slack: nothing new']);
  const quiet = await sophiaSecrets(w, ['notify', '--from', json, '--repo', REPO, '--no-slack']);
  expect(quiet.out.split('\n')[1]).toBe('Slack: not configured');
  expect(posts).toHaveLength(1);
  expect(JSON.stringify(w.github.issues(REPO))).not.toContain(LAMBDA_KEY);

  // ESC unreachable: Slack's failure (exit 1), the issue is still looked after.
  const escUrl = w.env.ESC_API_URL!;
  w.env.ESC_API_URL = 'http://127.0.0.1:1';
  const escDown = await sophiaSecrets(w, ['notify', '--from', json, '--repo', REPO]).finally(() => (w.env.ESC_API_URL = escUrl));
  expect(escDown.code).toBe(1);
  expect(escDown.out.split('\n')[0]).toBe(`GitHub issue: unchanged #1 ${w.githubServer.url}/${REPO}/issues/1`);
  expect(escDown.out.split('\n')[1]).toMatch(/^Slack: FAILED — the webhook could not be read from ESC: \S/);
  noValues(first, again, quiet, escDown);

  // No report could be made: the problem alone updates the issue; neither or both inputs is a usage error.
  const crashed = await sophiaSecrets(w, ['notify', '--problem', 'the compliance report could not be produced (see the run)', '--repo', REPO, '--no-slack']);
  expect(crashed.out.split('\n')[0]).toBe(`GitHub issue: updated #1 ${w.githubServer.url}/${REPO}/issues/1`);
  expect(w.github.issues(REPO)[0]!.body).toContain('- ❌ the compliance report could not be produced (see the run)');
  expect(w.github.issues(REPO)).toHaveLength(1);
  const neither = await sophiaSecrets(w, ['notify', '--repo', REPO]);
  expect(neither).toMatchObject({ code: 1, err: 'sophia-secrets: error: notify needs exactly one of --from <report.json> (the compliance report) and --problem <text> (no report could be made)' });
});
