/**
 * The catalog kinds' runtime against the Estuary emulator: the publication flow, optimistic concurrency, drift,
 * token expiry, and every fault (429, 5xx, a connection dropped after the emulator acted) converging without a
 * second publication. Canary secrets must reach the emulator only encrypted.
 */
import { Pacer } from '@sophia-ai/http';
import { serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox';
import { EstuaryEmulator, encodeRefreshToken, SANDBOX_ESTUARY_ANON_KEY, SANDBOX_ESTUARY_REFRESH_TOKEN } from '@sophia-ai/sandbox/src/estuary/emulator';
import type { EmulatorRequest } from '@sophia-ai/sandbox/src/core/types';
import * as runtime from './runtime';
import type { Props } from '@sophia-ai/dynamic-provider/src/runtime';

const CANARY_PASSWORD = 'canary_pg_password_Wm7Kq2Zt9Xv4';
const CANARY_PASSWORD_2 = 'canary_pg_password_Hd3Ls8Nb1Qc6';
const CREDENTIAL = encodeRefreshToken(SANDBOX_ESTUARY_REFRESH_TOKEN);
const DP = 'ops/dp/public/gcp-us-central1-c2';
const PG = 'ghcr.io/estuary/source-postgres:v5';

let clock = Date.parse('2026-12-01T09:00:00Z');
let emulator: EstuaryEmulator;
let server: RunningEmulator;
/** Every request body the emulator got, by path (what travelled over the wire). */
let bodies: Array<{ method: string; path: string; body: string }> = [];
const events: string[] = [];

const options = (): runtime.RuntimeOptions => ({
  baseUrl: `${server.url}/rest/v1`, encryptionUrl: server.url, pollIntervalMs: 0, maxPollIntervalMs: 0, sleep: async () => undefined,
  now: () => clock, pacer: new Pacer({ minIntervalMs: 0 }), onEvent: (e) => events.push(JSON.stringify(e)),
});
const conn = { refreshToken: CREDENTIAL, anonKey: SANDBOX_ESTUARY_ANON_KEY, apiUrl: 'http://127.0.0.1:9/unused', encryptionUrl: 'http://127.0.0.1:9/unused', dataPlane: DP };
const collection = (name: string): Props => ({ ...conn, catalogName: name, spec: { key: ['/id'], schema: { type: 'object', properties: { id: { type: 'integer' } } } } });
const capture = (name: string, target: string, over: Record<string, unknown> = {}, password = CANARY_PASSWORD): Props => ({
  ...conn,
  catalogName: name,
  spec: { endpoint: { connector: { image: PG, config: { address: 'db:5432', user: 'flow', database: 'app' } } }, bindings: [{ resource: { namespace: 'public', stream: 'orders' }, target }], interval: '5m', ...over },
  endpointSecrets: { '/password': password },
});
const published = () => emulator.publications().filter((p) => !p.dry_run);

// `diff` runs a dry-run publication with the environment's settings (the engine hands it no options): off here,
// on in its own test below.
process.env.ESTUARY_DRY_RUN = '0';

beforeAll(async () => {
  emulator = new EstuaryEmulator({ now: () => clock });
  const handle = emulator.handle.bind(emulator);
  emulator.handle = (req: EmulatorRequest) => {
    bodies.push({ method: req.method, path: req.path, body: req.body.toString('utf8') });
    return handle(req);
  };
  server = await serveEmulator(emulator);
});
beforeEach(() => {
  clock += 2 * 3_600_000; // every test starts with an expired token: it exchanges its own
  emulator.reset();
  server.faults.clear();
  bodies = [];
  events.length = 0;
});
afterAll(() => server.close());

async function withCollection(name = 'acme/dev/orders') {
  return runtime.collection.create(collection(name), options());
}

describe('publishing', () => {
  test('create publishes collection then capture; the secret travels only to the encryption service and lands encrypted', async () => {
    const coll = await withCollection();
    const cap = await runtime.capture.create(capture('acme/dev/pg', 'acme/dev/orders'), options());
    expect(cap.id).toBe('acme/dev/pg');
    const live = emulator.liveSpecs().find((l) => l.catalog_name === 'acme/dev/pg')!;
    expect(cap.outs.lastPubId).toBe(live.last_pub_id);
    expect(coll.outs.lastPubId).not.toBe(live.last_pub_id);
    const config = (live.spec as any).endpoint.connector.config;
    expect(config).toMatchObject({ address: 'db:5432', password_sops: expect.stringMatching(/^ENC\[/) });
    expect(emulator.decrypt(config.password_sops)).toBe(CANARY_PASSWORD);
    // Plain text only in the request to the encryption service; never to the control plane, never in state.
    expect(bodies.filter((b) => b.body.includes(CANARY_PASSWORD)).map((b) => b.path)).toEqual(['/v1/encrypt-config']);
    expect(JSON.stringify(cap.outs)).not.toContain(CANARY_PASSWORD);
    expect(cap.outs).toMatchObject({ secretsHash: expect.stringMatching(/^[0-9a-f]{64}$/), encryptedConfig: config });
    expect(emulator.drafts()).toEqual([]);
  });

  test('no-op, spec update, secret update: the diff sees each; an update expects the pub id in state', async () => {
    await withCollection();
    const inputs = capture('acme/dev/pg', 'acme/dev/orders');
    const { outs } = await runtime.capture.create(inputs, options());
    expect(await runtime.capture.diff('acme/dev/pg', outs, inputs)).toMatchObject({ changes: false });
    const slower = capture('acme/dev/pg', 'acme/dev/orders', { interval: '15m' });
    expect(await runtime.capture.diff('acme/dev/pg', outs, slower)).toMatchObject({ changes: true, replaces: [] });
    const rotated = capture('acme/dev/pg', 'acme/dev/orders', {}, CANARY_PASSWORD_2);
    expect(await runtime.capture.diff('acme/dev/pg', outs, rotated)).toMatchObject({ changes: true, replaces: [] });
    const updated = await runtime.capture.update('acme/dev/pg', outs, { ...rotated, spec: slower.spec }, options());
    const live = emulator.liveSpecs().find((l) => l.catalog_name === 'acme/dev/pg')!;
    expect([(live.spec as any).interval, emulator.decrypt((live.spec as any).endpoint.connector.config.password_sops)]).toEqual(['15m', CANARY_PASSWORD_2]);
    expect(updated.outs.lastPubId).toBe(live.last_pub_id);
    expect(bodies.find((b) => b.path === '/rest/v1/draft_specs' && b.body.includes('"15m"'))!.body).toContain(`"expect_pub_id":"${outs.lastPubId}"`);
    expect(await runtime.capture.diff('acme/dev/pg', updated.outs, { ...rotated, spec: slower.spec })).toMatchObject({ changes: false });
    expect(await runtime.capture.diff('acme/dev/pg', outs, { ...inputs, catalogName: 'acme/dev/pg2' })).toMatchObject({ replaces: ['catalogName'] });
  });

  test('delete publishes a null spec; deleting again (already gone) succeeds', async () => {
    const { outs } = await withCollection();
    await runtime.collection.remove('acme/dev/orders', outs, options());
    expect(emulator.liveSpecs()).toEqual([]);
    expect(bodies.filter((b) => b.path === '/rest/v1/draft_specs').at(-1)?.body).toContain(`"spec":null,"expect_pub_id":"${outs.lastPubId}"`);
    await runtime.collection.remove('acme/dev/orders', outs, options());
    expect(published()).toHaveLength(2);
  });

  test('read: a drifted spec comes back as live (the diff shows it); changed secrets drop the hash; a deleted spec is gone', async () => {
    await withCollection();
    const inputs = capture('acme/dev/pg', 'acme/dev/orders');
    const { outs } = await runtime.capture.create(inputs, options());
    const liveSpec = emulator.liveSpecs().find((l) => l.catalog_name === 'acme/dev/pg')!.spec!;
    emulator.publishOutOfBand('acme/dev/pg', { ...liveSpec, interval: '1h' });
    const read = await runtime.capture.read('acme/dev/pg', outs, options());
    expect((read.props!.spec as any).interval).toBe('1h');
    expect((read.props!.spec as any).endpoint.connector.config).toEqual({ address: 'db:5432', user: 'flow', database: 'app' });
    expect(read.props!.secretsHash).toBe(outs.secretsHash);
    expect(await runtime.capture.diff('acme/dev/pg', read.props!, inputs)).toMatchObject({ changes: true });

    const reencrypted = structuredClone(liveSpec) as any;
    reencrypted.endpoint.connector.config.password_sops = 'ENC[AES256_GCM,data:AAAA,iv:AAAAAAAAAAAAAAAA,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]';
    emulator.publishOutOfBand('acme/dev/pg', reencrypted);
    const reread = await runtime.capture.read('acme/dev/pg', read.props!, options());
    expect(reread.props!.secretsHash).toBeUndefined();
    expect(await runtime.capture.diff('acme/dev/pg', reread.props!, inputs)).toMatchObject({ changes: true });

    emulator.publishOutOfBand('acme/dev/pg', null);
    expect(await runtime.capture.read('acme/dev/pg', reread.props!, options())).toEqual({});
  });
});

describe('failures', () => {
  test('a failed build reports each error under its catalog name, and its draft is deleted', async () => {
    const err = await runtime.capture.create(capture('acme/dev/pg', 'acme/dev/nowhere'), options()).catch((e: Error) => e);
    expect(err).toBeInstanceOf(runtime.PublicationFailed);
    expect((err as Error).message).toMatch(/publication of capture acme\/dev\/pg failed \(buildFailed\):\n {2}- acme\/dev\/pg: binding 0: collection acme\/dev\/nowhere does not exist/);
    expect((err as Error).message).not.toContain(CANARY_PASSWORD);
    expect(emulator.drafts()).toEqual([]);
    expect(emulator.liveSpecs()).toEqual([]);
  });

  test('a concurrent publish by someone else is reported and not overwritten', async () => {
    await withCollection();
    const { outs } = await runtime.capture.create(capture('acme/dev/pg', 'acme/dev/orders'), options());
    const theirs = { ...emulator.liveSpecs().find((l) => l.catalog_name === 'acme/dev/pg')!.spec!, interval: '2h' };
    const mine = emulator.publishOutOfBand('acme/dev/pg', theirs);
    const err = await runtime.capture.update('acme/dev/pg', outs, capture('acme/dev/pg', 'acme/dev/orders', { interval: '10m' }), options()).catch((e: Error) => e);
    expect(err).toBeInstanceOf(runtime.ConcurrentPublication);
    expect((err as Error).message).toContain(`acme/dev/pg was published as ${mine.last_pub_id} by someone else since ${outs.lastPubId}`);
    expect((emulator.liveSpecs().find((l) => l.catalog_name === 'acme/dev/pg')!.spec as any).interval).toBe('2h');
    expect(emulator.drafts()).toEqual([]);
    // Creating over a live spec of the same name adopts it (publishes over its pub id) rather than failing.
    const adopted = await runtime.capture.create(capture('acme/dev/pg', 'acme/dev/orders', { interval: '10m' }), options());
    expect((emulator.liveSpecs().find((l) => l.catalog_name === 'acme/dev/pg')!.spec as any).interval).toBe('10m');
    expect(events.some((e) => e.includes('adopting the live capture acme/dev/pg'))).toBe(true);
    expect(adopted.outs.lastPubId).not.toBe(mine.last_pub_id);
  });

  test('publishFailed and buildIdLockFailure publish the same draft again', async () => {
    emulator.control({ publishFailed: 1, buildIdLockFailure: 1 });
    const { outs } = await withCollection();
    expect(published().map((p) => p.job_status.type)).toEqual(['publishFailed', 'buildIdLockFailure', 'success']);
    expect(new Set(published().map((p) => p.draft_id)).size).toBe(1);
    expect(outs.lastPubId).toBe(published()[2]!.id);
  });

  test('an access token that expires mid-run is exchanged again (before expiry, and after a 401)', async () => {
    emulator.control({ tokenTtlMs: 10 * 60_000 });
    const { outs } = await withCollection();
    const issued = emulator.tokensIssued;
    clock += 6 * 60_000; // inside the refresh margin: exchanged before use
    await runtime.collection.read('acme/dev/orders', outs, options());
    expect(emulator.tokensIssued).toBe(issued + 1);
    // A token the clock says is fresh but the server refuses (401): one exchange, one retry.
    await runtime.collection.read('acme/dev/orders', outs, { ...options(), now: () => clock - 60 * 60_000 });
    clock += 30 * 60_000;
    const read = await runtime.collection.read('acme/dev/orders', outs, { ...options(), now: () => clock - 60 * 60_000 });
    expect(read.id).toBe('acme/dev/orders');
    expect(emulator.tokensIssued).toBeGreaterThan(issued + 1);
  });
});

describe('sessions and reads', () => {
  test('a service-account key is exchanged at the agent API; it never travels to the control plane', async () => {
    const SA = 'flow_sa_canary_Lk8Rw3Zp6Nq1Tv4Y';
    emulator.control({ serviceKeys: [SA] });
    const { outs } = await runtime.collection.create({ ...collection('acme/dev/sa'), refreshToken: SA }, { ...options(), agentUrl: server.url });
    expect(outs.lastPubId).toBe(emulator.liveSpecs()[0]!.last_pub_id);
    expect(bodies.filter((b) => b.body.includes(SA)).map((b) => b.path)).toEqual(['/api/v1/auth/token']);
  });

  test('reads page through live specs with Range', async () => {
    for (const n of [1, 2, 3]) await runtime.collection.create(collection(`acme/dev/c${n}`), options());
    const client = new runtime.EstuaryClient(conn, options());
    const rows = await client.selectAll<{ catalog_name: string }>('live_specs_ext', { catalog_name: 'like.acme/dev/*', select: 'catalog_name' }, 2);
    expect(rows.map((r) => r.catalog_name)).toEqual(['acme/dev/c1', 'acme/dev/c2', 'acme/dev/c3']);
    expect(server.requests.filter((r) => r.path === '/rest/v1/live_specs_ext').slice(-2).map((r) => r.status)).toEqual([206, 206]);
  });
});

describe('a preview validates a changed spec remotely (dry run)', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    Object.assign(process.env, { ESTUARY_DRY_RUN: '1', ESTUARY_API_URL: `${server.url}/rest/v1`, ESTUARY_ENCRYPTION_URL: server.url, ESTUARY_POLL_INTERVAL_MS: '0', ESTUARY_MAX_POLL_INTERVAL_MS: '0' });
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  test('a change the control plane would refuse fails the diff, per catalog name; nothing is committed, no draft is left', async () => {
    await withCollection();
    const { outs } = await runtime.capture.create(capture('acme/dev/pg', 'acme/dev/orders'), options());
    const before = emulator.liveSpecs().find((l) => l.catalog_name === 'acme/dev/pg')!.last_pub_id;
    const broken = capture('acme/dev/pg', 'acme/dev/orders', { endpoint: { connector: { image: PG, config: { address: 'db:5432', user: 'flow' } } } });
    await expect(runtime.capture.diff('acme/dev/pg', outs, broken)).rejects.toThrow(/dry run of capture acme\/dev\/pg failed \(buildFailed\):\n {2}- acme\/dev\/pg: endpoint config is missing required field \/database/);
    expect(emulator.publications().filter((p) => p.dry_run)).toHaveLength(1);
    expect(emulator.liveSpecs().find((l) => l.catalog_name === 'acme/dev/pg')!.last_pub_id).toBe(before);
    expect(emulator.drafts()).toEqual([]);
  });

  test('a binding to a collection this run will publish first is not an error; an unchanged spec makes no call', async () => {
    await withCollection();
    const inputs = capture('acme/dev/pg', 'acme/dev/orders');
    const { outs } = await runtime.capture.create(inputs, options());
    const calls = bodies.length;
    expect(await runtime.capture.diff('acme/dev/pg', outs, inputs)).toMatchObject({ changes: false });
    expect(bodies.length).toBe(calls);
    const more = capture('acme/dev/pg', 'acme/dev/orders', { bindings: [{ resource: { stream: 'orders' }, target: 'acme/dev/orders' }, { resource: { stream: 'refunds' }, target: 'acme/dev/refunds' }] });
    expect(await runtime.capture.diff('acme/dev/pg', outs, more)).toMatchObject({ changes: true });
    expect(emulator.publications().filter((p) => p.dry_run).map((p) => p.job_status.type)).toEqual(['buildFailed']);
  });
});

describe('faults converge without a second publication', () => {
  test.each([
    ['429 on the publication', () => server.faults.rateLimit({ next: 1, method: 'POST', path: '/rest/v1/publications' })],
    ['503 on the publication', () => server.faults.serverError({ next: 1, method: 'POST', path: '/rest/v1/publications' })],
    ['dropped connection after the publication was created', () => server.faults.dropAfterHandle({ next: 1, method: 'POST', path: '/rest/v1/publications' })],
    ['dropped connection after the draft was created', () => server.faults.dropAfterHandle({ next: 1, method: 'POST', path: '/rest/v1/drafts' })],
    ['dropped connection after the draft specs were written', () => server.faults.dropAfterHandle({ next: 1, method: 'POST', path: '/rest/v1/draft_specs' })],
    ['503 while polling', () => server.faults.serverError({ next: 2, method: 'GET', path: '/rest/v1/publications' })],
    ['dropped connection on the token exchange', () => server.faults.dropAfterHandle({ next: 1, method: 'POST', path: '/rest/v1/rpc/generate_access_token' })],
  ])('%s', async (_name, inject) => {
    await withCollection();
    await runtime.collection.create(collection('acme/dev/unused'), options()).then(() => (clock += 2 * 3_600_000));
    inject();
    const { outs } = await runtime.capture.create(capture('acme/dev/pg', 'acme/dev/orders'), options());
    const injected = server.faults.injected;
    expect(injected.rateLimit + injected.serverError + injected.drop).toBeGreaterThan(0);
    expect(published().filter((p) => p.job_status.type === 'success')).toHaveLength(3);
    expect(published()).toHaveLength(3);
    expect(emulator.drafts()).toEqual([]);
    expect(outs.lastPubId).toBe(emulator.liveSpecs().find((l) => l.catalog_name === 'acme/dev/pg')!.last_pub_id);
  });
});

describe('check rejects at preview what the control plane would', () => {
  test.each([
    ['a plaintext password in the spec', { spec: { endpoint: { connector: { image: PG, config: { password: 'hunter2-plain' } } }, bindings: [] } }, /spec: endpoint config \/password holds a plaintext credential/],
    ['a bad catalog name', { catalogName: 'no-slash' }, /catalogName: must be a catalog name/],
    ['a credential of no known form', { refreshToken: 'not-a-token-at-all-xx' }, /refreshToken: estuary:refreshToken is neither/],
    ['an invalid sync schedule', { spec: { endpoint: { connector: { image: 'ghcr.io/estuary/materialize-snowflake:v4', config: { syncSchedule: { syncFrequency: '10m', timezone: 'Mars/Base' } } } }, bindings: [] } }, /syncSchedule.syncFrequency must be one of[\s\S]*syncSchedule.timezone must be an IANA/],
    ['an endpoint secret under no pointer', { endpointSecrets: { password: 'x' } }, /endpointSecrets: password is not a JSON pointer/],
  ])('%s', async (_name, over, message) => {
    const r = await runtime.capture.check({}, { ...capture('acme/dev/pg', 'acme/dev/orders'), ...over });
    expect(r.failures.map((f) => `${f.property}: ${f.reason}`).join('\n')).toMatch(message);
    expect(JSON.stringify(r.failures)).not.toMatch(/hunter2-plain|not-a-token-at-all/);
  });

  test('valid inputs pass', async () => {
    expect((await runtime.capture.check({}, capture('acme/dev/pg', 'acme/dev/orders'))).failures).toEqual([]);
  });
});
