/*
 * One sync run: observe both sides, settle writes an earlier run announced, plan every secret and scope (pure,
 * ./plan), and with `apply` carry the plan out — announce every write in the ledger first, write ESC (one
 * surgical update per environment) and GitHub (paced), then record what landed. Values stay in memory; what
 * leaves this module are plan items, hash prefixes and revisions.
 */
import { type EscEnvRef, escEnvName, type EscStore, PulumiCloudEscStore } from '@sophia-ai/esc-store';
import { ApprovalRequiredError, escValueAt, type EscWrite, readValues, writeEsc } from './esc-side';
import { describeScope, GithubApiError, type GithubSecretMeta, type GithubSecrets } from './github';
import { hashPrefix, Ledger } from './ledger';
import { type GithubScope, scopeId, type SyncTarget } from './manifest';
import { expandSources, type StackOutputReader, type StackSource } from './stack-sources';
import { entryAfter, type LedgerEntry, type Observation, type Observations, type PlanItem, planTarget, type Policy, settlePending, type Side, type SyncedState } from './plan';

export interface SyncOptions {
  store: EscStore;
  /** Create a missing secrets environment when writing to it. */
  create: boolean;
  ledgerRef: EscEnvRef;
  targets: SyncTarget[];
  /** Contract-sourced secrets: expanded into targets from the stacks' outputs in `stackEnv`. */
  stackSources?: StackSource[];
  readStackOutputs?: StackOutputReader;
  /** The environment (stack name) whose stack outputs are read. */
  stackEnv?: string;
  policy: Policy;
  apply: boolean;
  /** GitHub API client (needed for esc→github; optional inside a workflow for github→esc). */
  github?: GithubSecrets;
  /** `toJSON(secrets)` of the workflow job: GitHub secret name → value. Never printed. */
  githubValues?: Record<string, string>;
  now?: () => Date;
  /** Called after each write (progress display). */
  onWrite?: (item: PlanItem, done: number, total: number) => void;
}

export type ItemResult = 'planned' | 'done' | 'failed' | 'unchanged';

export interface ReportItem extends PlanItem {
  result: ItemResult;
  error?: string;
  hashes: { esc: string; github: string };
  escRevision?: string;
  githubUpdatedAt?: string;
  /** When the ledger last recorded both sides in sync. */
  syncedAt?: string;
}

export interface SyncReport {
  items: ReportItem[];
  /** Failures not tied to one item (ledger, whole scopes). */
  errors: string[];
  applied: boolean;
}

const WRITES = new Set(['create', 'update', 'delete', 'restore']);

export async function runSync(opts: SyncOptions): Promise<SyncReport> {
  const now = opts.now ?? (() => new Date());
  const errors: string[] = [];
  const ledger = await Ledger.open(opts.store, opts.ledgerRef);
  const hmac = ledger.hmac;
  const values = new Map<string, Partial<Record<Side, string>>>();
  const obs = new Map<string, Observations>();
  const itemErrors = new Map<string, string>();
  const fromStacks = await expandSources(opts.stackSources ?? [], opts.readStackOutputs, opts.stackEnv ?? '', [...ledger.entries.keys()], opts.targets);
  const targets = [...opts.targets, ...fromStacks.targets];

  // ESC: one read (its revision) and one open (its values) per environment.
  const escDocs = new Map<string, Awaited<ReturnType<typeof readValues>> | Error>();
  const opened = opts.store instanceof PulumiCloudEscStore;
  for (const t of targets) {
    if (!t.esc) continue;
    const name = escEnvName(t.esc.env);
    if (!escDocs.has(name)) escDocs.set(name, await readValues(opts.store, t.esc.env).catch((e: Error) => e));
  }
  // GitHub: one listing (all pages) per scope.
  const listings = new Map<string, Map<string, GithubSecretMeta> | Error>();
  if (opts.github) {
    for (const t of targets) {
      const id = scopeId(t.scope);
      if (!listings.has(id)) listings.set(id, await opts.github.list(t.scope).catch((e: Error) => e));
    }
  }
  for (const t of targets) {
    try {
      const doc = t.esc ? escDocs.get(escEnvName(t.esc.env)) : undefined;
      if (doc instanceof Error) throw doc;
      // The owning side of a contract-sourced secret is its stack's output (no ESC revision).
      const stackValue = t.stack ? fromStacks.values.get(t.id) : undefined;
      const escValue = t.stack
        ? stackValue === undefined
          ? { present: false as const }
          : { present: true as const, value: stackValue }
        : doc
          ? escValueAt(doc, t.esc!.path, opened)
          : { present: false as const };
      const esc: Observation = escValue.present
        ? { present: true, hmac: hmac(escValue.value), bytes: Buffer.byteLength(escValue.value), ...(doc ? { revision: doc.revision } : {}) }
        : { present: false, ...(doc ? { revision: doc.revision } : {}) };
      const github = observeGithub(t, listings.get(scopeId(t.scope)), opts);
      const v: Partial<Record<Side, string>> = {};
      if (escValue.present) v.esc = escValue.value;
      if (github.value !== undefined) v.github = github.value;
      values.set(t.id, v);
      obs.set(t.id, {
        esc,
        github: github.present
          ? { present: true, ...(github.value !== undefined ? { hmac: hmac(github.value), bytes: Buffer.byteLength(github.value) } : {}), ...(github.updatedAt ? { updatedAt: github.updatedAt } : {}) }
          : { present: false },
      });
    } catch (e) {
      itemErrors.set(t.id, (e as Error).message);
    }
  }

  const settled = new Map<string, SyncedState | undefined>();
  const items: ReportItem[] = targets.map((t): ReportItem => {
    const o = obs.get(t.id);
    if (!o) {
      return { id: t.id, key: t.key, githubSecret: t.githubSecret, scope: scopeId(t.scope), direction: t.direction, action: 'error', reason: itemErrors.get(t.id)!, result: 'failed', hashes: { esc: '-', github: '-' } };
    }
    const entry = settlePending(ledger.entries.get(t.id), o);
    settled.set(t.id, entry);
    const item = planTarget(t, o, entry, opts.policy);
    return {
      ...item,
      result: 'planned',
      hashes: { esc: hashPrefix(o.esc.hmac), github: hashPrefix(o.github.hmac) },
      ...(o.esc.revision ? { escRevision: o.esc.revision } : {}),
      ...(o.github.updatedAt ? { githubUpdatedAt: o.github.updatedAt } : {}),
      ...(entry?.at ? { syncedAt: entry.at } : {}),
    };
  });
  for (const row of fromStacks.rows) items.push({ ...row, direction: 'stack→github', result: row.action === 'error' ? 'failed' : 'unchanged', hashes: { esc: '-', github: '-' } });
  items.sort((a, b) => a.id.localeCompare(b.id));
  if (!opts.apply) return { items, errors, applied: false };

  const at = now().toISOString();
  const byId = new Map(targets.map((t) => [t.id, t]));
  const toWrite = items.filter((i) => i.write && WRITES.has(i.action));

  // 1. Announce every write (and settle earlier announcements) before touching either side.
  const intents = new Map<string, LedgerEntry | undefined>();
  for (const i of toWrite) {
    const announced = entryAfter(i, obs.get(i.id)!, settled.get(i.id), at)!;
    intents.set(i.id, { ...(settled.get(i.id) ?? { esc: { hmac: null }, github: { hmac: null }, at: '' }), pending: { side: i.write!.side, entry: announced, startedAt: at } });
  }
  try {
    await ledger.save(intents);
  } catch (e) {
    errors.push(`Nothing was written: recording the planned writes in the ledger ${escEnvName(opts.ledgerRef)} failed: ${(e as Error).message}`);
    for (const i of toWrite) Object.assign(i, { result: 'failed', error: 'not attempted (ledger unavailable)' });
    return { items, errors, applied: true };
  }

  // 2. Write. `outcome` per item: written (with its result), not written, or unknown (may have landed).
  const written = new Map<string, { updatedAt?: string; revision?: string }>();
  const unknown = new Set<string>();
  let done = 0;
  const fail = (i: ReportItem, message: string, mayHaveLanded: boolean) => {
    Object.assign(i, { result: 'failed', error: message });
    if (mayHaveLanded) unknown.add(i.id);
  };
  const escItems = toWrite.filter((i) => i.write!.side === 'esc');
  // A stack's value is never written back (the plan never proposes it; this holds even if it did).
  for (const i of escItems.filter((x) => byId.get(x.id)!.stack)) fail(i, `${i.key} is owned by its stack; the sync never writes stack outputs`, false);
  for (const [envName, group] of groupBy(escItems.filter((x) => byId.get(x.id)!.esc), (i) => escEnvName(byId.get(i.id)!.esc!.env))) {
    const ref = byId.get(group[0]!.id)!.esc!.env;
    const writes: EscWrite[] = group.map((i) => ({
      path: byId.get(i.id)!.esc!.path,
      ...(i.write!.delete ? {} : { value: values.get(i.id)![i.write!.from]! }),
      ...(obs.get(i.id)!.esc.hmac ? { expectedHmac: obs.get(i.id)!.esc.hmac } : {}),
    }));
    try {
      const res = await writeEsc(opts.store, ref, writes, hmac, { create: opts.create });
      const moved = new Set(res.changedMeanwhile.map((p) => p.join('\u0000')));
      for (const i of group) {
        if (moved.has(byId.get(i.id)!.esc!.path.join('\u0000'))) fail(i, `changed in ${envName} by someone else during this run; nothing written (run again to re-plan)`, false);
        else {
          written.set(i.id, { revision: res.revision });
          Object.assign(i, { result: 'done', escRevision: res.revision });
        }
        opts.onWrite?.(i, ++done, toWrite.length);
      }
    } catch (e) {
      const definite = e instanceof ApprovalRequiredError || (e as Error).name === 'ConflictError';
      for (const i of group) {
        fail(i, (e as Error).message, !definite);
        opts.onWrite?.(i, ++done, toWrite.length);
      }
    }
  }
  for (const i of toWrite.filter((x) => x.write!.side === 'github')) {
    const t = byId.get(i.id)!;
    if (!opts.github) {
      fail(i, 'no GitHub token: set SOPHIA_SECRETS_GITHUB_TOKEN (or GITHUB_TOKEN) to write GitHub secrets', false);
      opts.onWrite?.(i, ++done, toWrite.length);
      continue;
    }
    try {
      if (i.write!.delete) {
        await opts.github.delete(t.scope, t.githubSecret);
        written.set(i.id, {});
      } else {
        const res = await opts.github.put(t.scope, t.githubSecret, values.get(i.id)![i.write!.from]!);
        written.set(i.id, { updatedAt: res.updatedAt });
        i.githubUpdatedAt = res.updatedAt;
      }
      i.result = 'done';
    } catch (e) {
      // A 4xx was refused; no answer or a 5xx may have been acted on — the intent stays for the next run to settle.
      const status = e instanceof GithubApiError ? e.status : undefined;
      fail(i, (e as Error).message, !(status !== undefined && status >= 400 && status < 500));
    }
    opts.onWrite?.(i, ++done, toWrite.length);
  }

  // 3. Record what landed; keep the intent of writes that may have landed; drop the rest.
  const final = new Map<string, LedgerEntry | undefined>();
  for (const i of items) {
    const o = obs.get(i.id);
    if (!o) continue;
    const previous = settled.get(i.id);
    if (written.has(i.id)) final.set(i.id, entryAfter(i, o, previous, at, written.get(i.id)));
    else if (unknown.has(i.id)) continue;
    else if (intents.has(i.id)) final.set(i.id, previous);
    else {
      const next = entryAfter(i, o, previous, at);
      const before = ledger.entries.get(i.id);
      if (JSON.stringify(stripAt(next)) !== JSON.stringify(stripAt(before))) final.set(i.id, next);
    }
    if (i.result === 'planned') i.result = 'unchanged';
  }
  try {
    await ledger.save(final);
  } catch (e) {
    errors.push(
      `The writes were made but recording them in the ledger ${escEnvName(opts.ledgerRef)} failed (${(e as Error).message}); ` +
        'the next run finds them through the intents recorded before writing',
    );
  }
  return { items, errors, applied: true };
}

function stripAt(e: SyncedState | LedgerEntry | undefined): unknown {
  if (!e) return undefined;
  const { at: _at, ...rest } = e;
  return rest;
}

function groupBy<T>(list: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of list) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return m;
}

/**
 * GitHub as seen for one target: presence and updated_at from the API listing of its scope; the value from the
 * workflow's `toJSON(secrets)` for github→esc keys — only if the secret exists in that very scope (otherwise the
 * job would see a same-named secret of another scope).
 */
function observeGithub(t: SyncTarget, listing: Map<string, GithubSecretMeta> | Error | undefined, opts: SyncOptions): { present: boolean; value?: string; updatedAt?: string } {
  if (listing instanceof Error) throw listing;
  const fromJson = t.direction === 'github→esc' ? jsonValue(opts.githubValues, t.githubSecret) : undefined;
  if (listing) {
    const meta = listing.get(t.githubSecret);
    if (!meta) return { present: false };
    return { present: true, updatedAt: meta.updatedAt, ...(fromJson !== undefined ? { value: fromJson } : {}) };
  }
  if (opts.githubValues && t.direction === 'github→esc') return fromJson === undefined ? { present: false } : { present: true, value: fromJson };
  throw new Error(`cannot see GitHub ${describeScope(t.scope as GithubScope)}: set SOPHIA_SECRETS_GITHUB_TOKEN (or GITHUB_TOKEN)`);
}

function jsonValue(values: Record<string, string> | undefined, name: string): string | undefined {
  if (!values) return undefined;
  const hit = Object.entries(values).find(([k]) => k.toUpperCase() === name);
  return hit && typeof hit[1] === 'string' ? hit[1] : undefined;
}
