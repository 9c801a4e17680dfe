/*
 * What `validate` prints: a table of keys (key, location, presence, shape, placeholder, severity), one line per
 * probe, the environment's own problems; or JSON lines of the same. Built from KeyValidation and ProbeResult,
 * which hold names and reasons only — no value, hash or fragment ever reaches here.
 */
import type { KeyValidation, ProbeResult } from '../compliance/model';
import { EXIT } from '../report';
import type { EnvironmentValidation } from './environment';

/**
 * `validate`'s exit code: 1 (EXIT.error) for any error — a required key missing, a wrong shape, a placeholder in
 * production, a credential the service refused, an environment ESC cannot open; else 3 (EXIT.attention) for what
 * needs a look — a placeholder outside production, a probe that could not tell (unknown); else 0.
 */
export function validationExitCode(v: EnvironmentValidation): number {
  if (v.problems.length || v.keys.some((k) => k.severity === 'error') || v.probes.some((p) => p.readiness === 'invalid')) return EXIT.error;
  if (v.keys.some((k) => k.severity === 'warning') || v.probes.some((p) => p.readiness === 'unknown')) return EXIT.attention;
  return EXIT.clean;
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)];
}

const keyRow = (k: KeyValidation) => [
  k.key,
  k.githubSecret ? `${k.location} (GitHub secret ${k.githubSecret})` : k.location,
  k.presence,
  k.presence === 'present' ? (k.shapeProblem ?? 'ok') : '-',
  k.placeholder ?? (k.presence === 'present' && !k.shapeProblem ? 'no' : '-'),
  k.severity,
];

const probeRow = (p: ProbeResult) => [p.service, p.readiness, p.call, `${p.durationMs} ms`, p.detail];

export function severityCounts(v: EnvironmentValidation): Record<string, number> {
  const c: Record<string, number> = { ok: 0, warning: 0, error: 0 };
  for (const k of v.keys) c[k.severity] = (c[k.severity] ?? 0) + 1;
  return c;
}

export function readinessCounts(v: EnvironmentValidation): Record<string, number> {
  const c: Record<string, number> = { verified: 0, invalid: 0, unknown: 0 };
  for (const p of v.probes) c[p.readiness] = (c[p.readiness] ?? 0) + 1;
  return c;
}

/** The terminal form: keys table, probes table (when probes ran), problems, and a summary line. */
export function validationTable(v: EnvironmentValidation, env: string): string[] {
  const s = severityCounts(v);
  const r = readinessCounts(v);
  return [
    ...table(['KEY', 'LOCATION', 'PRESENCE', 'SHAPE', 'PLACEHOLDER', 'SEVERITY'], v.keys.map(keyRow)),
    ...(v.probes.length ? ['', ...table(['PROBE', 'READINESS', 'CALL', 'TIME', 'DETAIL'], v.probes.map(probeRow))] : []),
    ...v.problems.map((p) => `error: ${p}`),
    '',
    `${env}: ${v.keys.length} keys — ${s.error} error, ${s.warning} warning, ${s.ok} ok` +
      (v.probes.length ? `; probes — ${r.verified} verified, ${r.invalid} invalid, ${r.unknown} unknown` : '; probes not run'),
  ];
}

/** JSON lines: one per key, per probe, per problem, then a summary with the exit code. */
export function validationJsonLines(v: EnvironmentValidation, env: string): string[] {
  return [
    ...v.keys.map((k) => JSON.stringify({ type: 'key', env, ...k })),
    ...v.probes.map((p) => JSON.stringify({ type: 'probe', env, ...p })),
    ...v.problems.map((message) => JSON.stringify({ type: 'problem', env, message })),
    JSON.stringify({ type: 'summary', env, severity: severityCounts(v), readiness: readinessCounts(v), exitCode: validationExitCode(v) }),
  ];
}
