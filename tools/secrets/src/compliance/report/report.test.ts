/**
 * The report of a fixture with every kind of finding, in each format: the rows (problems first, each finding in
 * words), the summary line, Markdown safe for a job summary, JSON that round-trips through --from, HTML escaped;
 * and none of the values the checks saw.
 */
import { CANARIES, FIXTURE, GREEN } from './fixture';
import { htmlReport, jsonReport, markdownReport, renderReport, REPORT_FORMATS } from './render';
import { complianceRows, reportSummary } from './rows';
import { snapshotFromJson } from './snapshot';

test('rows: one per key, errors first then warnings then ok, each finding of each check in words', () => {
  const rows = complianceRows(FIXTURE);
  expect(rows.map((r) => [r.status, r.key])).toEqual([
    ['error', 'estuary:refreshToken'],
    ['error', 'lambda-labs:apiKey'],
    ['error', 'portkey:apiKey'],
    ['error', 'snowflake:account'],
    ['error', 'snowflake:privateKey'],
    ['warning', 'github:token'],
    ['ok', 'github:webhookUrls'],
  ]);
  const row = (key: string) => rows.find((r) => r.key === key)!;
  const texts = (key: string) => row(key).problems.map((p) => p.text);
  expect(texts('snowflake:account')).toEqual(['missing: set it in sophia-ai/snowflake-production pulumiConfig.snowflake:account', 'snowflake readiness unknown (POST /api/v2/statements): timed out after 10000 ms']);
  expect(texts('estuary:refreshToken')).toEqual([
    'wrong shape: expected a string of at least 20 characters',
    'ESTUARY_REFRESH_TOKEN in env:sophia-ai/sophia-data-pipelines/production: update (ESC changed since the last sync)',
  ]);
  expect(texts('portkey:apiKey')).toEqual([
    'placeholder (changeme): refused in this environment',
    'age unknown: no ESC revision or GitHub updated_at dates it',
    'PORTKEY_API_KEY in repo:sophia-ai/sophia-ml-models: drift (changed in GitHub since the last sync; ESC owns it (--restore puts it back))',
  ]);
  expect(texts('lambda-labs:apiKey')).toEqual(['lambda-labs refused it (GET /api/v1/instance-types): 401 Unauthorized: the API key was refused']);
  expect(row('lambda-labs:apiKey')).toMatchObject({ presence: 'present', shape: 'ok', placeholder: 'none', readiness: 'invalid', age: '11 d (max 180 d)', lastSync: '2026-11-20T00:05:00Z', drift: 'in sync' });
  expect(texts('snowflake:privateKey')).toEqual([
    'SNOWFLAKE_PRIVATE_KEY in repo:sophia-ai/sophia-data-pipelines: error (GitHub writing SNOWFLAKE_PRIVATE_KEY failed with HTTP 403 <script>alert(1)</script> | pipe)',
    'snowflake readiness unknown (POST /api/v2/statements): timed out after 10000 ms',
    'rotation overdue (183 d of 90 d): rotate: npx nx run snowflake:rotate-key -- --env production',
  ]);
  expect(row('snowflake:privateKey')).toMatchObject({ readiness: 'unknown', age: '183 d (max 90 d) overdue', lastSync: 'never', drift: 'error in repo:sophia-ai/sophia-data-pipelines' });
  expect(texts('github:token')).toEqual([
    'rotation overdue (334 d of 90 d): ask its issuer for a new one',
    'SOPHIA_GITHUB_ADMIN_TOKEN in repo:sophia-ai/sophia-ai-infrastructure: conflict (both sides changed since the last sync (--prefer esc|github))',
  ]);
  expect(row('github:token').readiness).toBe('verified');
  // Nothing to date when ESC holds no value: no 'age unknown' on top of 'missing'.
  const unset = complianceRows({ ...FIXTURE, ages: [...FIXTURE.ages, { key: 'snowflake:account', source: 'unknown', maxAgeDays: 90, overdue: false, rotatedBy: 'issuer' }] });
  expect(unset.find((r) => r.key === 'snowflake:account')).toMatchObject({ age: 'no value (max 90 d)', problems: [expect.objectContaining({ text: expect.stringMatching(/^missing/) }), expect.anything()] });
  expect(row('github:webhookUrls')).toMatchObject({ presence: 'optional-missing', shape: '—', placeholder: '—', readiness: 'not probed', age: 'no policy', drift: 'not synced', problems: [] });
});

test('summary: status and one line with keys, probes, overdue, drift and environment problems', () => {
  expect(reportSummary(FIXTURE)).toMatchObject({ status: 'error', keys: { error: 5, warning: 1, ok: 1 }, readiness: { verified: 1, invalid: 1, unknown: 1 }, overdue: 2, drifted: 4, environmentProblems: 1 });
  expect(reportSummary(FIXTURE).line).toBe(
    'production: FAILING — 5 errors, 1 warning, 1 ok of 7 keys; probes 1 verified, 1 invalid, 1 unknown; 2 overdue; 4 differing between GitHub and ESC; 1 environment problem',
  );
  expect(reportSummary(GREEN).line).toBe('production: OK — 0 errors, 0 warnings, 1 ok of 1 key; probes 1 verified, 0 invalid, 0 unknown; 0 overdue; 0 differing between GitHub and ESC');
  // An environment problem alone fails the environment, even with every key fine.
  expect(reportSummary({ ...GREEN, problems: ['ESC cannot open x'] }).status).toBe('error');
  expect(reportSummary({ ...GREEN, ages: [{ ...GREEN.ages[0]!, overdue: true, ageDays: 200 }] }).status).toBe('warning');
});

test('markdown: heading, bold summary, the environment problem, one table row per key in order; pipes and HTML neutralised', () => {
  const md = markdownReport(FIXTURE);
  const lines = md.split('\n');
  expect(lines[0]).toBe('## Secrets compliance: production');
  expect(lines).toContain(`**${reportSummary(FIXTURE).line}**`);
  expect(md).toContain('- ❌ ESC cannot open sophia-ai/estuary-production');
  const table = lines.filter((l) => l.startsWith('| '));
  expect(table[0]).toBe('| Status | Key | Presence | Shape | Placeholder | Readiness | Age (policy) | Last sync | GitHub vs ESC | Problems |');
  expect(table.slice(2).map((l) => l.split(' | ')[1])).toEqual(complianceRows(FIXTURE).map((r) => r.key));
  expect(table[2]).toMatch(/^\| ❌ error \| estuary:refreshToken \|/);
  expect(table.at(-1)).toMatch(/^\| ✅ ok \| github:webhookUrls \|/);
  // Every row has the header's cell count: no cell text broke the table.
  for (const l of table) expect(l.split(/(?<!\\)\|/).length).toBe(table[0]!.split('|').length);
  expect(md).not.toContain('<script>');
  expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt; \\| pipe');
});

test('json: summary, rows and the snapshot; --from reads it back; anything else is refused without echoing it', () => {
  const report = JSON.parse(renderReport(FIXTURE, 'json'));
  expect(report).toEqual(JSON.parse(JSON.stringify(jsonReport(FIXTURE))));
  expect(report.schema).toBe('sophia-secrets/compliance-report@1');
  expect(report.summary.status).toBe('error');
  expect(report.rows).toHaveLength(7);
  expect(snapshotFromJson(renderReport(FIXTURE, 'json'), 'r.json')).toEqual(FIXTURE);
  expect(() => snapshotFromJson(`{"secret": "${CANARIES[0]}"`, 'r.json')).toThrow('r.json is not JSON: expected the output of sophia-secrets report --format json');
  const notReport = (() => {
    try {
      snapshotFromJson(JSON.stringify({ token: CANARIES[0] }), 'r.json');
    } catch (e) {
      return (e as Error).message;
    }
  })();
  expect(notReport).toBe('r.json is not a compliance report (schema sophia-secrets/compliance-report@1): expected the output of sophia-secrets report --format json');
});

test('html: one self-contained document (no script, no external asset), one table, problem rows first, every text escaped', () => {
  const html = htmlReport(FIXTURE);
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html.match(/<table/g)).toHaveLength(1);
  expect(html).not.toMatch(/<script|<link|<img|src=|href=|@import|url\(/i);
  const keys = [...html.matchAll(/<tr class="status-(\w+)" data-key="([^"]+)">/g)].map((m) => [m[1], m[2]]);
  expect(keys).toEqual(complianceRows(FIXTURE).map((r) => [r.status, r.key]));
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; | pipe');
  expect(html).toContain(`<p id="summary" data-status="error">${reportSummary(FIXTURE).line}</p>`);
});

test('canaries: no value the checks saw appears in any format', () => {
  for (const format of REPORT_FORMATS) {
    const out = renderReport(FIXTURE, format);
    for (const c of CANARIES) expect(out).not.toContain(c);
  }
});
