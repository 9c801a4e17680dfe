/*
 * What a run tells people: the plan table, JSON lines, the audit log and the Markdown job summary, and the exit
 * code. All built from report items — names, scopes, actions, reasons, hash prefixes and revisions; no values.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KeyAge } from './compliance/model';
import type { ActionKind } from './plan';
import type { ReportItem, SyncReport } from './sync';

/** Exit codes of `sync` and `status` (documented in docs/infrastructure/SECRETS_SYNC.md). */
export const EXIT = {
  /** Nothing to do: every secret in sync (or intentionally skipped). */
  clean: 0,
  /** Errors: a read or write failed, the manifest or the input is invalid. */
  error: 1,
  /** Changes: planned (dry run) or applied (--apply). */
  changed: 2,
  /** Conflicts or drift that need a decision (--prefer, --restore); nothing was written for those keys. */
  attention: 3,
  /** Bad command line. */
  usage: 64,
} as const;

const CHANGES: ActionKind[] = ['create', 'update', 'delete', 'restore'];

/** `ages` (status): an overdue key needs attention like a conflict; it never hides an error or a planned change. */
export function exitCode(report: SyncReport, ages: KeyAge[] = []): number {
  if (report.errors.length || report.items.some((i) => i.action === 'error' || i.result === 'failed')) return EXIT.error;
  if (report.items.some((i) => i.action === 'conflict' || i.action === 'drift')) return EXIT.attention;
  if (report.items.some((i) => CHANGES.includes(i.action))) return EXIT.changed;
  if (ages.some((a) => a.overdue)) return EXIT.attention;
  return EXIT.clean;
}

export interface RunMeta {
  env: string;
  actor: string;
  runId?: string;
  startedAt: string;
  applied: boolean;
}

export function runMeta(env: string, applied: boolean, e: NodeJS.ProcessEnv = process.env): RunMeta {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    /* no passwd entry (containers) */
  }
  return { env, actor: e.GITHUB_ACTOR || user, ...(e.GITHUB_RUN_ID ? { runId: e.GITHUB_RUN_ID } : {}), startedAt: new Date().toISOString(), applied };
}

/** One line per item with the fields the audit log, JSON output and summary share. */
export function itemRecord(i: ReportItem) {
  return {
    key: i.key,
    githubSecret: i.githubSecret,
    scope: i.scope,
    direction: i.direction,
    action: i.action,
    result: i.result,
    // A contract-sourced secret's owning side is its stack (the `esc` side of the rules), never ESC.
    ...(i.write ? { writes: i.write.delete ? `delete ${i.write.side}` : `${i.direction === 'stack→github' ? 'stack' : i.write.from}→${i.write.side}` } : {}),
    reason: i.reason,
    ...(i.error ? { error: i.error } : {}),
    escHash: i.hashes.esc,
    githubHash: i.hashes.github,
    ...(i.escRevision ? { escRevision: i.escRevision } : {}),
    ...(i.githubUpdatedAt ? { githubUpdatedAt: i.githubUpdatedAt } : {}),
    ...(i.syncedAt ? { syncedAt: i.syncedAt } : {}),
  };
}

/** JSON lines: items, errors, (status) one `age` line per key with a rotation policy, then the summary. */
export function jsonLines(report: SyncReport, meta: RunMeta, ages: KeyAge[] = []): string[] {
  return [
    ...report.items.map((i) => JSON.stringify({ type: 'item', env: meta.env, ...itemRecord(i) })),
    ...report.errors.map((e) => JSON.stringify({ type: 'error', env: meta.env, message: e })),
    ...ages.map((a) => JSON.stringify({ type: 'age', env: meta.env, ...a })),
    JSON.stringify({ type: 'summary', env: meta.env, applied: meta.applied, counts: counts(report), exitCode: exitCode(report, ages) }),
  ];
}

export function counts(report: SyncReport): Record<string, number> {
  const c: Record<string, number> = {};
  for (const i of report.items) c[i.action] = (c[i.action] ?? 0) + 1;
  return c;
}

/** The plan as a table (terminal and logs); `status` shows when each secret was last in sync instead of results. */
export function planTable(report: SyncReport, mode: 'sync' | 'status' = 'sync'): string[] {
  const third = (i: ReportItem) => (mode === 'status' ? (i.syncedAt ?? 'never') : report.applied ? i.result : '');
  const rows = report.items.map((i) => [i.githubSecret, i.scope, i.direction, i.action, third(i), i.error ? `${i.reason} — ${i.error}` : i.reason]);
  const head = ['SECRET', 'SCOPE', 'DIRECTION', 'ACTION', mode === 'status' ? 'LAST IN SYNC' : report.applied ? 'RESULT' : '', 'REASON'];
  return [...formatTable(head, rows), ...report.errors.map((e) => `error: ${e}`)];
}

/** Left-aligned columns two spaces apart; the last column is not padded. */
export function formatTable(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)];
}

/** Conflicts and drift waiting for a decision (status: the ledger against both sides), one line; none → nothing. */
export function pendingDecisions(report: SyncReport): string[] {
  const waiting = report.items.filter((i) => i.action === 'conflict' || i.action === 'drift');
  return waiting.length ? [`Pending decisions (${waiting.length}): ${waiting.map((i) => `${i.githubSecret} ${i.action} in ${i.scope}`).join('; ')} — see --prefer / --restore`] : [];
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The Markdown job summary ($GITHUB_STEP_SUMMARY). */
export function markdownSummary(report: SyncReport, meta: RunMeta): string {
  const c = counts(report);
  const lines = [
    `### Secrets sync — ${meta.env} (${meta.applied ? 'applied' : 'dry run'})`,
    '',
    Object.entries(c)
      .map(([k, v]) => `**${k}** ${v}`)
      .join(' · ') || 'nothing to sync',
    '',
    '| Secret | Scope | Direction | Action | Result | Reason |',
    '|---|---|---|---|---|---|',
    ...report.items.map((i) => `| \`${i.githubSecret}\` | ${escapeCell(i.scope)} | ${i.direction} | ${i.action} | ${meta.applied ? i.result : '—'} | ${escapeCell(i.error ? `${i.reason} — ${i.error}` : i.reason)} |`),
    ...(report.errors.length ? ['', ...report.errors.map((e) => `> **Error:** ${escapeCell(e)}`)] : []),
    '',
  ];
  return lines.join('\n');
}

/** Default audit directory: $SOPHIA_SECRETS_AUDIT_DIR, else ~/.sophia-ai/secrets-sync/audit. */
export function auditDir(e: NodeJS.ProcessEnv = process.env): string {
  return e.SOPHIA_SECRETS_AUDIT_DIR || path.join(os.homedir(), '.sophia-ai', 'secrets-sync', 'audit');
}

/** Writes the run's audit log (who, when, key, scope, action, hash prefixes, revision): `<dir>/<env>-<time>.jsonl`. */
export function writeAudit(report: SyncReport, meta: RunMeta, dir = auditDir()): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${meta.env}-${meta.startedAt.replace(/[:.]/g, '')}.jsonl`);
  const base = { at: meta.startedAt, actor: meta.actor, ...(meta.runId ? { run: meta.runId } : {}), env: meta.env, applied: meta.applied };
  const lines = [...report.items.map((i) => JSON.stringify({ ...base, ...itemRecord(i) })), ...report.errors.map((e) => JSON.stringify({ ...base, error: e }))];
  fs.appendFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
  return file;
}
