import YAML from 'yaml';
import { type DefinitionEdit, editDefinition, parseDefinition } from './edit';
import { DefinitionError, NotFoundError } from './errors';
import type { EscEnvRef } from '@sophia-ai/stack-refs/src/esc-naming';

/** One environment definition as stored (ciphertext of `fn::secret` values intact). */
export interface EscDefinition {
  ref: EscEnvRef;
  /** The definition YAML exactly as the store returned it. */
  yaml: string;
  /** The parsed document (plain JS). */
  doc: Record<string, unknown>;
  /** Opaque version token for conflict detection: the service ETag, or a content hash for local files. */
  etag: string;
  /** ESC revision number when the store knows it. */
  revision?: number;
}

export interface WriteResult {
  etag: string;
  revision?: number;
}

export interface UpdateOptions {
  /** Conflict check against a version read earlier; default: the version read by this update. */
  expectedEtag?: string;
  /** Create the environment if it does not exist (default false → NotFoundError). */
  create?: boolean;
}

export interface UpdateResult {
  definition: EscDefinition;
  /** False when every edit was already in place (nothing was written). */
  changed: boolean;
}

/**
 * Where ESC environment definitions are read and written. Writers edit definitions surgically (only the named
 * keys), never rebuild them from opened values, and never overwrite silently: a version mismatch is a
 * ConflictError.
 */
export interface EscStore {
  /** `local:<dir>` or `pulumi-cloud:<api url>` — for messages; never contains credentials. */
  describe(): string;
  list(): Promise<EscEnvRef[]>;
  /** The definition, or `undefined` if the environment does not exist. */
  read(ref: EscEnvRef): Promise<EscDefinition | undefined>;
  /** Creates an empty environment; AlreadyExistsError if it exists. */
  create(ref: EscEnvRef): Promise<void>;
  /** Replaces the whole definition if its current version is `etag`; else ConflictError. */
  write(ref: EscEnvRef, yaml: string, etag: string): Promise<WriteResult>;
  /** Reads, applies the edits surgically (keeping imports, comments, other keys) and writes with conflict check. */
  update(ref: EscEnvRef, edits: DefinitionEdit[], opts?: UpdateOptions): Promise<UpdateResult>;
}

export function parseDefinitionDoc(ref: EscEnvRef, yaml: string): Record<string, unknown> {
  try {
    const doc = parseDefinition(yaml).toJSON() as Record<string, unknown> | null;
    return doc ?? {};
  } catch (e) {
    throw new DefinitionError(ref, (e as Error).message);
  }
}

/** The shared read → edit → conditional write used by every store's `update`. */
export async function updateVia(store: EscStore, ref: EscEnvRef, edits: DefinitionEdit[], opts: UpdateOptions = {}): Promise<UpdateResult> {
  let current = await store.read(ref);
  if (!current) {
    if (!opts.create) throw new NotFoundError(ref);
    await store.create(ref);
    current = await store.read(ref);
    if (!current) throw new NotFoundError(ref);
  }
  let edited;
  try {
    edited = editDefinition(current.yaml, edits);
  } catch (e) {
    throw new DefinitionError(ref, (e as Error).message);
  }
  const etag = opts.expectedEtag ?? current.etag;
  if (!edited.changed && etag === current.etag) return { definition: current, changed: false };
  const written = await store.write(ref, edited.yaml, etag);
  return {
    definition: { ref, yaml: edited.yaml, doc: YAML.parse(edited.yaml) ?? {}, etag: written.etag, revision: written.revision },
    changed: true,
  };
}
