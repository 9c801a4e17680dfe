/*
 * A key's age against its policy, as a pure function of what the two sides say about it: the ESC date (the
 * revision since which the value has not changed, ./esc-history) and GitHub's `updated_at`. The date is read on
 * the side the value is born on (its origin) and falls back to the other; neither → `unknown`, never "fresh".
 */
import type { RotationPolicy } from '@sophia-ai/config';
import type { KeyAge } from '../compliance/model';
import { commandFor, type Origin } from './policy';

const DAY_MS = 86_400_000;

export interface AgeInput {
  key: string;
  policy: RotationPolicy;
  origin: Origin;
  env: string;
  /** ISO time of the oldest ESC revision since which the value is unchanged. */
  escChangedAt?: string;
  /** GitHub `updated_at` of each scope holding the key; the oldest counts (the stalest copy decides). */
  githubUpdatedAt?: string[];
  now: Date;
}

const oldest = (dates: string[] = []) => dates.filter((d) => !Number.isNaN(Date.parse(d))).sort((a, b) => Date.parse(a) - Date.parse(b))[0];

export function keyAge(input: AgeInput): KeyAge {
  const { policy } = input;
  const fromEsc = input.escChangedAt && !Number.isNaN(Date.parse(input.escChangedAt)) ? input.escChangedAt : undefined;
  const fromGithub = oldest(input.githubUpdatedAt);
  const order: Array<[KeyAge['source'], string | undefined]> =
    input.origin === 'github' ? [['github-updated_at', fromGithub], ['esc-revision', fromEsc]] : [['esc-revision', fromEsc], ['github-updated_at', fromGithub]];
  const found = order.find(([, at]) => at !== undefined);
  const base = {
    key: input.key,
    maxAgeDays: policy.maxAgeDays,
    rotatedBy: policy.rotatedBy,
    ...(commandFor(policy, input.env) ? { rotateCommand: commandFor(policy, input.env) } : {}),
  };
  if (!found) return { ...base, source: 'unknown', overdue: false };
  const [source, changedAt] = found as [KeyAge['source'], string];
  const ageDays = Math.max(0, Math.floor((input.now.getTime() - Date.parse(changedAt)) / DAY_MS));
  return { ...base, changedAt, source, ageDays, overdue: ageDays > policy.maxAgeDays };
}
