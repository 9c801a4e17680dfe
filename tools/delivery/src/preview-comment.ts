/**
 * The PR comment of one stack's preview (pure): the offline plan diff of the stack first, then pulumi's counts and
 * the changed resources in a collapsed <details>; and the job summary over every stack. Names only, never values.
 */
import { renderMarkdown, type PlanDiffReport } from '@sophia-ai/plan-diff';
import { code, html, text } from '@sophia-ai/plan-diff/src/markdown';
import { ACTIONS, type Action, type ResourceChange } from './pulumi-result';
import type { StackOutcome } from './results';

const SYMBOL: Record<Action, string> = { create: '+', update: '~', delete: '-', replace: '±' };
const VERB: Record<Action, string> = { create: 'to create', update: 'to update', delete: 'to delete', replace: 'to replace' };

/** What makes a comment this stack's preview in this environment (libs/github-issues writes `<!-- sophia-ai:… -->`). */
export const previewMarker = (stack: string, env: string) => `preview:${stack}:${env}`;

/** The plan diff's section for one stack, without the whole-PR marker (this comment has its own). */
export function planDiffSection(report: PlanDiffReport, stack: string): string | undefined {
  const s = report.stacks.find((d) => d.stack === stack);
  if (!s) return undefined;
  const total = (side: 'before' | 'after') => ({ usd: s.cost[side].usd, unknown: s.cost[side].unknown, priced: s.cost[side].items.length > 0 });
  const section = renderMarkdown({ ...report, stacks: [s], cost: { before: total('before'), after: total('after') } });
  return section.split('\n').filter((l) => !l.startsWith('<!-- ')).join('\n').trim();
}

export interface PreviewCommentInput {
  outcome: StackOutcome;
  env: string;
  /** The stack's plan diff section; `undefined` when the offline plan diff did not run. */
  planDiff?: string;
  /** The commit previewed (shown so a reader knows which push the comment is for). */
  sha?: string;
}

export function renderPreviewComment({ outcome, env, planDiff, sha }: PreviewCommentInput): string {
  const lines = [planDiff ?? '_The offline plan diff is not available for this run (its step failed: see the job log)._', '', `### Pulumi preview: ${code(outcome.stack)} in ${code(env)}`, ''];
  const r = outcome.result;
  if (outcome.failure) lines.push(`⚠ **The preview failed**: ${text(outcome.failure)}.`, '');
  if (r) {
    lines.push(`**${ACTIONS.map((a) => `${SYMBOL[a]}${r.counts[a]} ${VERB[a]}`).join(' · ')}** (${r.unchanged} unchanged)`, '');
    if (r.resources.length > 0) {
      lines.push(`<details><summary>${html(`${r.resources.length} changed resource${r.resources.length > 1 ? 's' : ''}`)}</summary>`, '', ...r.resources.map(resourceLine), '', '</details>', '');
    } else if (!outcome.failure) {
      lines.push('No resource changes.', '');
    }
  }
  lines.push(`<sub>pulumi preview${sha ? ` of ${code(sha.slice(0, 12))}` : ''}; names only: the values are in pulumi's JSON result among the run's artifacts (secrets hidden).</sub>`);
  return lines.join('\n');
}

function resourceLine(r: ResourceChange): string {
  const props = r.properties.length > 0 ? `: ${r.properties.map(code).join(', ')}` : '';
  return `- ${SYMBOL[r.action]} ${code(r.type)} ${code(r.name)}${props}`;
}

/** The job summary: one row per stack, the outcome or the failure. */
export function renderPreviewSummary(env: string, outcomes: StackOutcome[], posted: Record<string, string>): string {
  const lines = [`### Pulumi preview (${code(env)})`, '', '| Stack | + create | ~ update | - delete | ± replace | Comment |', '| --- | ---: | ---: | ---: | ---: | --- |'];
  for (const o of outcomes) {
    const c = o.result?.counts;
    const cells = c ? ACTIONS.map((a) => String(c[a])) : ['⚠', '', '', ''];
    const note = o.failure ? ` ⚠ ${text(o.failure)}` : '';
    lines.push(`| ${text(o.stack)}${note} | ${cells.join(' | ')} | ${posted[o.stack] ?? ''} |`);
  }
  if (outcomes.length === 0) lines.push('| (no stack previewed: none affected) | | | | | |');
  return lines.join('\n') + '\n';
}
