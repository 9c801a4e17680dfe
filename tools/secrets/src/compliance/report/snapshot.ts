/*
 * Where a report's input comes from: a live run (validate's findings, the sync's status, the ages against their
 * policies, joined into one ComplianceSnapshot) or an archived JSON report (`--from`), checked before use.
 */
import type { ReportItem, SyncReport } from '../../sync';
import type { EnvironmentValidation } from '../../validate';
import type { KeyAge, KeySyncState } from '../model';
import { REPORT_SCHEMA, type JsonReport } from './render';
import type { ReportInput } from './rows';

export const syncState = (i: ReportItem): KeySyncState => ({
  key: i.key,
  githubSecret: i.githubSecret,
  scope: i.scope,
  ...(i.syncedAt ? { lastSync: i.syncedAt } : {}),
  action: i.action,
  reason: i.error ? `${i.reason}: ${i.error}` : i.reason,
});

export function complianceSnapshot(parts: { env: string; now: Date; validation: EnvironmentValidation; ages: KeyAge[]; sync: SyncReport }): ReportInput {
  return {
    env: parts.env,
    generatedAt: parts.now.toISOString(),
    keys: parts.validation.keys,
    probes: parts.validation.probes,
    ages: parts.ages,
    sync: parts.sync.items.map(syncState),
    problems: [...parts.validation.problems, ...parts.sync.errors.map((e) => `sync: ${e}`)],
  };
}

/** The snapshot inside an archived JSON report; `where` names the file in errors (its content is never shown). */
export function snapshotFromJson(text: string, where: string): ReportInput {
  let parsed: Partial<JsonReport>;
  try {
    parsed = JSON.parse(text) as Partial<JsonReport>;
  } catch {
    throw new Error(`${where} is not JSON: expected the output of sophia-secrets report --format json`);
  }
  const s = parsed?.snapshot;
  if (parsed?.schema !== REPORT_SCHEMA || !s || typeof s.env !== 'string' || ![s.keys, s.probes, s.ages, s.sync].every(Array.isArray)) {
    throw new Error(`${where} is not a compliance report (schema ${REPORT_SCHEMA}): expected the output of sophia-secrets report --format json`);
  }
  return s;
}
