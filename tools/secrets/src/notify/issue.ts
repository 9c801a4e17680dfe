/*
 * The GitHub issue of one environment's secrets: opened (or updated) while the environment fails, closed when it
 * is green again. One per environment: found by its label `secrets:<env>` and its marker, never duplicated. The
 * text names keys, where each belongs and what is wrong, never a value. "Green" means no errors: warnings (an
 * overdue rotation, a placeholder outside production) are listed while the issue is open and do not keep it open.
 */
import { closeTrackingIssue, upsertTrackingIssue, type GithubClient, type Outcome, type TrackedIssue } from '@sophia-ai/github-issues';
import { markdownCell } from '../compliance/report/render';
import { complianceRows, reportSummary, type ReportInput } from '../compliance/report/rows';

export const issueLabel = (env: string) => `secrets:${env}`;
export const issueMarker = (env: string) => `sophia-secrets:${env}`;

/** Title and Markdown body of the failing environment's issue: the summary, then each key with a problem. */
export function issueText(input: ReportInput, runUrl?: string): { title: string; body: string } {
  const rows = complianceRows(input).filter((r) => r.problems.length);
  const summary = reportSummary(input);
  const lines = [
    `**${markdownCell(summary.line)}**`,
    '',
    `Last checked ${markdownCell(input.generatedAt)}${runUrl ? ` in [this run](${runUrl})` : ''}. This issue is updated by every failing run and closed by the first green one.`,
    '',
  ];
  if (input.problems?.length) lines.push('### Environment', '', ...input.problems.map((p) => `- ❌ ${markdownCell(p)}`), '');
  if (rows.length) {
    lines.push('### Keys', '', '| Key | Where it belongs | Problems |', '| --- | --- | --- |');
    for (const r of rows) lines.push(`| \`${markdownCell(r.key)}\` | ${markdownCell(r.location ?? '—')} | ${r.problems.map((p) => `${p.status === 'error' ? '❌' : '⚠️'} ${markdownCell(p.text)}`).join('<br>')} |`);
    lines.push('');
  }
  lines.push('Reproduce: `npx sophia-secrets validate --env ' + input.env + '` and `npx sophia-secrets status --env ' + input.env + '` (docs/infrastructure/SECRETS_VALIDATION.md).');
  return { title: `Secrets failing in ${input.env}: ${summary.keys.error + summary.environmentProblems} error${summary.keys.error + summary.environmentProblems === 1 ? '' : 's'}`, body: lines.join('\n') };
}

export type IssueResult = { action: 'opened' | 'updated' | 'unchanged'; issue: TrackedIssue } | { action: 'closed'; issues: TrackedIssue[] };

const ACTION: Record<Outcome, 'opened' | 'updated' | 'unchanged'> = { created: 'opened', updated: 'updated', unchanged: 'unchanged' };

/** Opens/updates the environment's issue when it fails, closes it when it does not. */
export async function syncEnvironmentIssue(octokit: GithubClient, where: { owner: string; repo: string }, input: ReportInput, runUrl?: string): Promise<IssueResult> {
  const ref = { ...where, label: issueLabel(input.env), marker: issueMarker(input.env) };
  const summary = reportSummary(input);
  if (summary.status === 'error') {
    const { outcome, ...issue } = await upsertTrackingIssue(octokit, { ...ref, ...issueText(input, runUrl) });
    return { action: ACTION[outcome], issue };
  }
  const comment = `Green again: ${markdownCell(summary.line)}${runUrl ? ` ([run](${runUrl}))` : ''}.${summary.status === 'warning' ? ' Warnings remain (see the report); they do not keep this issue open.' : ''}`;
  return { action: 'closed', issues: await closeTrackingIssue(octokit, { ...ref, comment }) };
}
