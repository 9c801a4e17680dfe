import { fingerprintOf, isOpaque, isSecretMarker, isUnknown } from './values';

/**
 * One changed input path. Secrets never carry values: `secret` says how the secret changed, and `before`/`after`
 * are left out for any path where either side is (or was) secret.
 */
export interface InputChange {
  /** `instanceType`, `tags.team`, `rules[2].port`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  /** `changed`: both fingerprints known and different; `now secret` / `no longer secret`: one side plain. */
  secret?: 'changed' | 'now secret' | 'no longer secret';
  /** True when one side is only known after apply ("[unknown]"). */
  unknown?: boolean;
  before?: unknown;
  after?: unknown;
}

export interface InputDiff {
  changes: InputChange[];
  /** Secret paths both plans hide without a fingerprint (synth ran without a key): changed or not, nobody knows. */
  uncomparedSecrets: string[];
}

/** Every input path that differs between two redacted input objects, depth first, keys in sorted order. */
export function diffInputs(before: Record<string, unknown>, after: Record<string, unknown>): InputDiff {
  const out: InputDiff = { changes: [], uncomparedSecrets: [] };
  walk(before, after, '', out);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: InputDiff): void {
  if (isSecretMarker(a) || isSecretMarker(b)) return compareSecret(a, b, path, out);
  if (isOpaque(a) && isOpaque(b)) return; // the dynamic provider's closure: redacted on both sides
  if (isUnknown(a) && isUnknown(b)) return; // known after apply on both sides: nothing to compare offline
  if (isRecord(a) && isRecord(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[key], b[key], join(path, key), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, i) => walk(item, b[i], `${path}[${i}]`, out));
    return;
  }
  if (a === undefined && b === undefined) return;
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const kind = a === undefined ? 'added' : b === undefined ? 'removed' : 'changed';
  out.changes.push({
    path: path || '(inputs)',
    kind,
    ...(isUnknown(a) || isUnknown(b) ? { unknown: true } : {}),
    ...(a === undefined ? {} : { before: a }),
    ...(b === undefined ? {} : { after: b }),
  });
}

function compareSecret(a: unknown, b: unknown, path: string, out: InputDiff): void {
  const p = path || '(inputs)';
  if (isSecretMarker(a) && isSecretMarker(b)) {
    const [fa, fb] = [fingerprintOf(a), fingerprintOf(b)];
    if (fa === undefined || fb === undefined) out.uncomparedSecrets.push(p);
    else if (fa !== fb) out.changes.push({ path: p, kind: 'changed', secret: 'changed' });
    return;
  }
  // One side plain: no value is shown, the plain one may be the secret's value.
  if (a === undefined) return void out.changes.push({ path: p, kind: 'added', secret: 'changed' });
  if (b === undefined) return void out.changes.push({ path: p, kind: 'removed', secret: 'changed' });
  out.changes.push({ path: p, kind: 'changed', secret: isSecretMarker(b) ? 'now secret' : 'no longer secret' });
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const join = (path: string, key: string) => (!path ? key : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);
