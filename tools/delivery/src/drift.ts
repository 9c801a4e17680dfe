/**
 * The drift issue of one stack in one environment (pure): which resources the cloud no longer matches and which of
 * their properties (names only), with what to do about it; and the job summary over every stack.
 */
import { code, text } from '@sophia-ai/plan-diff/src/markdown';
import { ACTIONS, hasChanges } from './pulumi-result';
import type { StackOutcome } from './results';

export const DRIFT_LABEL = 'drift';
/** What makes an issue this stack's drift in this environment (libs/github-issues writes `<!-- sophia-ai:… -->`). */
export const driftMarker = (stack: string, env: string) => `drift:${stack}:${env}`;

/** clean: the cloud matches the state; drifted: it does not; unknown: the check gave no usable result. */
export type DriftState = 'clean' | 'drifted' | 'unknown';

export function driftState(o: StackOutcome): DriftState {
  if (!o.result) return 'unknown';
  if (hasChanges(o.result)) return 'drifted';
  return o.failure ? 'unknown' : 'clean';
}

export function renderDriftIssue(o: StackOutcome, env: string, runUrl?: string): { title: string; body: string } {
  const r = o.result!;
  const changed = ACTIONS.filter((a) => r.counts[a] > 0).map((a) => `${r.counts[a]} to ${a}`);
  const lines = [
    `\`pulumi refresh --preview-only\` of ${code(o.stack)} in ${code(env)} found the cloud no longer matching the stack's state` +
      `${changed.length ? ` (${changed.join(', ')})` : ''}${runUrl ? ` in [this run](${runUrl})` : ''}.`,
    '',
  ];
  if (r.resources.length > 0) {
    lines.push("Resources that differ (property names only; the values are in pulumi's JSON result among the run's artifacts):", '');
    for (const res of r.resources) lines.push(`- ${res.action === 'delete' ? 'gone from the cloud' : 'changed'}: ${code(res.type)} ${code(res.name)}${res.properties.length ? `: ${res.properties.map(code).join(', ')}` : ''}`);
  } else {
    lines.push(`pulumi's JSON result counts the changes without naming the resources: \`npx nx run ${o.stack}:refresh --env=${env} --args=--preview-only\` shows them.`);
  }
  lines.push(
    '',
    'To resolve it, either',
    `- keep what the cloud has: \`npx nx run ${o.stack}:refresh --env=${env} --yes\` (the state takes the cloud's values; then change the program to match), or`,
    `- put back what the program says: \`npx nx run ${o.stack}:up --env=${env}\`.`,
    '',
    'This issue is updated by every drift run while the stack drifts, and closed by the first run that finds it clean.',
  );
  return { title: `Drift: ${o.stack} in ${env}`, body: lines.join('\n') };
}

export function renderDriftSummary(env: string, rows: Array<{ outcome: StackOutcome; state: DriftState; issue?: string }>): string {
  const lines = [`### Drift (${code(env)})`, '', '| Stack | State | Issue |', '| --- | --- | --- |'];
  for (const { outcome, state, issue } of rows) {
    const what = state === 'unknown' ? `⚠ not checked: ${text(outcome.failure ?? 'no result')}` : state;
    lines.push(`| ${text(outcome.stack)} | ${what} | ${issue ?? ''} |`);
  }
  if (rows.length === 0) lines.push('| (no stack checked) | | |');
  return lines.join('\n') + '\n';
}
