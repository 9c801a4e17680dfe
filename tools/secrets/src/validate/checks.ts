/*
 * The static checks of `validate`: for one environment, every key the namespaces declare, against the values ESC
 * holds for it — present, the right shape, not a placeholder. Pure: the values come in through `read`. The rules
 * are libs/config's (validateConfig: the schemas, the shared placeholder rules), so a key passes here exactly when
 * the stack's own config loader would accept it; what this adds is one row per key, where the value belongs, and
 * the severity (production refuses any placeholder; elsewhere a placeholder is a warning).
 */
import { configKey, type ConfigProblem, escKeyLocation, type Namespace, validateConfig } from '@sophia-ai/config';
import { escEnvName, escPath } from '@sophia-ai/esc-store';
import type { KeyValidation } from '../compliance/model';

/** The environment whose placeholders are errors. */
export const STRICT_ENV = 'production';

/**
 * One key's value as read from ESC: absent, the string the stack's config would hold, or unreadable (e.g. the
 * local store holding an interpolation it cannot evaluate) with a reason that names no value.
 */
export type ReadValue = { present: false } | { present: true; value: string } | { present: true; unreadable: string };

/** Where a key's value belongs: the ESC environment and the path inside its definition. */
export function keyLocation(ns: Namespace, key: string, env: string, org?: string): string {
  const loc = escKeyLocation(ns, key, env, org);
  return `${escEnvName(loc.env)} ${escPath(loc.path)}`;
}

/** The namespaces whose values live in ESC (stacks/esc reads its own stack file: nothing of it is in ESC). */
export const inEsc = (namespaces: readonly Namespace[]) => namespaces.filter((ns) => ns.source !== 'stack-file');

/** Every key of every namespace in ESC, checked; one row per key, in namespace order. */
export function checkKeys(namespaces: readonly Namespace[], env: string, read: (ns: Namespace, key: string) => ReadValue, org?: string): KeyValidation[] {
  return inEsc(namespaces).flatMap((ns) => checkNamespace(ns, env, (key) => read(ns, key), org));
}

function checkNamespace(ns: Namespace, env: string, read: (key: string) => ReadValue, org?: string): KeyValidation[] {
  const values = new Map(Object.keys(ns.keys).map((key) => [key, read(key)]));
  const raw = (full: string) => {
    const v = values.get(full.slice(ns.name.length + 1));
    return v?.present && 'value' in v ? v.value : undefined;
  };
  const result = validateConfig(ns, raw, env);
  const problems = new Map<string, ConfigProblem>(result.ok ? [] : result.problems.map((p) => [p.key, p]));
  return Object.entries(ns.keys).map(([key, spec]) => {
    const read = values.get(key)!;
    const problem = problems.get(key);
    const row: KeyValidation = {
      key: configKey(ns, key),
      location: keyLocation(ns, key, env, org),
      ...(spec.githubSecret ? { githubSecret: spec.githubSecret } : {}),
      secret: spec.secret === true,
      presence: read.present ? 'present' : spec.optional || spec.schema.safeParse(undefined).success ? 'optional-missing' : 'missing',
      severity: 'ok',
    };
    if (read.present && 'unreadable' in read) row.shapeProblem = read.unreadable;
    else if (problem?.kind === 'invalid') row.shapeProblem = problem.message.replace(/^invalid: /, '');
    else if (problem?.kind === 'placeholder') row.placeholder = problem.message.replace(/^looks like a placeholder: it /, '');
    row.severity = severityOf(row, env);
    return row;
  });
}

/** A missing required key or a wrong shape is an error everywhere; a placeholder is one in production only. */
export function severityOf(row: Pick<KeyValidation, 'presence' | 'shapeProblem' | 'placeholder'>, env: string): KeyValidation['severity'] {
  if (row.presence === 'missing' || row.shapeProblem) return 'error';
  if (row.placeholder) return env === STRICT_ENV ? 'error' : 'warning';
  return 'ok';
}
