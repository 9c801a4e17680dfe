import type { StackCost } from './cost';
import type { ResourceChange } from './diff';
import type { InputChange } from './input-changes';
import { code, html, text, usd } from './markdown';
import type { PlanDiffReport, Total } from './report';
import { preview } from './values';

/** The marker the preview workflow finds its comment by (one comment, updated in place). */
export const COMMENT_MARKER = '<!-- sophia-plan-diff -->';

const SYMBOL: Record<ResourceChange['action'], string> = { create: '+', update: '~', delete: '-', replace: '±' };

/** The PR comment's first section: a table per stack, the cost line, then a collapsed change list per stack. */
export function renderMarkdown(report: PlanDiffReport): string {
  const lines = [
    COMMENT_MARKER,
    `### Offline plan diff (${code(report.env)})`,
    '',
    `${code(report.base)} → ${code(report.head)}, planned by \`synth\` under Pulumi mocks: no credentials and no cloud reads, so values only the cloud knows show as unknown.`,
    '',
    '| Stack | + create | ~ update | - delete | ± replace | Monthly cost (est.) |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...report.stacks.map((s) => {
      let name = `${text(s.stack)}${s.status === 'added' || s.status === 'removed' ? ` (${s.status})` : ''}`;
      if (s.status === 'failed') return `| ${name} | ⚠ ${text(s.failure ?? 'synth failed')} | | | | ${costCell(s.cost.before, s.cost.after)} |`;
      const c = s.counts;
      if (s.violations.some((v) => v.severity === 'error')) name += ' ⚠ policy';
      return `| ${name} | ${c.create} | ${c.update} | ${c.delete} | ${c.replace} | ${costCell(s.cost.before, s.cost.after)} |`;
    }),
    '',
    `**Estimated monthly cost: ${costLine(report.cost.before, report.cost.after)}** (ceiling; assumptions below)`,
    '',
  ];
  for (const s of report.stacks) {
    // Uncompared secrets alone (a base planned before fingerprints; a secret only known after apply) add no block.
    if (s.status === 'unchanged' && !s.violations.some((v) => v.severity === 'error') && sameCost(s.cost.before, s.cost.after)) continue;
    lines.push(`<details><summary>${html(s.stack)}: ${summary(s)}</summary>`, '');
    for (const r of s.resources) lines.push(...resourceLines(r));
    if (s.outputs.length > 0) lines.push(`- outputs`, ...s.outputs.map((c) => `  - ${changeLine(c)}`));
    for (const v of s.violations) lines.push(`- policy ${v.severity} ${code(v.ruleId)}: ${text(v.message)}`);
    if (s.uncomparedSecrets > 0) lines.push(`- ${s.uncomparedSecrets} secret input(s) could not be compared (one side was planned without fingerprints)`);
    if (s.cost.before.items.length + s.cost.after.items.length > 0) {
      lines.push('', 'Cost (after):');
      for (const i of s.cost.after.items) lines.push(`- ${text(i.service)} ${code(i.resource)}: ${i.usd === undefined ? 'unknown' : usd(i.usd)} — ${text(i.basis)}`);
      if (s.cost.after.items.length === 0) lines.push('- nothing priced');
    }
    lines.push('', '</details>', '');
  }
  lines.push('<details><summary>Cost assumptions</summary>', '', ...report.assumptions.map((a) => `- ${text(a)}`), '', '</details>', '');
  return lines.join('\n');
}

function summary(s: PlanDiffReport['stacks'][number]): string {
  if (s.status === 'failed') return 'synth failed';
  const parts = (['create', 'update', 'delete', 'replace'] as const).filter((a) => s.counts[a] > 0).map((a) => `${SYMBOL[a]}${s.counts[a]}`);
  const maybe = s.resources.filter((r) => r.replacePossible).length;
  const head = s.status === 'added' ? 'new stack, ' : s.status === 'removed' ? 'stack removed, ' : '';
  const errors = s.violations.filter((v) => v.severity === 'error').length;
  const policy = errors ? `, ${errors} policy error${errors > 1 ? 's' : ''}` : '';
  return `${head}${parts.join(' ') || 'no resource changes'}${maybe ? ` (${maybe} update${maybe > 1 ? 's' : ''} may replace)` : ''}${policy}`;
}

function resourceLines(r: ResourceChange): string[] {
  const how = r.action === 'replace' ? ` — replace: ${text(r.replaceReason ?? '')}` : r.replacePossible ? ' — update (replace possible: the provider decides)' : '';
  return [`- ${SYMBOL[r.action]} ${code(r.type)} ${code(r.name)}${how}`, ...r.inputs.map((c) => `  - ${changeLine(c)}`)];
}

function changeLine(c: InputChange): string {
  if (c.secret) {
    const what = c.kind === 'added' ? 'secret added' : c.kind === 'removed' ? 'secret removed' : c.secret === 'changed' ? 'secret changed' : c.secret;
    return `${code(c.path)}: ${what}`;
  }
  if (c.kind === 'added') return `${code(c.path)}: added ${code(preview(c.after))}`;
  if (c.kind === 'removed') return `${code(c.path)}: removed (was ${code(preview(c.before))})`;
  return `${code(c.path)}: ${code(preview(c.before))} → ${code(preview(c.after))}${c.unknown ? ' (known after apply)' : ''}`;
}

/** `—` when nothing in the stack is priced; `$a → $b (+$d)`; unknown items said so, never counted as $0. */
function costCell(before: StackCost, after: StackCost): string {
  if (before.items.length === 0 && after.items.length === 0) return '—';
  return costLine({ ...before, priced: before.items.length > 0 }, { ...after, priced: after.items.length > 0 });
}

function costLine(before: Total, after: Total): string {
  if (!before.priced && !after.priced) return '—';
  const side = (t: Total) => (t.unknown > 0 ? (t.usd > 0 ? `${usd(t.usd)} + ${t.unknown} unknown` : 'unknown') : usd(t.usd));
  const delta = after.usd - before.usd;
  const change = before.unknown > 0 || after.unknown > 0 ? '' : delta === 0 ? ' (no change)' : ` (${delta > 0 ? '+' : '−'}${usd(Math.abs(delta))})`;
  return `${side(before)} → ${side(after)}${change}`;
}

const sameCost = (a: StackCost, b: StackCost) => a.usd === b.usd && a.unknown === b.unknown;
