/*
 * Ages of every key with a rotation policy in one environment: the ESC date from the revision history (when the
 * store has one) and GitHub's updated_at from the sync's own observation (the status report), combined by ./age.
 */
import { escEnvName } from '@sophia-ai/esc-store';
import type { KeyAge } from '../compliance/model';
import type { ReportItem } from '../sync';
import { keyAge } from './age';
import { EscHistoryWalker, hasHistory } from './esc-history';
import type { RotationEntry } from './policy';

export interface CollectOptions {
  /** The keys with their policies (./policy rotationEntries). */
  entries: RotationEntry[];
  env: string;
  /** The ESC store; its revision history is walked when it has one (Pulumi Cloud, the emulator). */
  store: unknown;
  /** The sync's items of this environment (status: the plan without policy flags). */
  items: ReportItem[];
  now: Date;
}

/**
 * An unreadable history (ESC down, no access) does not stop the report: that key's ESC date is missing (GitHub's,
 * or `unknown`, takes its place) and the failure is one line in `errors`.
 */
export async function collectAges(opts: CollectOptions): Promise<{ ages: KeyAge[]; errors: string[] }> {
  const walker = hasHistory(opts.store) ? new EscHistoryWalker(opts.store) : undefined;
  const ages: KeyAge[] = [];
  const errors = new Set<string>();
  for (const entry of opts.entries) {
    const base = { policy: entry.policy, origin: entry.origin, env: opts.env, now: opts.now };
    if (!entry.esc) {
      // A contract-sourced secret: one age per published entry (`<project>:<output>[<entry>]`), GitHub's date.
      const published = opts.items.filter((i) => i.key === entry.key || i.key.startsWith(`${entry.key}[`));
      const keys = [...new Set(published.map((i) => i.key))];
      if (keys.length === 0) ages.push(keyAge({ ...base, key: entry.key }));
      for (const key of keys) ages.push(keyAge({ ...base, key, githubUpdatedAt: updatedAts(published.filter((i) => i.key === key)) }));
      continue;
    }
    const changed = walker
      ? await walker.changedAt(entry.esc.env, entry.esc.path).catch((e: Error) => void errors.add(`the ESC history of ${escEnvName(entry.esc!.env)} is unreadable (its keys' ages fall back to GitHub's dates): ${e.message}`))
      : undefined;
    const githubUpdatedAt = updatedAts(opts.items.filter((i) => i.key === entry.key));
    ages.push(keyAge({ ...base, key: entry.key, ...(changed ? { escChangedAt: changed.at } : {}), githubUpdatedAt }));
  }
  return { ages, errors: [...errors] };
}

const updatedAts = (items: ReportItem[]) => items.flatMap((i) => (i.githubUpdatedAt ? [i.githubUpdatedAt] : []));
