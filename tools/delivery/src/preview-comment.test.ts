import * as fs from 'node:fs';
import * as path from 'node:path';
import { driftState, renderDriftIssue, renderDriftSummary } from './drift';
import { planDiffSection, renderPreviewComment, renderPreviewSummary } from './preview-comment';
import { parsePulumiResult, type StackResult } from './pulumi-result';
import type { StackOutcome } from './results';
import { report } from './fixtures/plan-diff-report';

const preview = parsePulumiResult(fs.readFileSync(path.join(__dirname, 'fixtures', 'preview.json'), 'utf8'));
const none: StackResult = { counts: { create: 0, update: 0, delete: 0, replace: 0 }, unchanged: 4, resources: [], errors: 0 };
describe('planDiffSection', () => {
  it("is the plan diff of that stack only, without the whole-PR comment's marker", () => {
    const section = planDiffSection(report, 'lambda-labs')!;
    expect(section).toMatch(/^### Offline plan diff \(`local`\)/);
    expect(section).toContain('| lambda-labs | 1 | 0 | 0 | 0 |');
    expect(section).toContain('+ `lambda:index:Instance` `gpu-2`');
    expect(section).not.toContain('portkey');
    expect(section).not.toContain('<!--');
    expect(planDiffSection(report, 'snowflake')).toBeUndefined();
  });
});

describe('renderPreviewComment', () => {
  const body = (outcome: StackOutcome, planDiff: string | undefined) => renderPreviewComment({ outcome, env: 'dev', planDiff, sha: '0123456789abcdef0123' });

  it.each<[string, StackOutcome, string | undefined, Array<string | RegExp>, string[]]>([
    ['changes: counts, then a collapsed list with the changed properties', { stack: 'lambda-labs', result: preview }, 'PLAN-DIFF-SECTION',
      [/^PLAN-DIFF-SECTION\n/, '### Pulumi preview: `lambda-labs` in `dev`', '**+1 to create · ~1 to update · -1 to delete · ±1 to replace** (1 unchanged)',
        '<details><summary>4 changed resources</summary>', '- ~ `pulumi-nodejs:dynamic:Resource` `a`: `size`', '- ± `pulumi-nodejs:dynamic:Resource` `b`: `name`', '- - `pulumi-nodejs:dynamic:Resource` `gone`', 'of `0123456789ab`'],
      ['failed']],
    ['no changes', { stack: 'portkey', result: none }, 'PLAN-DIFF-SECTION', ['**+0 to create · ~0 to update · -0 to delete · ±0 to replace** (4 unchanged)', 'No resource changes.'], ['<details>', 'failed']],
    ['a failed preview says so, with no pulumi text', { stack: 'github', failure: 'pulumi wrote no result (it stopped before finishing: see the job log)' }, 'PLAN-DIFF-SECTION',
      ['⚠ **The preview failed**: pulumi wrote no result (it stopped before finishing: see the job log).'], ['to create', 'No resource changes.']],
    ['no plan diff this run', { stack: 'portkey', result: none }, undefined, [/^_The offline plan diff is not available for this run/], ['PLAN-DIFF-SECTION']],
  ])('%s', (_label, outcome, planDiff, present, absent) => {
    const text = body(outcome, planDiff);
    for (const p of present) expect(text).toEqual(typeof p === 'string' ? expect.stringContaining(p) : expect.stringMatching(p));
    for (const a of absent) expect(text).not.toContain(a);
  });

  it('puts the offline plan diff first, then the preview', () => {
    const text = body({ stack: 'lambda-labs', result: preview }, planDiffSection(report, 'lambda-labs'));
    expect(text.indexOf('### Offline plan diff')).toBe(0);
    expect(text.indexOf('### Pulumi preview')).toBeGreaterThan(text.indexOf('+ `lambda:index:Instance` `gpu-2`'));
  });

  it('keeps a name with Markdown in it from breaking out of its code span', () => {
    const odd: StackResult = { ...none, counts: { ...none.counts, update: 1 }, resources: [{ action: 'update', type: 't', name: 'a`b', properties: ['x'] }] };
    expect(body({ stack: 's', result: odd }, 'P')).toContain('- ~ `t` ``a`b``: `x`');
  });
});

describe('renderPreviewSummary', () => {
  it('one row per stack, failures said, the comment linked', () => {
    const text = renderPreviewSummary('dev', [{ stack: 'lambda-labs', result: preview }, { stack: 'github', failure: 'no preview result' }], { 'lambda-labs': '[created](u)' });
    expect(text.split('\n')).toEqual(expect.arrayContaining(['| lambda-labs | 1 | 1 | 1 | 1 | [created](u) |', '| github ⚠ no preview result | ⚠ |  |  |  |  |']));
    expect(renderPreviewSummary('dev', [], {})).toContain('no stack previewed');
  });
});

describe('drift', () => {
  const drifted: StackOutcome = { stack: 'github', result: { ...none, counts: { ...none.counts, update: 1 }, resources: [{ action: 'update', type: 'github:index/repository:Repository', name: 'infra', properties: ['description'] }] } };

  it.each<[string, StackOutcome, string]>([
    ['changes', drifted, 'drifted'],
    ['counted changes without named resources', { stack: 'x', result: { ...none, counts: { ...none.counts, delete: 1 } } }, 'drifted'],
    ['no changes', { stack: 'x', result: none }, 'clean'],
    ['no result', { stack: 'x', failure: 'pulumi wrote no result' }, 'unknown'],
    ['errors without changes', { stack: 'x', result: { ...none, errors: 1 }, failure: 'pulumi reported 1 error(s)' }, 'unknown'],
  ])('driftState: %s', (_label, outcome, state) => expect(driftState(outcome)).toBe(state));

  it('the issue names the stack, environment, drifted resources and properties, and both ways out', () => {
    const { title, body } = renderDriftIssue(drifted, 'production', 'https://github.com/o/r/actions/runs/1');
    expect(title).toBe('Drift: github in production');
    expect(body).toContain('of `github` in `production` found the cloud no longer matching the stack\'s state (1 to update) in [this run](https://github.com/o/r/actions/runs/1).');
    expect(body).toContain('- changed: `github:index/repository:Repository` `infra`: `description`');
    expect(body).toContain('`npx nx run github:refresh --env=production --yes`');
    expect(body).toContain('`npx nx run github:up --env=production`');
    expect(renderDriftIssue({ stack: 'x', result: { ...none, counts: { ...none.counts, update: 2 } } }, 'dev').body).toContain('without naming the resources: `npx nx run x:refresh --env=dev --args=--preview-only` shows them.');
  });

  it('the summary lists every stack with its state and issue', () => {
    const text = renderDriftSummary('dev', [{ outcome: drifted, state: 'drifted', issue: '[#3](u) created' }, { outcome: { stack: 'esc', failure: 'no result' }, state: 'unknown' }]);
    expect(text).toContain('| github | drifted | [#3](u) created |');
    expect(text).toContain('| esc | ⚠ not checked: no result |  |');
  });
});
