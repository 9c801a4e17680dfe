import type { SynthPlan } from '@sophia-ai/policy';
import type { PriceBook } from './cost';
import type { PlanSet } from './diff';
import { renderMarkdown } from './render';
import { buildReport } from './report';
import { plan, resource } from './testing/plans';

const prices: PriceBook = { lambdaCentsPerHour: { gpu_1x_a10: 75 }, lambdaSource: 'test prices', snowflakeCreditUsd: 3 };
const INSTANCE = 'pulumi-nodejs:dynamic/lambda:Instance';
const WAREHOUSE = 'snowflake:index/warehouse:Warehouse';
const MONITOR = 'snowflake:index/resourceMonitor:ResourceMonitor';

const lambda = (instances: string[], apiKey: string) =>
  plan('lambda-labs', instances.map((n) => resource('lambda-labs', INSTANCE, n, { instanceType: 'gpu_1x_a10', apiKey, hostname: n })));
const snowflake = (size: string, quota: number) =>
  plan('snowflake', [
    resource('snowflake', WAREHOUSE, 'wh', { name: 'ANALYTICS_WH', warehouseSize: size, resourceMonitor: 'ANALYTICS_WH_MONITOR' }),
    resource('snowflake', MONITOR, 'monitor', { name: 'ANALYTICS_WH_MONITOR', creditQuota: quota, suspendTrigger: 100, suspendImmediateTrigger: 120 }),
  ]);
const set = (...plans: SynthPlan[]): PlanSet => ({ plans: new Map(plans.map((p) => [p.project, p])), failures: new Map() });

describe('renderMarkdown (the fixture PR as plan sets)', () => {
  // Base → head: one more Lambda instance, ANALYTICS_WH from X-Small to Small with a larger quota, the Lambda API
  // key rotated (another fingerprint), a github stack added, esc failing on the head.
  const base = set(lambda(['gpu-1'], '[secret:aaaaaaaaaaaa]'), snowflake('XSMALL', 10), plan('esc', []));
  const head: PlanSet = {
    ...set(lambda(['gpu-1', 'gpu-2'], '[secret:bbbbbbbbbbbb]'), snowflake('SMALL', 40), plan('github', [resource('github', 'github:index/repository:Repository', 'repo')])),
    failures: new Map([['esc', 'policy error in esc']]),
  };
  const report = buildReport({ base, head, baseRef: 'main', headRef: 'pr', env: 'local', prices });
  const md = renderMarkdown(report);

  it('has one row per stack with the counts and the cost before → after', () => {
    expect(md).toContain('| Stack | + create | ~ update | - delete | ± replace | Monthly cost (est.) |');
    expect(md).toContain('| esc | ⚠ synth failed on the head: policy error in esc | | | | — |');
    expect(md).toContain('| github (added) | 1 | 0 | 0 | 0 | — |');
    expect(md).toContain('| lambda-labs | 1 | 1 | 0 | 0 | $547.50 → $1,095.00 (+$547.50) |');
    expect(md).toContain('| snowflake | 0 | 2 | 0 | 0 | $36.00 → $144.00 (+$108.00) |');
    expect(md).toContain('**Estimated monthly cost: $583.50 → $1,239.00 (+$655.50)**');
  });

  it('lists the changes per stack, collapsed, with input paths and secrets only as changed', () => {
    expect(md).toContain('<details><summary>lambda-labs: +1 ~1 (1 update may replace)</summary>');
    expect(md).toContain('- + `pulumi-nodejs:dynamic/lambda:Instance` `gpu-2`');
    expect(md).toContain('- ~ `pulumi-nodejs:dynamic/lambda:Instance` `gpu-1` — update (replace possible: the provider decides)\n  - `apiKey`: secret changed');
    expect(md).toContain('  - `warehouseSize`: `"XSMALL"` → `"SMALL"`');
    expect(md).toContain('  - `creditQuota`: `10` → `40`');
    expect(md).toContain('- Snowflake `ANALYTICS_WH`: $144.00 — ANALYTICS\\_WH SMALL 2 credit/h × 730 h = 1460 credits, capped by ANALYTICS\\_WH\\_MONITOR at 48 credits');
    expect(md).not.toMatch(/aaaaaaaaaaaa|bbbbbbbbbbbb/); // not even the fingerprints
    expect(md).toContain('<details><summary>Cost assumptions</summary>');
  });

  it('the JSON report carries the same figures', () => {
    const lambdaStack = report.stacks.find((s) => s.stack === 'lambda-labs')!;
    expect(lambdaStack.counts).toEqual({ create: 1, update: 1, delete: 0, replace: 0, unchanged: 0 });
    expect(report.cost.after.usd).toBeCloseTo(1239);
    expect(JSON.stringify(report)).not.toMatch(/"apiKey":\s*"(?!\[secret)/);
  });

  it('keeps the table intact whatever names a plan holds', () => {
    const odd = plan('odd|stack', [resource('odd|stack', 'x:y:Z', 'name`with|pipe<b>')]);
    const text = renderMarkdown(buildReport({ base: set(), head: set(odd), baseRef: 'a', headRef: 'b', env: 'local', prices }));
    expect(text).toContain('| odd\\|stack (added) | 1 |');
    expect(text).toContain('``name`with|pipe<b>``');
    expect(text).toContain('<summary>odd|stack: new stack, +1</summary>');
    const withHtml = plan('a<b>', []);
    expect(renderMarkdown(buildReport({ base: set(withHtml), head: set(), baseRef: 'a', headRef: 'b', env: 'local', prices }))).toContain('<summary>a&lt;b&gt;: stack removed');
  });

  it("shows the head's policy violations under the stack and flags errors in its row", () => {
    const bad = { ...plan('github', []), violations: [{ ruleId: 'repo-protection', severity: 'error' as const, message: 'main is not protected' }] };
    const text = renderMarkdown(buildReport({ base: set(plan('github', [])), head: set(bad), baseRef: 'a', headRef: 'b', env: 'local', prices }));
    expect(text).toContain('| github ⚠ policy | 0 | 0 | 0 | 0 | — |');
    expect(text).toContain('<summary>github: no resource changes, 1 policy error</summary>');
    expect(text).toContain('- policy error `repo-protection`: main is not protected');
  });

  it('an unknown price reads unknown, never $0', () => {
    const unknownType = plan('lambda-labs', [resource('lambda-labs', INSTANCE, 'gpu', { instanceType: 'gpu_9x_future' })]);
    const text = renderMarkdown(buildReport({ base: set(), head: set(unknownType), baseRef: 'a', headRef: 'b', env: 'local', prices }));
    expect(text).toContain('| lambda-labs (added) | 1 | 0 | 0 | 0 | $0.00 → unknown |');
    expect(text).toContain('- Lambda Labs `gpu`: unknown — no price for gpu\\_9x\\_future in test prices');
  });
});
