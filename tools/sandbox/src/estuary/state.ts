/**
 * The emulated control plane: drafts, draft specs, publications with their job state machine, draft errors and
 * live specs. A publication is `queued` until it has been read `queuedPolls` times, then resolves to `success`
 * (committed: live specs get its id as `last_pub_id`, the draft is deleted), `buildFailed` (draft_errors rows,
 * the draft kept), `expectPubIdMismatch` (someone published since the expected id), or a retryable
 * `publishFailed` / `buildIdLockFailure` the tests switch on. A dry run validates and commits nothing.
 */
import { randomBytes } from 'node:crypto';
import { canon } from '@sophia-ai/dynamic-provider/src/runtime/diff';
import { SANDBOX_CONNECTORS, type ConnectorTag } from './connectors';
import { duplicate, foreignKey, invalid } from './errors';
import { buildErrors, type DraftSpecBody, type SpecType } from './validation';

export const ZERO_PUB_ID = '0000000000000000';

export interface DraftRecord { id: string; detail: string | null; created_at: string; user_id: string }
export interface DraftErrorRecord { draft_id: string; scope: string; detail: string }
export type JobStatus =
  | { type: 'queued' | 'success' | 'emptyDraft' | 'publishFailed' | 'buildIdLockFailure' }
  | { type: 'buildFailed'; incompatible_collections?: unknown[] }
  | { type: 'expectPubIdMismatch'; failures: Array<{ catalog_name: string; expected: string; actual: string | null }> };
export interface PublicationRecord {
  id: string; draft_id: string; dry_run: boolean; detail: string | null; data_plane_name: string | null;
  job_status: JobStatus; logs_token: string; created_at: string; updated_at: string; user_id: string; polls: number;
}
export interface LiveSpecRecord {
  id: string; catalog_name: string; spec_type: SpecType | null; spec: Record<string, unknown> | null;
  last_pub_id: string; data_plane_name: string | null; created_at: string; updated_at: string;
}

export interface PublishKnobs {
  /** Reads of a publication that answer `queued` before it resolves (default 1). */
  queuedPolls: number;
  /** The next N publications end `publishFailed` (retryable). */
  publishFailed: number;
  /** The next N publications end `buildIdLockFailure` (retryable). */
  buildIdLockFailure: number;
  /** Data planes that exist. */
  dataPlanes: string[];
}

const refersTo = (spec: Record<string, unknown> | null): string[] => {
  const bindings = Array.isArray(spec?.bindings) ? (spec!.bindings as Array<Record<string, unknown>>) : [];
  return bindings.map((b) => (typeof b.target === 'string' ? b.target : typeof b.source === 'string' ? b.source : (b.source as { name?: string } | undefined)?.name)).filter((x): x is string => !!x);
};

export class EstuaryState {
  readonly drafts = new Map<string, DraftRecord>();
  readonly draftSpecs = new Map<string, DraftSpecBody>();
  draftErrors: DraftErrorRecord[] = [];
  readonly publications = new Map<string, PublicationRecord>();
  readonly liveSpecs = new Map<string, LiveSpecRecord>();
  readonly connectors: ConnectorTag[] = SANDBOX_CONNECTORS;
  private pubCounter = 0;
  readonly knobs: PublishKnobs = { queuedPolls: 1, publishFailed: 0, buildIdLockFailure: 0, dataPlanes: ['ops/dp/public/gcp-us-central1-c2'] };

  constructor(private readonly now: () => number) {}

  private stamp = () => new Date(this.now()).toISOString();
  private newId = () => randomBytes(8).toString('hex');
  /** Publication ids grow (Estuary's are time-ordered flow ids). */
  nextPubId(): string {
    this.pubCounter += 1;
    return (0x0e8e000000000000n + BigInt(this.pubCounter)).toString(16).padStart(16, '0');
  }

  createDraft(detail: string | null, user: string): DraftRecord {
    const d = { id: this.newId(), detail, created_at: this.stamp(), user_id: user };
    this.drafts.set(d.id, d);
    return d;
  }

  deleteDrafts(match: (d: DraftRecord) => boolean): DraftRecord[] {
    const gone = [...this.drafts.values()].filter(match);
    for (const d of gone) this.dropDraft(d.id);
    return gone;
  }

  private dropDraft(id: string) {
    this.drafts.delete(id);
    for (const [k, s] of this.draftSpecs) if (s.draft_id === id) this.draftSpecs.delete(k);
    this.draftErrors = this.draftErrors.filter((e) => e.draft_id !== id);
  }

  upsertDraftSpecs(rows: DraftSpecBody[], merge: boolean): DraftSpecBody[] {
    for (const r of rows) {
      if (!this.drafts.has(r.draft_id)) throw foreignKey(`Key (draft_id)=(${r.draft_id}) is not present in table "drafts".`);
      if (!merge && this.draftSpecs.has(`${r.draft_id}\0${r.catalog_name}`)) throw duplicate(`Key (draft_id, catalog_name)=(${r.draft_id}, ${r.catalog_name}) already exists.`);
    }
    for (const r of rows) this.draftSpecs.set(`${r.draft_id}\0${r.catalog_name}`, { ...r, expect_pub_id: r.expect_pub_id ?? null });
    return rows;
  }

  specsOf(draftId: string): DraftSpecBody[] {
    return [...this.draftSpecs.values()].filter((s) => s.draft_id === draftId);
  }

  createPublication(body: { draft_id: string; dry_run: boolean; detail: string | null; data_plane_name: string | null }, user: string): PublicationRecord {
    if (!this.drafts.has(body.draft_id)) throw foreignKey(`Key (draft_id)=(${body.draft_id}) is not present in table "drafts".`);
    if ([...this.publications.values()].some((p) => p.draft_id === body.draft_id && p.job_status.type === 'queued')) {
      throw invalid(`draft ${body.draft_id} already has a queued publication`);
    }
    const p: PublicationRecord = {
      ...body, id: this.nextPubId(), job_status: { type: 'queued' }, logs_token: randomBytes(16).toString('hex'),
      created_at: this.stamp(), updated_at: this.stamp(), user_id: user, polls: 0,
    };
    this.publications.set(p.id, p);
    return p;
  }

  /** A read of a publication: it advances its job (queued → a final status) once read often enough. */
  observe(p: PublicationRecord): PublicationRecord {
    if (p.job_status.type !== 'queued') return p;
    if (p.polls < this.knobs.queuedPolls) {
      p.polls += 1;
      return p;
    }
    p.job_status = this.run(p);
    p.updated_at = this.stamp();
    return p;
  }

  /** Resolves every queued publication (a control plane that got on with its work). */
  settle(): void {
    for (const p of this.publications.values()) if (p.job_status.type === 'queued') {
      p.polls = this.knobs.queuedPolls;
      this.observe(p);
    }
  }

  private run(p: PublicationRecord): JobStatus {
    if (this.knobs.publishFailed > 0) return this.knobs.publishFailed--, { type: 'publishFailed' };
    if (this.knobs.buildIdLockFailure > 0) return this.knobs.buildIdLockFailure--, { type: 'buildIdLockFailure' };
    const draft = this.drafts.get(p.draft_id);
    const specs = draft ? this.specsOf(draft.id) : [];
    if (specs.length === 0) return { type: 'emptyDraft' };

    const failures = specs.flatMap((s) => {
      const live = this.liveSpecs.get(s.catalog_name);
      const actual = live && live.spec_type !== null ? live.last_pub_id : null;
      if (s.expect_pub_id === null || s.expect_pub_id === undefined) return [];
      const ok = s.expect_pub_id === ZERO_PUB_ID ? actual === null : s.expect_pub_id === actual;
      return ok ? [] : [{ catalog_name: s.catalog_name, expected: s.expect_pub_id, actual }];
    });
    if (failures.length) return { type: 'expectPubIdMismatch', failures };

    const after = new Map([...this.liveSpecs.values()].filter((l) => l.spec_type !== null).map((l) => [l.catalog_name, l.spec_type as string | null]));
    for (const s of specs) after.set(s.catalog_name, s.spec_type);
    const draftNames = new Set(specs.map((s) => s.catalog_name));
    const errors: DraftErrorRecord[] = [];
    if (p.data_plane_name !== null && !this.knobs.dataPlanes.includes(p.data_plane_name)) {
      errors.push({ draft_id: p.draft_id, scope: 'flow://data-plane', detail: `data plane ${p.data_plane_name} does not exist` });
    }
    for (const s of specs) {
      for (const [scope, detail] of buildErrors(s, {
        collectionExists: (n) => after.get(n) === 'collection',
        connector: (image) => this.connectors.find((c) => image === `${c.imageName}${c.imageTag}`),
        isLive: (n) => this.liveSpecs.get(n)?.spec_type != null,
        usersOf: (n) =>
          [...this.liveSpecs.values()]
            .filter((l) => l.spec_type !== null && !draftNames.has(l.catalog_name) && refersTo(l.spec).includes(n))
            .map((l) => l.catalog_name)
            .concat(specs.filter((o) => o.spec !== null && refersTo(o.spec).includes(n)).map((o) => o.catalog_name)),
      })) errors.push({ draft_id: p.draft_id, scope, detail });
    }
    if (errors.length) {
      this.draftErrors = this.draftErrors.filter((e) => e.draft_id !== p.draft_id).concat(errors);
      return { type: 'buildFailed' };
    }
    if (p.dry_run) return { type: 'success' };
    const changed = specs.filter((s) => {
      const live = this.liveSpecs.get(s.catalog_name);
      return !live || live.spec_type !== s.spec_type || canon(live.spec) !== canon(s.spec);
    });
    if (changed.length === 0) {
      this.dropDraft(p.draft_id);
      return { type: 'emptyDraft' };
    }
    for (const s of changed) this.commit(s.catalog_name, s.spec_type, s.spec, p.id, p.data_plane_name);
    this.dropDraft(p.draft_id);
    return { type: 'success' };
  }

  /** Writes a live spec (a null spec marks it deleted, as live_specs_ext shows deleted specs). */
  commit(name: string, type: SpecType | null, spec: Record<string, unknown> | null, pubId: string, dataPlane: string | null): LiveSpecRecord {
    const prev = this.liveSpecs.get(name);
    const row: LiveSpecRecord = {
      id: prev?.id ?? this.newId(), catalog_name: name, spec_type: type, spec, last_pub_id: pubId,
      data_plane_name: dataPlane ?? prev?.data_plane_name ?? null, created_at: prev?.created_at ?? this.stamp(), updated_at: this.stamp(),
    };
    this.liveSpecs.set(name, row);
    return row;
  }
}
