/**
 * Publishing catalog specs the way `flowctl catalog publish` does (service-apis §3.2): create a draft → upsert
 * its draft specs → create a publication → poll its `job_status` with bounded backoff → on failure read
 * `draft_errors` and report each per catalog name. What is retried is only what is safe to retry:
 * - a draft or publication whose answer was lost (timeout, dropped connection, 5xx) is found again (the draft by
 *   its unique detail, the publication by its draft), never created twice;
 * - `publishFailed` and `buildIdLockFailure` publish the same draft again (bounded);
 * - the draft is deleted when the publication did not commit it (a successful one deletes it itself).
 */
import { randomBytes } from 'node:crypto';
import { createOrAdopt, PollTimeout } from '@sophia-ai/dynamic-provider/src/runtime';
import type { EstuaryClient } from './estuary-api';

export interface DraftSpec {
  catalog_name: string;
  spec_type: 'capture' | 'collection' | 'materialization' | null;
  spec: Record<string, unknown> | null;
  /** The live spec's last publication id (the zero id: it must not exist yet); a mismatch fails the publication. */
  expect_pub_id?: string;
}

interface Publication { id: string; draft_id: string; job_status: { type: string; failures?: Array<{ catalog_name: string; expected: string; actual: string | null }> } }

const RETRYABLE = new Set(['publishFailed', 'buildIdLockFailure']);
const MAX_PUBLISH_ATTEMPTS = 4;

/** A publication that did not commit: every error with the catalog entity it belongs to. */
export class PublicationFailed extends Error {
  constructor(readonly status: string, readonly errors: Array<{ scope: string; detail: string }>, what: string) {
    super(`Estuary publication of ${what} failed (${status}):\n${errors.map((e) => `  - ${e.scope.replace(/^flow:\/\/\w+\//, '')}: ${e.detail}`).join('\n') || '  (no errors reported)'}`);
    this.name = 'PublicationFailed';
  }
}

/** Someone else published one of the entities since we last did: reported, never overwritten. */
export class ConcurrentPublication extends Error {
  constructor(readonly failures: Array<{ catalog_name: string; expected: string; actual: string | null }>) {
    super(
      `Estuary refused the publication: ${failures.map((f) => `${f.catalog_name} was ${f.actual === null ? 'deleted' : `published as ${f.actual}`} by someone else since ${f.expected}`).join('; ')}. ` +
        'Nothing was overwritten: run `pulumi refresh` to take their change into state, then preview again.',
    );
    this.name = 'ConcurrentPublication';
  }
}

export interface PublishOptions {
  dataPlane: string;
  dryRun?: boolean;
  /** Human text for the draft and publication (the catalog names). */
  what: string;
}

export interface PublishResult { pubId: string; status: 'success' | 'emptyDraft' }

async function waitFor(c: EstuaryClient, pubId: string): Promise<Publication> {
  const o = c.opts;
  const deadline = o.now() + o.settleTimeoutMs;
  for (let delay = o.pollIntervalMs; ; delay = Math.min(delay * 2, o.maxPollIntervalMs)) {
    const { data } = await c.call<Publication[]>('GET', '/publications', undefined, { query: { id: `eq.${pubId}`, select: 'id,draft_id,job_status' } });
    const pub = data[0];
    if (!pub) throw new Error(`Estuary publication ${pubId} vanished while it was polled`);
    if (pub.job_status.type !== 'queued') return pub;
    if (o.now() >= deadline) throw new PollTimeout(`Timed out after ${Math.round(o.settleTimeoutMs / 1000)} s waiting for Estuary publication ${pubId} (still queued; it may yet commit: run pulumi refresh before retrying)`);
    await o.sleep(delay);
  }
}

/** Publishes `specs` as one draft; resolves once committed (or pruned as unchanged), throws a typed error otherwise. */
export async function publish(c: EstuaryClient, specs: DraftSpec[], p: PublishOptions): Promise<PublishResult> {
  const o = c.opts;
  // A detail unique to this publish lets a draft whose creation answer was lost be found again.
  const detail = `pulumi: ${p.what} (${randomBytes(6).toString('hex')})`;
  const findDraft = async () => (await c.call<Array<{ id: string }>>('GET', '/drafts', undefined, { query: { detail: `eq.${detail}`, select: 'id' } })).data[0];
  const draft = await createOrAdopt(o, `draft for ${p.what}`, findDraft, async () => (await c.call<{ id: string }>('POST', '/drafts', { detail }, { query: { select: 'id,created_at' }, single: true })).data);
  let committed = false;
  try {
    // An upsert: sending it again is harmless.
    await c.call('POST', '/draft_specs', specs.map((s) => ({ draft_id: draft.id, ...s })), { query: { on_conflict: 'draft_id,catalog_name' }, prefer: 'resolution=merge-duplicates', idempotent: true });
    const seen = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      const findPublication = async () =>
        (await c.call<Publication[]>('GET', '/publications', undefined, { query: { draft_id: `eq.${draft.id}`, select: 'id,draft_id,job_status' } })).data.find((x) => !seen.has(x.id));
      const created = await createOrAdopt(o, `publication of ${p.what}`, findPublication, async () =>
        (await c.call<Publication>('POST', '/publications', { draft_id: draft.id, dry_run: p.dryRun === true, detail, data_plane_name: p.dataPlane }, { query: { select: 'id,logs_token' }, single: true })).data);
      seen.add(created.id);
      const pub = await waitFor(c, created.id);
      const status = pub.job_status.type;
      if (status === 'success' || status === 'emptyDraft') {
        committed = status === 'success' && !p.dryRun;
        return { pubId: pub.id, status };
      }
      if (RETRYABLE.has(status) && attempt < MAX_PUBLISH_ATTEMPTS) {
        o.onEvent({ type: 'info', message: `publication of ${p.what} ended ${status} (retryable): publishing the same draft again` });
        await o.sleep(o.pollIntervalMs);
        continue;
      }
      if (status === 'expectPubIdMismatch') throw new ConcurrentPublication(pub.job_status.failures ?? []);
      const errors = (await c.call<Array<{ scope: string; detail: string }>>('GET', '/draft_errors', undefined, { query: { draft_id: `eq.${draft.id}`, select: 'scope,detail' } })).data;
      throw new PublicationFailed(status, errors, p.what);
    }
  } finally {
    if (!committed) {
      await c.call('DELETE', '/drafts', undefined, { query: { id: `eq.${draft.id}` }, idempotent: true }).catch((err: Error) => o.onEvent({ type: 'info', message: `could not delete draft ${draft.id}: ${err.message}` }));
    }
  }
}
