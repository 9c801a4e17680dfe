/*
 * The ESC side of the sync: the values at the owned paths from the opened environment (imports, references and
 * `fn::open` resolved by ESC), and surgical writes of owned paths as `fn::secret` through libs/esc-store, retried
 * on a fresh read when someone else edited the environment meanwhile — unless that someone changed one of our
 * keys, which is then a conflict.
 */
import YAML from 'yaml';
import { ConflictError, type DefinitionEdit, type EscDefinition, type EscEnvRef, escEnvName, escPath, EscApiError, type EscStore, PulumiCloudEscStore, valueAt } from '@sophia-ai/esc-store';

/** A definition with its `fn::secret` values in plaintext, and its version. */
export interface PlainDefinition {
  doc: Record<string, unknown>;
  revision: string;
}

/** The ESC revision, or (local store) the start of the content hash. */
const versionOf = (def: Pick<EscDefinition, 'revision' | 'etag'>) => (def.revision !== undefined ? String(def.revision) : def.etag.slice(0, 19));

/** An environment whose updates need approval (a change request): writes are reported, never forced. */
export class ApprovalRequiredError extends Error {
  constructor(env: EscEnvRef) {
    super(`ESC environment ${escEnvName(env)} requires approval for updates; the sync does not bypass it — open a change request with the planned keys, or lift the rule`);
    this.name = 'ApprovalRequiredError';
  }
}

/** Reads a definition with plaintext secrets: Pulumi Cloud's decrypt endpoint, or the local file (kept in plaintext). */
export async function readPlain(store: EscStore, ref: EscEnvRef): Promise<PlainDefinition | undefined> {
  const def: EscDefinition | undefined = await store.read(ref);
  if (!def) return undefined;
  let doc = def.doc;
  if (store instanceof PulumiCloudEscStore) {
    const yaml = await store.readDecrypted(ref);
    if (yaml === undefined) return undefined;
    doc = (YAML.parse(yaml) as Record<string, unknown> | null) ?? {};
  }
  return { doc, revision: versionOf(def) };
}

/** An environment's values as the sync compares them, and its version. */
export interface EscValues {
  /** The values under `values` (opened in Pulumi Cloud; the local store's literals). */
  values: Record<string, unknown>;
  revision: string;
}

/**
 * The environment's values: opened by Pulumi Cloud (what a stack or `esc run` would see), or for the local store
 * the definition's literal values (it evaluates nothing: a `${…}` there is refused per key).
 */
export async function readValues(store: EscStore, ref: EscEnvRef): Promise<EscValues | undefined> {
  const def = await store.read(ref);
  if (!def) return undefined;
  const revision = versionOf(def);
  if (store instanceof PulumiCloudEscStore) return { values: (await store.open(ref)) ?? {}, revision };
  return { values: (def.doc.values as Record<string, unknown> | undefined) ?? {}, revision };
}

/** The value at a definition path (`['values', …]`) of opened values, as the string GitHub would hold. */
export function escValueAt(v: EscValues, path: string[], opened: boolean): { present: false } | { present: true; value: string } {
  if (path[0] !== 'values') throw new Error(`${escPath(path)} is not under values`);
  if (!opened) return plainValueAt({ values: v.values }, path);
  const x = valueAt(v.values, path.slice(1));
  if (x === undefined || x === null) return { present: false };
  return { present: true, value: typeof x === 'string' ? x : JSON.stringify(x) };
}

/**
 * The value at `path` of a definition as the string GitHub would hold: a `fn::secret` or plain string as-is, an object or number
 * as JSON (the config loader parses JSON strings back). Anything ESC computes at open time cannot be synced.
 */
export function plainValueAt(doc: Record<string, unknown>, path: string[]): { present: false } | { present: true; value: string } {
  let v = valueAt(doc, path);
  if (v === undefined || v === null) return { present: false };
  if (typeof v === 'object' && !Array.isArray(v) && 'fn::secret' in (v as object)) v = (v as Record<string, unknown>)['fn::secret'];
  if (typeof v === 'string') {
    if (v.includes('${')) throw new Error(`${escPath(path)} is an interpolation; the sync moves literal values only`);
    return { present: true, value: v };
  }
  if (typeof v === 'object' && v !== null && Object.keys(v).some((k) => k.startsWith('fn::'))) {
    throw new Error(`${escPath(path)} is computed by ESC (${Object.keys(v).find((k) => k.startsWith('fn::'))}) or still encrypted; the sync moves literal values only`);
  }
  return { present: true, value: typeof v === 'string' ? v : JSON.stringify(v) };
}

export interface EscWrite {
  path: string[];
  /** `undefined` deletes the path. */
  value?: string;
  /** The HMAC the path had when the plan was made (undefined: absent): a fresh read must still show it. */
  expectedHmac?: string;
}

export interface EscWriteResult {
  revision: string;
  /** Paths not written because someone changed them since the plan was made. */
  changedMeanwhile: string[][];
}

const CONFLICT_RETRIES = 3;

/**
 * Writes the owned paths of one environment in one surgical update (fn::secret for values; imports, comments,
 * other keys and their ciphertext untouched). A version mismatch (409) re-reads and retries; a path whose value
 * moved meanwhile is left alone and returned, so the caller reports it as a conflict.
 */
export async function writeEsc(store: EscStore, ref: EscEnvRef, writes: EscWrite[], hmac: (v: string) => string, opts: { create: boolean }): Promise<EscWriteResult> {
  let pending = writes;
  const changedMeanwhile: string[][] = [];
  for (let attempt = 1; ; attempt++) {
    const edits: DefinitionEdit[] = pending.map((w) => (w.value === undefined ? { op: 'remove', path: w.path } : { op: 'set', path: w.path, value: w.value, secret: true }));
    try {
      const res = await store.update(ref, edits, { create: opts.create });
      return { revision: versionOf(res.definition), changedMeanwhile };
    } catch (e) {
      if (e instanceof EscApiError && e.status === 403 && /approv|change request|draft/i.test(e.message)) throw new ApprovalRequiredError(ref);
      if (!(e instanceof ConflictError) || attempt >= CONFLICT_RETRIES) throw e;
    }
    const fresh = await readPlain(store, ref);
    const still: EscWrite[] = [];
    for (const w of pending) {
      let nowHmac: string | undefined;
      try {
        const now = fresh ? plainValueAt(fresh.doc, w.path) : { present: false as const };
        nowHmac = now.present ? hmac(now.value) : undefined;
      } catch {
        nowHmac = 'not a literal any more';
      }
      if (nowHmac === w.expectedHmac) still.push(w);
      else changedMeanwhile.push(w.path);
    }
    pending = still;
    if (pending.length === 0) return { revision: fresh?.revision ?? '', changedMeanwhile };
  }
}
