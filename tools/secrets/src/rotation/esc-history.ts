/*
 * When a key's value last changed in ESC, from the environment's revision history: walk the revisions newest
 * first and find the oldest one since which the key's node in the definition is unchanged. The definitions are
 * read as stored (`GET …/versions/{n}`: secrets as ciphertext, never decrypted): ESC keeps an untouched secret's
 * ciphertext byte for byte across edits (libs/esc-store edits surgically), so equal nodes mean an unchanged value.
 * Re-writing the same value makes new ciphertext and counts as a change: the date is never older than the truth.
 * Nodes are compared as SHA-256 digests inside this process and dropped; nothing about them is kept or printed.
 *
 * Cost: one definition read per revision walked (cached per environment, shared by its keys), at most
 * `maxReads`; a walk cut short there reports the oldest revision it reached, an upper bound of the change date.
 */
import * as crypto from 'node:crypto';
import { type EscDefinition, type EscEnvRef, escEnvName, type EscRevision, valueAt } from '@sophia-ai/esc-store';

/** What the walk needs from an ESC store (PulumiCloudEscStore has both; the local store has no history). */
export interface EscHistory {
  revisions(ref: EscEnvRef, before?: number, count?: number): Promise<EscRevision[] | undefined>;
  readAt(ref: EscEnvRef, revision: number): Promise<EscDefinition | undefined>;
}

export const hasHistory = (store: unknown): store is EscHistory =>
  typeof (store as EscHistory).revisions === 'function' && typeof (store as EscHistory).readAt === 'function';

export interface ChangedAt {
  /** ISO time of the oldest revision with the current value. */
  at: string;
  revision: number;
  /** The walk stopped at `maxReads`: the value may be older still. */
  bounded: boolean;
}

const PAGE = 100;

/** Reads each environment's revisions and definitions once for all the keys asked about. */
export class EscHistoryWalker {
  private readonly revisionLists = new Map<string, Promise<EscRevision[]>>();
  private readonly definitions = new Map<string, Promise<EscDefinition | undefined>>();

  constructor(
    private readonly history: EscHistory,
    private readonly maxReads = 200,
  ) {}

  /** The revisions of `ref`, newest first, up to maxReads + 1 of them. */
  private list(ref: EscEnvRef): Promise<EscRevision[]> {
    const name = escEnvName(ref);
    let p = this.revisionLists.get(name);
    if (!p) {
      p = (async () => {
        const all: EscRevision[] = [];
        for (let before: number | undefined; all.length <= this.maxReads; ) {
          const page = (await this.history.revisions(ref, before, PAGE)) ?? [];
          all.push(...page);
          if (page.length < PAGE) break;
          before = page[page.length - 1]!.number;
        }
        return all;
      })();
      this.revisionLists.set(name, p);
    }
    return p;
  }

  private definition(ref: EscEnvRef, revision: number): Promise<EscDefinition | undefined> {
    const id = `${escEnvName(ref)}@${revision}`;
    let p = this.definitions.get(id);
    if (!p) {
      p = this.history.readAt(ref, revision);
      this.definitions.set(id, p);
    }
    return p;
  }

  /** When the value at `path` of `ref` last changed; undefined when the key is absent (or the environment is). */
  async changedAt(ref: EscEnvRef, path: string[]): Promise<ChangedAt | undefined> {
    const revisions = await this.list(ref);
    const digestAt = async (r: EscRevision) => digest(valueAt((await this.definition(ref, r.number))?.doc, path));
    const newest = revisions[0];
    if (!newest) return undefined;
    const current = await digestAt(newest);
    if (current === undefined) return undefined;
    let since = newest;
    let reads = 1;
    let bounded = false;
    for (const r of revisions.slice(1)) {
      if (reads >= this.maxReads) {
        bounded = true;
        break;
      }
      reads++;
      if ((await digestAt(r)) !== current) break;
      since = r;
    }
    return since.created ? { at: since.created, revision: since.number, bounded } : undefined;
  }
}

function digest(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  return crypto.createHash('sha256').update(JSON.stringify(node)).digest('hex');
}
