/* The rotation part of `sophia-secrets status`: one row per key, overdue first; names and dates only. */
import type { KeyAge } from '../compliance/model';
import type { RotationPolicy } from '@sophia-ai/config';
import { formatTable } from '../report';
import { manualStep, type RotationEntry } from './policy';

/** What to do about a key: nothing, its rotate command, or the manual step (issuer, missing command). */
export function nextStep(age: KeyAge, policy: RotationPolicy | undefined, env: string): string {
  if (age.source === 'unknown') return 'age unknown: no ESC revision or GitHub updated_at for it';
  if (!age.overdue) return '';
  if (age.rotateCommand) return age.rotateCommand;
  return policy ? manualStep(policy, env) : '';
}

/** The policy of an age's key (a contract-sourced entry `<project>:<output>[<entry>]` has its output's). */
export const policyOf = (age: KeyAge, entries: RotationEntry[]) => entries.find((e) => e.key === age.key.replace(/\[.*\]$/, ''))?.policy;

export function ageTable(ages: KeyAge[], entries: RotationEntry[], env: string): string[] {
  const sorted = [...ages].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.key.localeCompare(b.key));
  const rows = sorted.map((a) => [
    a.key,
    a.changedAt ?? '-',
    a.source,
    a.ageDays === undefined ? '-' : `${a.ageDays}d`,
    a.maxAgeDays === undefined ? '-' : `${a.maxAgeDays}d`,
    a.overdue ? 'OVERDUE' : a.source === 'unknown' ? 'unknown' : 'ok',
    a.rotatedBy,
    nextStep(a, policyOf(a, entries), env),
  ]);
  const overdue = ages.filter((a) => a.overdue).length;
  return [`Rotation (${overdue} overdue of ${ages.length})`, ...formatTable(['KEY', 'CHANGED', 'SOURCE', 'AGE', 'MAX', 'STATUS', 'ROTATED BY', 'ROTATE'], rows)];
}
