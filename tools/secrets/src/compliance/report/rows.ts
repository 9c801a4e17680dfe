/*
 * The report's one table: a row per key of the environment with every check's finding (presence, shape,
 * placeholder, readiness, age against policy, last sync, GitHub vs ESC), the problems it has in words, and a
 * status (error > warning > ok). Problems first. Pure: built from a ComplianceSnapshot, which holds names only.
 */
import type { ComplianceSnapshot, KeyAge, KeySyncState, KeyValidation, ProbeResult, Readiness } from '../model';

export type Status = 'error' | 'warning' | 'ok';

/** The snapshot plus the findings that belong to no single key (an ESC environment that cannot open, a sync error). */
export interface ReportInput extends ComplianceSnapshot {
  problems?: string[];
}

export interface ReportRow {
  key: string;
  status: Status;
  /** Where the value belongs (ESC environment and path), when validated. */
  location?: string;
  presence: string;
  shape: string;
  placeholder: string;
  readiness: Readiness | 'not probed';
  age: string;
  lastSync: string;
  /** GitHub vs ESC, per GitHub scope: `in sync`, or the sync's action (`drift in repo:…`). */
  drift: string;
  problems: Array<{ status: Exclude<Status, 'ok'>; text: string }>;
}

export interface ReportSummary {
  env: string;
  generatedAt: string;
  status: Status;
  keys: Record<Status, number>;
  readiness: Record<Readiness, number>;
  overdue: number;
  drifted: number;
  environmentProblems: number;
  /** One line for people: `production: 2 errors, 1 warning, 9 ok of 12 keys; probes 4 verified, 1 invalid, 1 unknown; …`. */
  line: string;
}

/** Sync actions that mean GitHub and ESC differ, and how bad each is. */
const SYNC_STATUS: Record<string, Exclude<Status, 'ok'>> = {
  error: 'error',
  conflict: 'warning',
  drift: 'warning',
  create: 'warning',
  update: 'warning',
  delete: 'warning',
  restore: 'warning',
};
const READINESS_ORDER: Readiness[] = ['invalid', 'unknown', 'verified'];
const STATUS_ORDER: Status[] = ['error', 'warning', 'ok'];

const worst = (statuses: Status[]): Status => STATUS_ORDER.find((s) => statuses.includes(s)) ?? 'ok';
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function validationProblems(v: KeyValidation | undefined): ReportRow['problems'] {
  if (!v || v.severity === 'ok') return [];
  const status = v.severity;
  const out: ReportRow['problems'] = [];
  if (v.presence === 'missing') out.push({ status, text: `missing: set it in ${v.location}` });
  if (v.shapeProblem) out.push({ status, text: `wrong shape: ${v.shapeProblem}` });
  if (v.placeholder) out.push({ status, text: `placeholder (${v.placeholder})${status === 'error' ? ': refused in this environment' : ''}` });
  return out;
}

function probeProblems(probes: ProbeResult[]): ReportRow['problems'] {
  return probes.flatMap((p): ReportRow['problems'] =>
    p.readiness === 'invalid' ? [{ status: 'error', text: `${p.service} refused it (${p.call}): ${p.detail}` }] : p.readiness === 'unknown' ? [{ status: 'warning', text: `${p.service} readiness unknown (${p.call}): ${p.detail}` }] : [],
  );
}

/** `absent`: ESC holds no value (missing, or an optional key unset), so there is nothing to date. */
function ageText(a: KeyAge | undefined, absent: boolean): { text: string; problems: ReportRow['problems'] } {
  if (!a) return { text: 'no policy', problems: [] };
  const policy = a.maxAgeDays === undefined ? 'no maximum' : `max ${a.maxAgeDays} d`;
  if (a.ageDays === undefined && absent) return { text: `no value (${policy})`, problems: [] };
  if (a.ageDays === undefined) return { text: `unknown (${policy})`, problems: a.maxAgeDays === undefined ? [] : [{ status: 'warning', text: 'age unknown: no ESC revision or GitHub updated_at dates it' }] };
  const text = `${a.ageDays} d (${policy})`;
  if (!a.overdue) return { text, problems: [] };
  const how = a.rotatedBy === 'platform' ? (a.rotateCommand ? `rotate: ${a.rotateCommand}` : 'rotate it (no one-command rotation yet)') : 'ask its issuer for a new one';
  return { text: `${text} overdue`, problems: [{ status: 'warning', text: `rotation overdue (${a.ageDays} d of ${a.maxAgeDays} d): ${how}` }] };
}

function syncText(states: KeySyncState[]): { drift: string; lastSync: string; problems: ReportRow['problems'] } {
  if (!states.length) return { drift: 'not synced', lastSync: '—', problems: [] };
  const differing = states.filter((s) => SYNC_STATUS[s.action]);
  const lastSync = states.map((s) => s.lastSync).filter((t): t is string => !!t).sort().at(0) ?? 'never';
  return {
    drift: differing.length ? differing.map((s) => `${s.action} in ${s.scope}`).join('; ') : 'in sync',
    lastSync,
    problems: differing.map((s) => ({ status: SYNC_STATUS[s.action]!, text: `${s.githubSecret} in ${s.scope}: ${s.action} (${s.reason})` })),
  };
}

/** Every key any check names, one row each, problems first (errors, then warnings), then by key. */
export function complianceRows(s: ComplianceSnapshot): ReportRow[] {
  const keys = [...new Set([...s.keys.map((k) => k.key), ...s.probes.flatMap((p) => p.keys), ...s.ages.map((a) => a.key), ...s.sync.map((x) => x.key)])];
  const rows = keys.map((key): ReportRow => {
    const v = s.keys.find((k) => k.key === key);
    const probes = s.probes.filter((p) => p.keys.includes(key));
    const age = ageText(s.ages.find((a) => a.key === key), v !== undefined && v.presence !== 'present');
    const sync = syncText(s.sync.filter((x) => x.key === key));
    // A row's errors before its warnings (stable: each check's order otherwise).
    const problems = [...validationProblems(v), ...probeProblems(probes), ...age.problems, ...sync.problems].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
    return {
      key,
      status: worst(problems.map((p) => p.status)),
      ...(v ? { location: v.location } : {}),
      presence: v?.presence ?? 'not checked',
      shape: !v || v.presence !== 'present' ? '—' : v.shapeProblem ? 'wrong' : 'ok',
      placeholder: v?.placeholder ?? (v?.presence === 'present' ? 'none' : '—'),
      readiness: READINESS_ORDER.find((r) => probes.some((p) => p.readiness === r)) ?? 'not probed',
      age: age.text,
      lastSync: sync.lastSync,
      drift: sync.drift,
      problems,
    };
  });
  return rows.sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.key.localeCompare(b.key));
}

export function reportSummary(input: ReportInput, rows: ReportRow[] = complianceRows(input)): ReportSummary {
  const keys = { error: 0, warning: 0, ok: 0 };
  for (const r of rows) keys[r.status]++;
  const readiness = { verified: 0, invalid: 0, unknown: 0 };
  for (const p of input.probes) readiness[p.readiness]++;
  const overdue = input.ages.filter((a) => a.overdue).length;
  const drifted = rows.filter((r) => r.drift !== 'in sync' && r.drift !== 'not synced').length;
  const environmentProblems = input.problems?.length ?? 0;
  const status: Status = environmentProblems || keys.error ? 'error' : keys.warning ? 'warning' : 'ok';
  const parts = [
    `${plural(keys.error, 'error')}, ${plural(keys.warning, 'warning')}, ${keys.ok} ok of ${plural(rows.length, 'key')}`,
    input.probes.length ? `probes ${readiness.verified} verified, ${readiness.invalid} invalid, ${readiness.unknown} unknown` : 'no probes run',
    `${overdue} overdue`,
    `${drifted} differing between GitHub and ESC`,
    ...(environmentProblems ? [plural(environmentProblems, 'environment problem')] : []),
  ];
  return { env: input.env, generatedAt: input.generatedAt, status, keys, readiness, overdue, drifted, environmentProblems, line: `${input.env}: ${status === 'ok' ? 'OK' : status === 'error' ? 'FAILING' : 'NEEDS A LOOK'} — ${parts.join('; ')}` };
}
