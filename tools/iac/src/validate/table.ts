/* The report of iac:validate: a service × check table (✓ / ✗ gap / ⚠ pending value / – not checked), then every gap with where to fix it. */
import { CHECKS, type Cell, type ValidationResult } from './checks';

const MARK: Record<Cell, string> = { ok: '✓', gap: '✗', pending: '⚠', 'not checked': '–' };
const COLUMNS = [...CHECKS, 'python'] as const;

export function renderValidation(result: ValidationResult): string {
  const width = Math.max(...result.rows.map((r) => r.label.length), 'service'.length);
  const header = ['service'.padEnd(width), ...COLUMNS].join('  ');
  const lines = [header, '-'.repeat(header.length)];
  for (const row of result.rows) {
    const cells = COLUMNS.map((c) => {
      const cell = row.cells[c];
      return (cell ? MARK[cell] : ' ').padEnd(c.length);
    });
    lines.push([row.label.padEnd(width), ...cells].join('  ').trimEnd());
  }
  lines.push('');
  const gaps = result.gaps.filter((g) => !g.severity);
  const pending = result.gaps.filter((g) => g.severity === 'pending');
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (!gaps.length) lines.push(`✓ complete: ${plural(result.rows.length - 1, 'stack')}, ${COLUMNS.length} checks, no gap`);
  else lines.push(`✗ ${plural(gaps.length, 'gap')}:`);
  for (const g of gaps) lines.push(`  ✗ ${g.row} · ${g.check}: ${g.problem}`, `      fix: ${g.fix}`);
  if (pending.length) {
    lines.push(`⚠ ${plural(pending.length, 'environment')} with required values still to set (not a gap; --strict fails on them):`);
    for (const g of pending) lines.push(`  ⚠ ${g.row} · ${g.check}: ${g.problem}`, `      fix: ${g.fix}`);
  }
  return lines.join('\n');
}
