import * as pulumi from '@pulumi/pulumi';
import { SECRET_SIG, SIG_KEY } from './sdk-internals';

import { DYNAMIC_PROVIDER_PLACEHOLDER, SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from '@sophia-ai/redact';

export { DYNAMIC_PROVIDER_PLACEHOLDER, SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER };

/**
 * Converts recorded inputs/outputs to JSON-safe data for plans and snapshots:
 * - every secret (the SDK's `{ <sigKey>: <secretSig>, value }` wrapper, at any depth) becomes "[secret]";
 * - a dynamic provider's serialized closure (`__provider`) becomes "[dynamic provider]": it is large, changes
 *   with unrelated code, and can embed captured values;
 * - unknowns (preview) become "[unknown]", assets/archives a short description (their text may be secret);
 * - object keys are sorted, so the JSON diffs well between runs.
 */
export function redact(value: unknown): unknown {
  return walk(value, new WeakSet());
}

function walk(value: unknown, seen: WeakSet<object>): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  // Type guards below would narrow `unknown` to `never` one after another; test a plain object reference.
  const obj = value as object;
  if (pulumi.isUnknown(obj)) return UNKNOWN_PLACEHOLDER;
  if (pulumi.Output.isInstance(obj)) return '[output]'; // outputValues are off under mocks; never expected
  if (pulumi.Resource.isInstance(obj)) return '[resource]';
  if (isAssetOrArchive(obj)) return describeAsset(obj as pulumi.asset.Asset);
  if (obj instanceof Date) return obj.toISOString();
  if (Buffer.isBuffer(obj)) return `[${obj.length} bytes]`;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, seen) ?? null);
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) return SECRET_PLACEHOLDER;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record).sort()) {
      const item = key === '__provider' ? DYNAMIC_PROVIDER_PLACEHOLDER : walk(record[key], seen);
      if (item !== undefined) out[key] = item;
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

// Returns a plain boolean: the SDK's guards narrow the false branch of an `object` to `never`.
function isAssetOrArchive(value: unknown): boolean {
  return pulumi.asset.Asset.isInstance(value) || pulumi.asset.Archive.isInstance(value);
}

function describeAsset(value: pulumi.asset.Asset | pulumi.asset.Archive): string {
  const v = value as unknown as { path?: unknown; uri?: unknown; text?: unknown; assets?: unknown };
  // `path`/`uri` are promises on assets; only the kind is stable and safe to show.
  if (v.text !== undefined) return '[asset: text]';
  if (v.path !== undefined) return '[asset: file]';
  if (v.uri !== undefined) return '[asset: remote]';
  return '[archive]';
}

/** True when `value` (at any depth) holds a secret wrapper. */
export function containsSecret(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  if (record[SIG_KEY] === SECRET_SIG) return true;
  return Object.values(record).some(containsSecret);
}

/** String leaves inside secret wrappers (at any depth), so callers can scrub them from free text too. */
export function collectSecretStrings(value: unknown, into: Set<string> = new Set()): Set<string> {
  const walkFor = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    const record = v as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) collectLeafStrings(record.value, into);
    else Object.values(record).forEach(walkFor);
  };
  walkFor(value);
  return into;
}

/** Every string (and number, as text) inside `value`: what must be scrubbed once `value` is known secret. */
export function collectLeafStrings(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (typeof value === 'number') into.add(String(value));
  else if (value && typeof value === 'object') Object.values(value as Record<string, unknown>).forEach((v) => collectLeafStrings(v, into));
  return into;
}
