/*
 * The ledger: per secret and scope, what both sides held after the last sync — an HMAC of the value (keyed, so
 * the ledger cannot be used to test guesses), GitHub's updated_at, ESC's revision — and any write announced but
 * not yet confirmed. No values. It lives in an ESC environment of its own, `<project>/secrets-sync-ledger-<env>`,
 * in the same store as the secrets (for `local`, a file of the local store), and is edited surgically per entry.
 */
import * as crypto from 'node:crypto';
import { type EscEnvRef, type EscStore } from '@sophia-ai/esc-store';
import { syncLedgerEnvironment } from '@sophia-ai/stack-refs/src/esc-naming';
import { plainValueAt, readPlain } from './esc-side';
import type { LedgerEntry } from './plan';

/** SOPHIA_SECRETS_HMAC_KEY (base64 or text) overrides the key kept in the ledger environment. */
export const HMAC_KEY_ENV = 'SOPHIA_SECRETS_HMAC_KEY';
const KEY_PATH = ['values', 'hmacKey'];
const ENTRIES_PATH = ['values', 'entries'];

/** The ledger's ESC environment: the one stacks/esc creates, with the deploy identity's write grant. */
export { syncLedgerEnvironment as ledgerEnvironment };

export type Hmac = (value: string) => string;

export function hmacWith(key: string): Hmac {
  return (value) => crypto.createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

/** The first characters of an HMAC, for audit lines and summaries (enough to compare runs, useless to guess values). */
export const hashPrefix = (h: string | null | undefined) => (h ? h.slice(0, 12) : '-');

export class Ledger {
  private constructor(
    private readonly store: EscStore,
    readonly ref: EscEnvRef,
    readonly entries: Map<string, LedgerEntry>,
    readonly hmac: Hmac,
    /** A key made for this run that is not stored yet (saved with the first write). */
    private newKey: string | undefined,
  ) {}

  /** Reads the ledger (an absent environment is an empty ledger) and its HMAC key (made on first use). */
  static async open(store: EscStore, ref: EscEnvRef, env: NodeJS.ProcessEnv = process.env): Promise<Ledger> {
    const plain = await readPlain(store, ref);
    const stored = plain ? plainValueAt(plain.doc, KEY_PATH) : { present: false as const };
    const entries = new Map<string, LedgerEntry>();
    const raw = plain?.doc && (plain.doc.values as Record<string, unknown> | undefined)?.entries;
    if (raw && typeof raw === 'object') for (const [id, e] of Object.entries(raw as Record<string, LedgerEntry>)) entries.set(id, e);
    const fromEnv = env[HMAC_KEY_ENV];
    let key = fromEnv || (stored.present ? stored.value : undefined);
    let newKey: string | undefined;
    if (!key) {
      if (entries.size > 0) {
        throw new Error(`The ledger ${ref.project}/${ref.name} has entries but no HMAC key (values.hmacKey, or ${HMAC_KEY_ENV}); restore the key, or delete the ledger to start over (the next run then treats every secret as a first sync)`);
      }
      key = newKey = crypto.randomBytes(32).toString('base64');
    }
    return new Ledger(store, ref, entries, hmacWith(key), fromEnv ? undefined : newKey);
  }

  /** Writes the given entries (undefined deletes one) in one surgical update; other entries are untouched. */
  async save(changes: Map<string, LedgerEntry | undefined>): Promise<void> {
    if (changes.size === 0 && !this.newKey) return;
    const edits = [...changes].map(([id, e]) => (e === undefined ? { op: 'remove' as const, path: [...ENTRIES_PATH, id] } : { op: 'set' as const, path: [...ENTRIES_PATH, id], value: e }));
    if (this.newKey) edits.unshift({ op: 'set', path: KEY_PATH, value: this.newKey, secret: true } as never);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.update(this.ref, edits, { create: true });
        break;
      } catch (e) {
        // Entries are per key, so another writer's edit of other entries is merged by simply re-applying ours.
        if ((e as Error).name !== 'ConflictError' || attempt >= 3) throw e;
      }
    }
    this.newKey = undefined;
    for (const [id, e] of changes) {
      if (e === undefined) this.entries.delete(id);
      else this.entries.set(id, e);
    }
  }
}
