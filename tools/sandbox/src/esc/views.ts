/** What ESC answers about its objects (the spec's schemas): list entries, revisions, evaluated values. */
import type { Val } from './evaluate';
import type { Revision, StoredEnv } from './state';

export const orgEnvironmentView = (e: StoredEnv) => ({ organization: e.org, project: e.project, name: e.name, created: e.created, modified: e.modified });

export const revisionView = (r: Revision, latest: number) => ({
  number: r.number,
  created: r.created,
  creatorLogin: r.creatorLogin,
  creatorName: r.creatorLogin,
  tags: r.number === latest ? ['latest'] : [],
});

/**
 * The spec's `Value`: `{value, secret?, trace}` with lists and objects of Values inside. `trace` is empty: the
 * emulator keeps no source ranges.
 */
export function valueView(v: Val): Record<string, unknown> {
  const value = Array.isArray(v.value)
    ? v.value.map(valueView)
    : v.value && typeof v.value === 'object'
      ? Object.fromEntries(Object.entries(v.value).map(([k, x]) => [k, valueView(x)]))
      : v.value;
  return { value, ...(v.secret ? { secret: true } : {}), trace: {} };
}
