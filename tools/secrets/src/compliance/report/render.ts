/*
 * The report in three formats from the same rows: Markdown (for $GITHUB_STEP_SUMMARY), JSON (for archives; it
 * carries the snapshot, so `report --from` and `notify --from` can render and act on it later) and a self-contained
 * HTML page (inline style, no script, no external asset; every text HTML-escaped). Names and findings only.
 */
import { complianceRows, reportSummary, type ReportInput, type ReportRow, type ReportSummary } from './rows';

export type ReportFormat = 'md' | 'json' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'json', 'html'];

/** The JSON report's identity: what `--from` accepts. */
export const REPORT_SCHEMA = 'sophia-secrets/compliance-report@1';

export interface JsonReport {
  schema: typeof REPORT_SCHEMA;
  summary: ReportSummary;
  rows: ReportRow[];
  snapshot: ReportInput;
}

const COLUMNS: Array<[string, (r: ReportRow) => string]> = [
  ['Status', (r) => r.status],
  ['Key', (r) => r.key],
  ['Presence', (r) => r.presence],
  ['Shape', (r) => r.shape],
  ['Placeholder', (r) => r.placeholder],
  ['Readiness', (r) => r.readiness],
  ['Age (policy)', (r) => r.age],
  ['Last sync', (r) => r.lastSync],
  ['GitHub vs ESC', (r) => r.drift],
  ['Problems', (r) => r.problems.map((p) => p.text).join('; ') || '—'],
];

const STATUS_MARK: Record<string, string> = { error: '❌ error', warning: '⚠️ warning', ok: '✅ ok' };

export function jsonReport(input: ReportInput): JsonReport {
  const rows = complianceRows(input);
  return { schema: REPORT_SCHEMA, summary: reportSummary(input, rows), rows, snapshot: input };
}

/** Markdown cell text: no line breaks, no table pipes, no HTML (GitHub renders inline HTML in summaries and issues). */
export const markdownCell = (text: string) => text.replace(/[\r\n]+/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');

export function markdownReport(input: ReportInput): string {
  const rows = complianceRows(input);
  const summary = reportSummary(input, rows);
  const lines = [`## Secrets compliance: ${markdownCell(input.env)}`, '', `**${markdownCell(summary.line)}**`, '', `Generated ${markdownCell(input.generatedAt)}.`, ''];
  if (input.problems?.length) lines.push(...input.problems.map((p) => `- ❌ ${markdownCell(p)}`), '');
  lines.push(`| ${COLUMNS.map(([h]) => h).join(' | ')} |`, `|${COLUMNS.map(() => ' --- ').join('|')}|`);
  for (const r of rows) lines.push(`| ${COLUMNS.map(([h, cell]) => (h === 'Status' ? STATUS_MARK[r.status]! : markdownCell(cell(r)))).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

export const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #1f2328; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
#summary { font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; position: sticky; top: 0; }
tr.status-error td:first-child { background: #ffebe9; color: #82071e; font-weight: 600; }
tr.status-warning td:first-child { background: #fff8c5; color: #7d4e00; font-weight: 600; }
tr.status-ok td:first-child { background: #dafbe1; color: #116329; }
td.key { font-family: ui-monospace, monospace; white-space: nowrap; }
ul.environment, li.error { color: #82071e; }
td ul { margin: 0; padding-left: 1.1rem; }
`;

export function htmlReport(input: ReportInput): string {
  const rows = complianceRows(input);
  const summary = reportSummary(input, rows);
  const e = escapeHtml;
  const body = rows.map((r) => {
    const problems = r.problems.length ? `<ul>${r.problems.map((p) => `<li class="${p.status}">${e(p.text)}</li>`).join('')}</ul>` : '—';
    const cells = COLUMNS.map(([h, cell]) => `<td${h === 'Key' ? ' class="key"' : ''}>${h === 'Problems' ? problems : e(cell(r))}</td>`).join('');
    return `<tr class="status-${r.status}" data-key="${e(r.key)}">${cells}</tr>`;
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>Secrets compliance: ${e(input.env)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>Secrets compliance: ${e(input.env)}</h1>`,
    `<p id="summary" data-status="${summary.status}">${e(summary.line)}</p>`,
    `<p>Generated ${e(input.generatedAt)}. Problems first; every key of the environment's namespaces is a row.</p>`,
    ...(input.problems?.length ? ['<ul class="environment">', ...input.problems.map((p) => `<li>${e(p)}</li>`), '</ul>'] : []),
    '<table id="compliance">',
    `<thead><tr>${COLUMNS.map(([h]) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...body,
    '</tbody>',
    '</table>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function renderReport(input: ReportInput, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(jsonReport(input), null, 2)}\n`;
  return format === 'md' ? markdownReport(input) : htmlReport(input);
}
