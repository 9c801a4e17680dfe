/** Diff decisions over plain property bags: pure, shared by every kind's `diff`. */

export interface DiffDecision {
  changes: boolean;
  /** Properties whose change needs a new resource. */
  replaces: string[];
  /** Properties updated in place. */
  updates: string[];
  deleteBeforeReplace?: boolean;
}

/** JSON with object keys sorted: two values are the same when their canonical forms are. */
export const canon = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

const same = (a: unknown, b: unknown) => canon(a ?? null) === canon(b ?? null);
/** An empty array or object reads as missing; numbers, booleans and strings are values (0 and false included). */
const emptyToUndef = (v: unknown) =>
  v === undefined || v === null || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v).length === 0) ? undefined : v;

/**
 * Generic diff: `inPlace` properties are updated, everything else in `props` replaces. Empty arrays/objects and
 * missing values are equal, so state written by older provider versions (without newer optional fields) does
 * not cause a spurious replace.
 */
export function diffProps(olds: Record<string, unknown>, news: Record<string, unknown>, props: readonly string[], inPlace: readonly string[]): DiffDecision {
  const replaces: string[] = [];
  const updates: string[] = [];
  for (const key of props) {
    const a = emptyToUndef(olds[key]);
    const b = emptyToUndef(news[key]);
    if (same(a, b)) continue;
    (inPlace.includes(key) ? updates : replaces).push(key);
  }
  return { changes: replaces.length + updates.length > 0, replaces, updates };
}
