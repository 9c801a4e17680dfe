/*
 * The three-way rules of the sync, as plain functions: from what each side holds now (observations), what the
 * ledger says both held after the last sync, the owning direction and the operator's policy flags, decide one
 * action per secret and scope. Plans carry names, scopes, actions and reasons, never a value or a hash.
 */
import { GITHUB_LIMITS, type Direction, type SyncTarget, scopeId } from './manifest';

export type Side = 'esc' | 'github';

/** What one side holds now. `hmac` is known when the value is (ESC always; GitHub only inside a workflow). */
export interface Observation {
  present: boolean;
  /** HMAC of the value (absent: the value cannot be read here). */
  hmac?: string;
  /** Value size in bytes (for GitHub's 48 KB limit). */
  bytes?: number;
  /** GitHub `updated_at`. */
  updatedAt?: string;
  /** ESC revision (or the local store's content version). */
  revision?: string;
}

export interface Observations {
  esc: Observation;
  github: Observation;
}

/** One side as of the last sync: `hmac: null` = absent. */
export interface SideRecord {
  hmac: string | null;
  updatedAt?: string;
  revision?: string;
}

export interface SyncedState {
  esc: SideRecord;
  github: SideRecord;
  /** When this state was recorded. */
  at: string;
}

/** A write announced before it is made: if the run dies after writing, the next run finds the write and adopts it. */
export interface PendingWrite {
  side: Side;
  /** The ledger entry once the write has landed. */
  entry: SyncedState;
  startedAt: string;
}

export interface LedgerEntry extends SyncedState {
  pending?: PendingWrite;
}

export interface Policy {
  /** Delete on the other side what was deleted on the owning side. */
  prune?: boolean;
  /** Put back, from the owning side, what changed on the non-owning side (drift). */
  restore?: boolean;
  /** Which side wins a conflict (both changed). */
  prefer?: Side;
}

export const ACTIONS = ['create', 'update', 'delete', 'restore', 'adopt', 'noop', 'drift', 'conflict', 'skip', 'error'] as const;
export type ActionKind = (typeof ACTIONS)[number];

export interface PlanItem {
  id: string;
  key: string;
  githubSecret: string;
  scope: string;
  direction: Direction;
  action: ActionKind;
  /** The side written and the side its value comes from (absent: nothing is written). */
  write?: { side: Side; from: Side; delete: boolean };
  reason: string;
}

/**
 * GitHub `updated_at` has one-second resolution, and our record of our own write is the response's Date header,
 * taken just after it: the same second, or one later. So a recorded time matches `updated_at` from one second
 * before it up to itself.
 */
export const UPDATED_AT_TOLERANCE_MS = 1000;

const other = (s: Side): Side => (s === 'esc' ? 'github' : 'esc');
/** The side that owns the value. A contract-sourced secret's owner (its stack) takes the `esc` side of the rules. */
const owningSide = (d: Direction): Side => (d === 'github→esc' ? 'github' : 'esc');
/** A side's name in reasons: a contract-sourced secret's owning side is its stack. */
const sideLabel = (s: Side, t: SyncTarget) => (s === 'github' ? 'GitHub' : t.stack ? `stack ${t.stack.project}` : 'ESC');

function sameInstant(observed: string, recorded: string): boolean {
  const d = Date.parse(recorded) - Date.parse(observed);
  return d >= 0 && d <= UPDATED_AT_TOLERANCE_MS;
}

/** Whether a side changed since the ledger's record: by HMAC when the value is known, else by presence and updated_at. */
export function sideChanged(o: Observation, r: SideRecord): boolean {
  if (o.present !== (r.hmac !== null)) return true;
  if (!o.present) return false;
  if (o.hmac !== undefined) return o.hmac !== r.hmac;
  // A blind side (GitHub seen through its API): only updated_at tells; no timestamps → assume it changed.
  if (o.updatedAt && r.updatedAt) return !sameInstant(o.updatedAt, r.updatedAt);
  return true;
}

/**
 * Resolves a write announced by an earlier run: if the side now shows it (same HMAC, absence for a delete, or a
 * GitHub `updated_at` not older than the write's start), it landed and the entry it announced becomes the ledger
 * entry; otherwise the write never happened and the previous entry stands.
 */
export function settlePending(entry: LedgerEntry | undefined, obs: Observations): SyncedState | undefined {
  if (!entry?.pending) return entry;
  const { side, entry: announced, startedAt } = entry.pending;
  const o = obs[side];
  const want = announced[side];
  const landed =
    want.hmac === null
      ? !o.present
      : o.present && (o.hmac !== undefined ? o.hmac === want.hmac : o.updatedAt !== undefined && Date.parse(o.updatedAt) >= Date.parse(startedAt) - UPDATED_AT_TOLERANCE_MS);
  if (landed) return { ...announced, [side]: { ...want, updatedAt: o.updatedAt ?? want.updatedAt, revision: o.revision ?? want.revision } };
  const { pending: _dropped, ...previous } = entry;
  // An entry made only to carry the intent (first sync) has no previous state.
  return previous.at ? previous : undefined;
}

/**
 * The action for one secret in one scope (pure). `entry` is the ledger entry after settlePending; `undefined`
 * means the pair was never synced.
 */
export function planTarget(target: SyncTarget, obs: Observations, entry: SyncedState | undefined, policy: Policy = {}): PlanItem {
  const src = owningSide(target.direction);
  const dst = other(src);
  const label = (s: Side) => sideLabel(s, target);
  const S = obs[src];
  const D = obs[dst];
  const base = { id: target.id, key: target.key, githubSecret: target.githubSecret, scope: scopeId(target.scope), direction: target.direction };
  const item = (action: ActionKind, reason: string, write?: PlanItem['write']): PlanItem => checkWrite(target, obs, { ...base, action, reason, ...(write ? { write } : {}) });
  const propagate = (action: ActionKind, reason: string) => item(action, reason, { side: dst, from: src, delete: false });
  const remove = (action: ActionKind, reason: string) => item(action, reason, { side: dst, from: src, delete: true });
  const both = S.hmac !== undefined && D.hmac !== undefined;

  if (!entry) {
    if (!S.present && !D.present) {
      return item(target.optional ? 'noop' : 'skip', `no value on either side${target.optional ? ' (optional)' : `: set it in ${label(src)}`}`);
    }
    if (S.present && !D.present) return propagate('create', `first sync: ${label(src)} owns it, ${label(dst)} has none`);
    // Never synced, so never deleted by the owner: nothing says it should go, not even --prune.
    if (!S.present) return item('skip', `only ${label(dst)} holds it, ${label(src)} (the owner) never had it — set it in ${label(src)}, or remove it by hand`);
    if (both && S.hmac === D.hmac) return item('adopt', 'first sync: both sides already hold the same value');
    return resolveConflict('first sync: both sides hold a value' + (both ? ' and they differ' : " (GitHub's cannot be read here to compare)"));
  }

  const sc = sideChanged(S, entry[src]);
  const dc = sideChanged(D, entry[dst]);
  if (!sc && !dc) return item('noop', 'in sync');
  if (sc && !dc) {
    if (S.present) return propagate(D.present ? 'update' : 'create', `changed in ${label(src)} (the owner)`);
    return policy.prune
      ? remove('delete', `deleted in ${label(src)} (the owner) (--prune)`)
      : item('skip', `deleted in ${label(src)} (the owner) — --prune deletes it from ${label(dst)}`);
  }
  if (!sc && dc) {
    const what = D.present ? (entry[dst].hmac === null ? 'created' : 'changed') : 'deleted';
    if (!policy.restore) return item('drift', `${what} in ${label(dst)}, which does not own it — --restore puts back ${label(src)}'s`);
    return S.present ? propagate('restore', `${what} in ${label(dst)}; restored from ${label(src)} (--restore)`) : remove('restore', `${what} in ${label(dst)}; ${label(src)} has none (--restore)`);
  }
  if (S.present === D.present && (!S.present || (both && S.hmac === D.hmac))) return item('adopt', 'both sides changed the same way');
  return resolveConflict('changed on both sides since the last sync');

  function resolveConflict(why: string): PlanItem {
    if (!policy.prefer) return item('conflict', `${why} — nothing written; --prefer ${target.stack ? "esc (the stack's value)" : 'esc|github'} names the winner`);
    const winner = policy.prefer;
    // The stack made the value; a GitHub value never goes back into it.
    if (target.stack && winner === 'github') return item('conflict', `${why}; --prefer github cannot win: ${label('esc')} owns the value and is never written (--prefer esc, or change it in the stack)`);
    const loser = other(winner);
    const W = obs[winner];
    if (W.present && W.hmac === undefined) return item('conflict', `${why}; --prefer ${winner}, but ${label(winner)}'s value cannot be read here (only inside the workflow)`);
    if (!W.present && !policy.prune) return item('conflict', `${why}; --prefer ${winner} deletes it from ${label(loser)}, which needs --prune too`);
    return item(W.present ? (obs[loser].present ? 'update' : 'create') : 'delete', `${why}; ${label(winner)} wins (--prefer ${winner})`, { side: loser, from: winner, delete: !W.present });
  }
}

/** A write needs a readable source value that GitHub accepts; otherwise the item becomes a skip or an error. */
function checkWrite(target: SyncTarget, obs: Observations, item: PlanItem): PlanItem {
  if (!item.write || item.write.delete) return item;
  const label = (s: Side) => sideLabel(s, target);
  const from = obs[item.write.from];
  if (from.hmac === undefined) {
    return { ...item, action: 'skip', write: undefined, reason: `${item.reason}; ${label(item.write.from)}'s value is readable only inside the secrets-sync workflow` };
  }
  if (item.write.side === 'github' && (from.bytes ?? 0) > GITHUB_LIMITS.valueBytes) {
    return { ...item, action: 'error', write: undefined, reason: `the value of ${target.key} is ${from.bytes} bytes; GitHub secrets hold at most 48 KB` };
  }
  return item;
}

/** The ledger entry once `item` is done: what both sides hold after it (`written`: the result of its write). */
export function entryAfter(item: PlanItem, obs: Observations, previous: SyncedState | undefined, at: string, written?: { updatedAt?: string; revision?: string }): SyncedState | undefined {
  const record = (o: Observation): SideRecord => ({ hmac: o.present ? (o.hmac ?? null) : null, ...(o.updatedAt ? { updatedAt: o.updatedAt } : {}), ...(o.revision ? { revision: o.revision } : {}) });
  if (item.write) {
    const from = obs[item.write.from];
    const value = item.write.delete ? null : (from.hmac ?? null);
    const src: SideRecord = { ...record(from), hmac: value };
    const dst: SideRecord = { hmac: value, ...(written?.updatedAt ? { updatedAt: written.updatedAt } : {}), ...(written?.revision ? { revision: written.revision } : {}) };
    return { [item.write.from]: src, [item.write.side]: dst, at } as unknown as SyncedState;
  }
  if (item.action === 'adopt' || (item.action === 'noop' && previous)) {
    const esc = record(obs.esc);
    const github = record(obs.github);
    // A blind GitHub side keeps the HMAC the ledger knew (its value did not change, or both sides agree on it).
    if (obs.github.present && obs.github.hmac === undefined) github.hmac = item.action === 'adopt' ? esc.hmac : (previous?.github.hmac ?? null);
    return { esc, github, at };
  }
  return previous;
}
