import { serveEmulator, type RunningEmulator } from '../core/server';
import { EstuaryEmulator, SANDBOX_ESTUARY_ANON_KEY, SANDBOX_ESTUARY_REFRESH_TOKEN } from './emulator';

let now = Date.parse('2026-12-01T12:00:00Z');
let emulator: EstuaryEmulator;
let server: RunningEmulator;
let token: string;

const rest = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/rest/v1${path}`, {
    method,
    headers: { apikey: SANDBOX_ESTUARY_ANON_KEY, authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const json = async (r: Response) => (await r.json()) as any;
const SCHEMA = { type: 'object', properties: { address: { type: 'string' }, password: { type: 'string', secret: true } } };
const PG = 'ghcr.io/estuary/source-postgres:v5';
const CANARY = 'canary_pg_password_Tq8Vm2Xk';

async function encrypt(config: unknown, schema = SCHEMA) {
  return json(await fetch(`${server.url}/v1/encrypt-config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config, schema }) }));
}
async function publish(specs: Array<Record<string, unknown>>, opts: { dryRun?: boolean } = {}) {
  const draft = await json(await rest('POST', '/drafts?select=id,created_at', { detail: 'test' }, { accept: 'application/vnd.pgrst.object+json' }));
  const up = await rest('POST', '/draft_specs?on_conflict=draft_id,catalog_name', specs.map((s) => ({ draft_id: draft.id, ...s })), { prefer: 'resolution=merge-duplicates' });
  expect(up.status).toBe(201);
  const pub = await json(await rest('POST', '/publications?select=id,logs_token', { draft_id: draft.id, dry_run: opts.dryRun ?? false, detail: 'test', data_plane_name: 'ops/dp/public/gcp-us-central1-c2' }, { accept: 'application/vnd.pgrst.object+json' }));
  const statuses: string[] = [];
  for (let i = 0; i < 5; i++) {
    const [row] = await json(await rest('GET', `/publications?id=eq.${pub.id}&select=job_status`));
    statuses.push(row.job_status.type);
    if (row.job_status.type !== 'queued') return { draft: draft.id as string, pub: pub.id as string, status: row.job_status, statuses };
  }
  throw new Error('never resolved');
}

const collection = { catalog_name: 'acme/dev/rows', spec_type: 'collection', spec: { key: ['/id'], schema: { type: 'object' } } };

beforeAll(async () => {
  emulator = new EstuaryEmulator({ now: () => now, tokenTtlMs: 60_000 });
  server = await serveEmulator(emulator);
});
beforeEach(async () => {
  emulator.reset();
  const r = await fetch(`${server.url}/rest/v1/rpc/generate_access_token`, {
    method: 'POST', headers: { apikey: SANDBOX_ESTUARY_ANON_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token_id: SANDBOX_ESTUARY_REFRESH_TOKEN.id, secret: SANDBOX_ESTUARY_REFRESH_TOKEN.secret }),
  });
  token = (await json(r)).access_token;
});
afterAll(() => server.close());

test('a refresh token buys an expiring access token; a wrong secret and an expired token are refused PostgREST-style', async () => {
  expect(token.split('.')).toHaveLength(3);
  const bad = await fetch(`${server.url}/rest/v1/rpc/generate_access_token`, { method: 'POST', headers: { apikey: SANDBOX_ESTUARY_ANON_KEY }, body: JSON.stringify({ refresh_token_id: SANDBOX_ESTUARY_REFRESH_TOKEN.id, secret: 'nope' }) });
  expect(bad.status).toBe(400);
  expect((await rest('GET', '/drafts')).status).toBe(200);
  expect((await rest('GET', '/drafts', undefined, { apikey: 'wrong' })).status).toBe(401);
  now += 61_000;
  const expired = await rest('GET', '/drafts');
  expect([expired.status, (await json(expired)).code]).toEqual([401, 'PGRST303']);
});

test('config encryption encrypts only the fields the schema marks secret, under the _sops suffix', async () => {
  const enc = await encrypt({ address: 'db:5432', password: CANARY });
  expect(enc).toMatchObject({ address: 'db:5432', password_sops: expect.stringMatching(/^ENC\[AES256_GCM,/), sops: { encrypted_suffix: '_sops' } });
  expect(JSON.stringify(enc)).not.toContain(CANARY);
  expect(emulator.decrypt(enc.password_sops)).toBe(CANARY);
  const again = await fetch(`${server.url}/v1/encrypt-config`, { method: 'POST', body: JSON.stringify({ config: enc, schema: SCHEMA }) });
  expect(again.status).toBe(400);
});

test('publication: queued, then success; live spec carries the publication id; the draft is gone', async () => {
  const r = await publish([collection]);
  expect(r.statuses).toEqual(['queued', 'success']);
  const live = await json(await rest('GET', '/live_specs_ext?catalog_name=in.(acme/dev/rows)&select=catalog_name,spec_type,last_pub_id'));
  expect(live).toEqual([expect.objectContaining({ catalog_name: 'acme/dev/rows', spec_type: 'collection', last_pub_id: r.pub })]);
  expect(emulator.drafts()).toEqual([]);
});

test('a capture with a plaintext secret or an unknown target fails its build, each error scoped to its catalog name', async () => {
  const r = await publish([{ catalog_name: 'acme/dev/pg', spec_type: 'capture', spec: { endpoint: { connector: { image: PG, config: { address: 'db', user: 'u', database: 'd', password: CANARY } } }, bindings: [{ resource: { stream: 't' }, target: 'acme/dev/missing' }] } }]);
  expect(r.status.type).toBe('buildFailed');
  const errors = await json(await rest('GET', `/draft_errors?draft_id=eq.${r.draft}&select=scope,detail`));
  expect(errors.map((e: { scope: string }) => e.scope)).toEqual(['flow://capture/acme/dev/pg', 'flow://capture/acme/dev/pg']);
  expect(errors.map((e: { detail: string }) => e.detail).join('\n')).toMatch(/\/password is marked secret but is not encrypted[\s\S]*acme\/dev\/missing does not exist/);
  expect(emulator.drafts()).toHaveLength(1); // a failed build keeps its draft
});

test('expect_pub_id: a stale id is expectPubIdMismatch; the zero id means "must not exist"', async () => {
  const first = await publish([collection]);
  const stale = await publish([{ ...collection, spec: { key: ['/id'], schema: { type: 'object', title: 'x' } }, expect_pub_id: '0000000000000001' }]);
  expect(stale.status).toEqual({ type: 'expectPubIdMismatch', failures: [{ catalog_name: 'acme/dev/rows', expected: '0000000000000001', actual: first.pub }] });
  expect((await publish([{ ...collection, expect_pub_id: '0000000000000000' }])).status.type).toBe('expectPubIdMismatch');
  const del = await publish([{ catalog_name: 'acme/dev/rows', spec_type: null, spec: null, expect_pub_id: first.pub }]);
  expect(del.status.type).toBe('success');
  expect(emulator.liveSpecs()).toEqual([]);
});

test('a dry run validates and commits nothing; retryable failures are switchable; an identical spec is an empty draft', async () => {
  expect((await publish([collection], { dryRun: true })).status.type).toBe('success');
  expect(emulator.liveSpecs()).toEqual([]);
  emulator.control({ publishFailed: 1, buildIdLockFailure: 1 });
  expect((await publish([collection])).status.type).toBe('publishFailed');
  expect((await publish([collection])).status.type).toBe('buildIdLockFailure');
  expect((await publish([collection])).status.type).toBe('success');
  expect((await publish([collection])).status.type).toBe('emptyDraft');
});

test('draft_specs: an insert of a taken key without merge-duplicates is 23505; a row for no draft is 23503; bad rows name the field', async () => {
  const draft = await json(await rest('POST', '/drafts?select=id', {}, { accept: 'application/vnd.pgrst.object+json' }));
  expect((await rest('POST', '/draft_specs', [{ draft_id: draft.id, ...collection }])).status).toBe(201);
  const dup = await rest('POST', '/draft_specs', [{ draft_id: draft.id, ...collection }]);
  expect([dup.status, (await json(dup)).code]).toEqual([409, '23505']);
  const orphan = await rest('POST', '/draft_specs', [{ draft_id: 'ffffffffffffffff', ...collection }]);
  expect([orphan.status, (await json(orphan)).code]).toEqual([409, '23503']);
  const bad = await json(await rest('POST', '/draft_specs', [{ draft_id: draft.id, catalog_name: 'nope', spec_type: 'capture', spec: null }]));
  expect(bad).toMatchObject({ code: '23514', details: expect.stringMatching(/catalog_name: .*spec and spec_type are null together/) });
  expect(await json(await rest('GET', '/nothing'))).toMatchObject({ code: 'PGRST205' });
});

test('live_specs_ext pages with Range (206 and Content-Range when partial)', async () => {
  await publish([1, 2, 3].map((i) => ({ ...collection, catalog_name: `acme/dev/c${i}` })));
  const page = await rest('GET', '/live_specs_ext?catalog_name=like.acme/dev/*', undefined, { range: '0-1' });
  expect([page.status, page.headers.get('content-range'), (await json(page)).map((r: { catalog_name: string }) => r.catalog_name)]).toEqual([206, '0-1/3', ['acme/dev/c1', 'acme/dev/c2']]);
  const rest2 = await rest('GET', '/live_specs_ext?catalog_name=like.acme/dev/*', undefined, { range: '2-999' });
  expect([rest2.status, rest2.headers.get('content-range')]).toEqual([206, '2-2/3']);
});

test('connectors answer the endpoint schema of one tag, embedded as flowctl selects it', async () => {
  const rows = await json(await rest('GET', '/connectors?select=connector_tags(endpoint_spec_schema)&image_name=eq.ghcr.io/estuary/materialize-snowflake&connector_tags.image_tag=eq.:v4'));
  expect(rows).toHaveLength(1);
  expect(rows[0].connector_tags[0].endpoint_spec_schema.properties.credentials.oneOf[0].properties.private_key.secret).toBe(true);
});

test('PostgREST also answers at the root (the sandbox hands out ESTUARY_API_URL=<url>)', async () => {
  const r = await fetch(`${server.url}/live_specs_ext?select=catalog_name`, { headers: { apikey: SANDBOX_ESTUARY_ANON_KEY, authorization: `Bearer ${token}` } });
  expect([r.status, await r.json()]).toEqual([200, []]);
});
