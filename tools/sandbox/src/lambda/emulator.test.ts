import { auth, HttpClient, NetworkError, ServiceError } from '@sophia-ai/http';
import { serveEmulator, type RunningEmulator } from '../core/server';
import { LambdaEmulator, SANDBOX_LAMBDA_API_KEY } from './emulator';
import { LambdaSpec, recordExchanges, type RecordedExchange } from './spec/conformance';

const PUB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T sandbox';
let clock = 1_700_000_000_000;
let emulator: LambdaEmulator;
let server: RunningEmulator;
let api: HttpClient;
let exchanges: RecordedExchange[];

function client(headers: Record<string, string> = auth.bearer(SANDBOX_LAMBDA_API_KEY)) {
  return new HttpClient({ service: 'lambda', baseUrl: server.url, headers, retry: { maxAttempts: 1 } });
}
async function data<T = any>(p: Promise<{ data: unknown }>): Promise<T> {
  return ((await p).data as { data: T }).data;
}
async function err(p: Promise<unknown>): Promise<ServiceError> {
  const e = await p.then(() => undefined, (x) => x);
  expect(e).toBeInstanceOf(ServiceError);
  return e as ServiceError;
}

beforeAll(async () => {
  emulator = new LambdaEmulator({ now: () => clock, launchWindowMs: 12_000 });
  // Every answer of every test below is recorded and checked against the vendored spec in the last test.
  const recorded = recordExchanges(emulator);
  exchanges = recorded.exchanges;
  server = await serveEmulator(recorded.emulator, { now: () => clock });
});
afterAll(() => server.close());
beforeEach(() => {
  emulator.reset();
  server.faults.clear();
  clock += 60_000;
  api = client();
});

async function key(name = 'k1') {
  return data(api.post('/api/v1/ssh-keys', { name, public_key: PUB }));
}
async function launch(extra: Record<string, unknown> = {}) {
  return data<{ instance_ids: string[] }>(api.post('/api/v1/instance-operations/launch', { region_name: 'us-east-1', instance_type_name: 'gpu_1x_a10', ssh_key_names: ['k1'], ...extra }));
}

test('auth: missing, wrong Bearer and wrong Basic are 401 global/invalid-api-key; Basic key: and Bearer pass', async () => {
  expect((await err(client({}).get('/api/v1/instances'))).code).toBe('global/invalid-api-key');
  expect((await err(client(auth.bearer('nope-nope-nope-nope')).get('/api/v1/instances'))).status).toBe(401);
  expect((await err(client(auth.basic('nope-nope-nope')).get('/api/v1/instances'))).status).toBe(401);
  await expect(client(auth.basic(SANDBOX_LAMBDA_API_KEY)).get('/api/v1/instances')).resolves.toMatchObject({ status: 200 });
  await expect(client({ authorization: `Basic ${SANDBOX_LAMBDA_API_KEY}` }).get('/api/v1/instances')).resolves.toMatchObject({ status: 200 });
});

test('instance-types and images use {data} envelopes with spec fields', async () => {
  const types = await data(api.get('/api/v1/instance-types'));
  expect(types.gpu_1x_a10.instance_type).toMatchObject({ name: 'gpu_1x_a10', specs: { gpus: 1 } });
  expect(types.gpu_1x_a10.regions_with_capacity_available[0]).toHaveProperty('name');
  const imgs = await data<any[]>(api.get('/api/v1/images'));
  expect(imgs[0]).toEqual(expect.objectContaining({ id: expect.any(String), family: expect.any(String), architecture: 'x86_64', region: expect.objectContaining({ name: expect.any(String) }) }));
});

test('ssh keys: add, duplicate rejected, generated key has private_key, delete, unknown delete 400 (as documented)', async () => {
  const k = await key();
  expect(k).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'k1', public_key: PUB });
  expect((await err(api.post('/api/v1/ssh-keys', { name: 'k1', public_key: PUB }))).code).toBe('global/invalid-parameters');
  expect((await err(api.post('/api/v1/ssh-keys', { name: '', public_key: PUB }))).code).toBe('global/invalid-parameters');
  expect((await err(api.post('/api/v1/ssh-keys', { name: 'bad', public_key: 'not a key' }))).code).toBe('global/invalid-parameters');
  const gen = await data(api.post('/api/v1/ssh-keys', { name: 'gen' }));
  expect(gen.private_key).toContain('PRIVATE KEY');
  expect(gen.public_key).toMatch(/^ssh-ed25519 /);
  await api.delete(`/api/v1/ssh-keys/${k.id}`);
  expect((await data<any[]>(api.get('/api/v1/ssh-keys'))).map((x) => x.name)).toEqual(['gen']);
  expect(await err(api.delete(`/api/v1/ssh-keys/${k.id}`))).toMatchObject({ status: 400, code: 'global/invalid-parameters' });
});

test('launch validation: required fields, quantity, hostname, name, tags, user_data size, missing key', async () => {
  await key();
  const e1 = await err(api.post('/api/v1/instance-operations/launch', {}));
  expect(e1).toMatchObject({ status: 400, code: 'global/invalid-parameters' });
  expect(e1.serviceMessage).toMatch(/region_name.*instance_type_name.*ssh_key_names/);
  const bad = async (extra: Record<string, unknown>, code = 'global/invalid-parameters') =>
    expect((await err(launch(extra))).code).toBe(code);
  await bad({ quantity: 2 });
  await bad({ hostname: 'Bad_Host' });
  await bad({ name: 'x'.repeat(65) });
  await bad({ tags: [{ key: 'Upper', value: 'v' }] });
  await bad({ tags: [{ key: 'ok', value: 'v'.repeat(129) }] });
  await bad({ user_data: 'x'.repeat(1024 * 1024 + 1) });
  await bad({ ssh_key_names: ['k1', 'k2'] });
  await bad({ region_name: 'mars-1' });
  await bad({ image: { id: 'a', family: 'b' } });
  await bad({ ssh_key_names: ['missing'] }, 'global/object-does-not-exist');
  await bad({ instance_type_name: 'gpu_8x_a100' }, 'instance-operations/launch/insufficient-capacity');
  expect(emulator.launches).toBe(0);
});

test('launch → booting → active, rename, terminate → terminating → gone; GET of terminated id is 404', async () => {
  emulator.control({ bootMs: 30_000, terminateMs: 5_000 });
  await key();
  const { instance_ids } = await launch({ name: 'gpu-a', hostname: 'gpu-a', tags: [{ key: 'sophia:launch', value: 'abc' }], user_data: '#cloud-config\n', image: { family: 'lambda-stack-24-04' } });
  expect(instance_ids).toHaveLength(1);
  const id = instance_ids[0];
  let inst = await data(api.get(`/api/v1/instances/${id}`));
  expect(inst).toMatchObject({ id, status: 'booting', name: 'gpu-a', hostname: 'gpu-a', ssh_key_names: ['k1'], region: { name: 'us-east-1' }, instance_type: { name: 'gpu_1x_a10' } });
  expect(inst.ip).toBeUndefined();
  expect(inst).not.toHaveProperty('user_data');
  expect(emulator.inspectInstance(id)?.user_data).toBe('#cloud-config\n');
  clock += 30_000;
  inst = await data(api.get(`/api/v1/instances/${id}`));
  expect(inst.status).toBe('active');
  expect(inst.ip).toMatch(/^192\.0\.2\./);
  inst = await data(api.post(`/api/v1/instances/${id}`, { name: 'renamed' }));
  expect(inst.name).toBe('renamed');
  const t = await data(api.post('/api/v1/instance-operations/terminate', { instance_ids: [id] }));
  expect(t.terminated_instances[0]).toMatchObject({ id, status: 'terminating' });
  expect((await data<any[]>(api.get('/api/v1/instances')))[0].status).toBe('terminating');
  clock += 5_000;
  expect(await data<any[]>(api.get('/api/v1/instances'))).toEqual([]);
  expect((await err(api.get(`/api/v1/instances/${id}`))).code).toBe('global/object-does-not-exist');
  expect((await err(api.post('/api/v1/instance-operations/terminate', { instance_ids: [id] }))).status).toBe(404);
});

test('unhealthy switch: new instances end unhealthy', async () => {
  emulator.control({ unhealthy: true });
  await key();
  const { instance_ids } = await launch();
  expect((await data(api.get(`/api/v1/instances/${instance_ids[0]}`))).status).toBe('unhealthy');
});

test('launch rate limit: second launch inside the window is 429 with Retry-After; configurable window', async () => {
  await key();
  await launch();
  const e = await err(launch());
  expect(e).toMatchObject({ status: 429, retryAfterMs: 12_000 });
  clock += 12_000;
  await launch();
  emulator.control({ launchWindowMs: 0 });
  await launch();
  expect(emulator.launches).toBe(3);
});

test('filesystems: create, duplicate, list (/file-systems), in use, delete (/filesystems)', async () => {
  await key();
  const fs = await data(api.post('/api/v1/filesystems', { name: 'models', region: 'us-east-1' }));
  expect(fs).toMatchObject({ name: 'models', mount_point: '/lambda/nfs/models', is_in_use: false, region: { name: 'us-east-1' } });
  expect((await err(api.post('/api/v1/filesystems', { name: 'models', region: 'us-east-1' }))).code).toBe('global/duplicate');
  expect((await err(api.post('/api/v1/filesystems', { name: '9bad', region: 'us-east-1' }))).code).toBe('global/invalid-parameters');
  await data(api.post('/api/v1/filesystems', { name: 'west', region: 'us-west-1' }));
  expect((await err(launch({ file_system_names: ['west'] }))).code).toBe('instance-operations/launch/file-system-in-wrong-region');
  const { instance_ids } = await launch({ file_system_names: ['models'] });
  expect((await data<any[]>(api.get('/api/v1/file-systems'))).find((f) => f.name === 'models').is_in_use).toBe(true);
  expect((await err(api.delete(`/api/v1/filesystems/${fs.id}`))).code).toBe('filesystems/filesystem-in-use');
  await api.post('/api/v1/instance-operations/terminate', { instance_ids });
  expect(await data(api.delete(`/api/v1/filesystems/${fs.id}`))).toEqual({ deleted_ids: [fs.id] });
  expect((await err(api.delete(`/api/v1/filesystems/${fs.id}`))).status).toBe(404);
});

test('firewall rulesets: CRUD, rule validation, in-use delete, global', async () => {
  await key();
  const rules = [{ protocol: 'tcp', port_range: [22, 22], source_network: '203.0.113.7', description: 'ssh' }];
  const badRule = async (rule: Record<string, unknown>) =>
    (await err(api.post('/api/v1/firewall-rulesets', { name: 'x', region: 'us-east-1', rules: [{ ...rules[0], ...rule }] }))).serviceMessage;
  // What the spec rejects: private/loopback networks, ports outside 1..65535, unknown protocols, long or missing descriptions.
  expect(await badRule({ source_network: '127.0.0.1/32' })).toMatch(/rules\.0\.source_network must be a public IPv4 network/);
  expect(await badRule({ source_network: '10.0.0.0/8' })).toMatch(/public IPv4/);
  expect(await badRule({ port_range: [0, 22] })).toMatch(/port_range/);
  expect(await badRule({ protocol: 'ssh' })).toMatch(/protocol/);
  expect(await badRule({ description: 'x'.repeat(129) })).toMatch(/description/);
  expect(await badRule({ description: undefined })).toMatch(/description is required/);
  expect(await badRule({ protocol: 'all', port_range: undefined })).toMatch(/port_range/);
  const rs = await data(api.post('/api/v1/firewall-rulesets', { name: 'ssh', region: 'us-east-1', rules }));
  expect(rs).toMatchObject({ name: 'ssh', region: { name: 'us-east-1' }, instance_ids: [], rules: [{ source_network: '203.0.113.7/32' }] });
  expect((await err(api.post('/api/v1/firewall-rulesets', { name: 'x', region: 'us-east-1', rules: [{ protocol: 'tcp', source_network: '1.2.3.4/33', description: '' }] }))).code).toBe('global/invalid-parameters');
  expect((await err(api.post('/api/v1/firewall-rulesets', { name: 'x', region: 'us-east-1', rules: [{ protocol: 'icmp', port_range: [1, 1], source_network: '0.0.0.0/0', description: '' }] }))).code).toBe('global/invalid-parameters');
  const patched = await data(api.patch(`/api/v1/firewall-rulesets/${rs.id}`, { name: 'ssh2' }));
  expect(patched).toMatchObject({ name: 'ssh2', rules: [{ port_range: [22, 22] }] });
  const { instance_ids } = await launch({ firewall_rulesets: [{ id: rs.id }] });
  expect((await data(api.get(`/api/v1/firewall-rulesets/${rs.id}`))).instance_ids).toEqual(instance_ids);
  expect((await err(api.delete(`/api/v1/firewall-rulesets/${rs.id}`))).code).toBe('firewall-rulesets/firewall-ruleset-in-use');
  await api.post('/api/v1/instance-operations/terminate', { instance_ids });
  await api.delete(`/api/v1/firewall-rulesets/${rs.id}`);
  const gone = await err(api.get(`/api/v1/firewall-rulesets/${rs.id}`));
  expect(gone).toMatchObject({ status: 404, code: 'global/object-does-not-exist', suggestion: expect.any(String) });
  expect(await data(api.get('/api/v1/firewall-rulesets/global'))).toMatchObject({ id: 'global', rules: [] });
  expect((await err(api.get('/api/v1/nope'))).status).toBe(404);
});

test('faults: 429 next N with Retry-After, 5xx next N, drop after the handler acted, latency, over HTTP too', async () => {
  await key();
  server.faults.rateLimit({ next: 1, retryAfterSeconds: 3, path: '/api/v1/instances' });
  expect(await err(api.get('/api/v1/instances'))).toMatchObject({ status: 429, retryAfterMs: 3000 });
  await api.get('/api/v1/instances');
  server.faults.serverError({ next: 2, status: 502 });
  expect((await err(api.get('/api/v1/instances'))).status).toBe(502);
  expect((await err(api.get('/api/v1/ssh-keys'))).status).toBe(502);
  await api.get('/api/v1/instances');
  server.faults.dropAfterHandle({ next: 1, method: 'POST', path: '/api/v1/instance-operations/launch' });
  const dropped = await launch().catch((e) => e);
  expect(dropped).toBeInstanceOf(NetworkError);
  expect(emulator.launches).toBe(1); // the handler acted: the instance exists although the answer was lost
  expect(await data<any[]>(api.get('/api/v1/instances'))).toHaveLength(1);
  expect(server.faults.injected).toEqual({ rateLimit: 1, serverError: 2, drop: 1, delay: 0 });
  expect(server.requests.filter((r) => r.fault).map((r) => r.status)).toEqual([429, 502, 502, 'dropped']);

  // over HTTP: rate limit by window, slow boot knob, reset
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
  await control('POST', '/_sandbox/faults', { rateLimit: { limit: { requests: 1, windowMs: 60_000 }, path: '/api/v1/ssh-keys', date: true }, bootMs: 99_000, latencyMs: 1 });
  await api.get('/api/v1/ssh-keys');
  expect((await err(api.get('/api/v1/ssh-keys'))).status).toBe(429);
  expect(emulator.bootMs).toBe(99_000);
  expect((await control('GET', '/_sandbox/faults')).faults.latencyMs).toBe(1);
  await control('POST', '/_sandbox/reset');
  expect(emulator.launches).toBe(0);
  expect(await data<any[]>(api.get('/api/v1/ssh-keys'))).toEqual([]);
});

test('documented answers as switchable faults: account inactive, 409 on rulesets, quota, launch 404; preempted', async () => {
  await key();
  emulator.control({ accountInactive: true });
  expect(await err(api.get('/api/v1/instances'))).toMatchObject({ status: 403, code: 'global/account-inactive' });
  emulator.control({ accountInactive: false });
  const rs = await data(api.post('/api/v1/firewall-rulesets', { name: 'fw', region: 'us-east-1', rules: [] }));
  emulator.control({ fail: { next: 1, method: 'PATCH', path: '/api/v1/firewall-rulesets/*', status: 409, code: 'global/internal-error' } });
  expect(await err(api.patch(`/api/v1/firewall-rulesets/${rs.id}`, { name: 'fw2' }))).toMatchObject({ status: 409, code: 'global/internal-error' });
  expect((await data(api.patch(`/api/v1/firewall-rulesets/${rs.id}`, { name: 'fw2' }))).name).toBe('fw2');
  emulator.control({ fail: { next: 1, method: 'POST', path: '/api/v1/filesystems', status: 400, code: 'global/quota-exceeded' } });
  expect(await err(api.post('/api/v1/filesystems', { name: 'q', region: 'us-east-1' }))).toMatchObject({ status: 400, code: 'global/quota-exceeded' });
  emulator.control({ fail: { next: 1, method: 'POST', path: '/api/v1/instance-operations/launch', status: 404, code: 'global/object-does-not-exist' } });
  expect((await err(launch())).status).toBe(404);
  expect(emulator.launches).toBe(0); // a failing documented answer means the API did not act
  const { instance_ids } = await launch();
  emulator.preempt(instance_ids[0]);
  expect((await data(api.get(`/api/v1/instances/${instance_ids[0]}`))).status).toBe('preempted');
});

test('general rate limit (one request per second per key) when switched on', async () => {
  emulator.control({ requestWindowMs: 1000 });
  await api.get('/api/v1/instances');
  expect(await err(api.get('/api/v1/ssh-keys'))).toMatchObject({ status: 429, retryAfterMs: 1000 });
  clock += 1000;
  await api.get('/api/v1/ssh-keys');
});

test('every answer the emulator gave in this file validates against the vendored spec v1.8.3', () => {
  const spec = new LambdaSpec();
  expect(exchanges.length).toBeGreaterThan(60);
  const problems = exchanges.flatMap((x) => spec.answerProblems(x));
  expect(problems).toEqual([]);
  // Coverage: each operation the stack uses answered at least once, with success and with an error.
  const seen = new Set(exchanges.map((x) => `${spec.operation(x.method, x.path)?.operationId} ${x.status < 400 ? 'ok' : 'error'}`));
  for (const op of ['launchInstance', 'getInstance', 'listInstances', 'terminateInstance', 'addSSHKey', 'deleteSSHKey', 'createFilesystem', 'filesystemDelete', 'createFirewallRuleset', 'updateFirewallRuleset', 'deleteFirewallRuleset', 'getFirewallRuleset']) {
    expect([op, seen.has(`${op} ok`), seen.has(`${op} error`)]).toEqual([op, true, true]);
  }
});
