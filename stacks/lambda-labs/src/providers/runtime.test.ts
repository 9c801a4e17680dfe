import { NetworkError, ServiceError, type HttpEvent } from '@sophia-ai/http';
import { LambdaEmulator, SANDBOX_LAMBDA_API_KEY, serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox';
import { Pacer } from '@sophia-ai/http';
import { LAUNCH_TAG } from '../logic/launch';
import { filesystem, firewall, instance, sshKey, type RuntimeOptions } from './runtime';

const PUB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILbIwTlsvGFMjlB+CYFi9KLOIHhjwn7Y/XfIIic985tn sandbox-sample';
const CANARY = 'canary_lambda_Hq83xZpL0vYt6WmK2sRb';

let clock = 1_800_000_000_000;
let emulator: LambdaEmulator;
let server: RunningEmulator;
let events: Array<HttpEvent | { type: 'info'; message: string }>;
let sleeps: number[];
let logs: string[];

function ro(extra: RuntimeOptions = {}): RuntimeOptions {
  return {
    baseUrl: server.url,
    pollIntervalMs: 1_000,
    bootTimeoutMs: 60_000,
    settleTimeoutMs: 60_000,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    random: () => 0.5,
    pacer: new Pacer({ minIntervalMs: { launch: 0 }, now: () => clock }),
    onEvent: (e) => events.push(e),
    ...extra,
  };
}

const base = { apiKey: SANDBOX_LAMBDA_API_KEY, region: 'us-east-1', instanceType: 'gpu_1x_a10', name: 'sophia-ai-test-gpu-1', hostname: 'sophia-ai-test-gpu-1' };

beforeAll(async () => {
  emulator = new LambdaEmulator({ now: () => clock, apiKeys: [SANDBOX_LAMBDA_API_KEY, CANARY] });
  server = await serveEmulator(emulator, { now: () => clock });
});
afterAll(() => server.close());
let spies: jest.SpyInstance[] = [];
beforeEach(async () => {
  emulator.reset();
  emulator.control({ launchWindowMs: 0, bootMs: 5_000, terminateMs: 2_000 });
  server.faults.clear();
  server.requests.length = 0;
  events = [];
  sleeps = [];
  logs = [];
  spies = (['log', 'error', 'warn', 'info'] as const).map((m) => jest.spyOn(console, m).mockImplementation((...a) => void logs.push(a.map(String).join(' '))));
  await sshKey.create({ apiKey: SANDBOX_LAMBDA_API_KEY, name: 'k1', publicKey: PUB }, ro());
});
afterEach(() => spies.forEach((s) => s.mockRestore()));

const launches = () => server.requests.filter((r) => r.path === '/api/v1/instance-operations/launch');

test('instance create waits booting → active, records outputs; read/update(rename)/delete round trip', async () => {
  const { id, outs } = await instance.create({ ...base, sshKeyName: 'k1', tags: { team: 'ml' }, userData: '#cloud-config\n' }, ro());
  expect(outs).toMatchObject({ instanceId: id, status: 'active', ip: expect.stringMatching(/^192\.0\.2\./), schemaVersion: 1, launchToken: expect.any(String) });
  expect(sleeps.length).toBeGreaterThan(0); // it polled while booting
  const stored = emulator.inspectInstance(id)!;
  expect(stored.user_data).toBe('#cloud-config\n');
  expect(stored.tags).toEqual(expect.arrayContaining([{ key: 'team', value: 'ml' }, { key: LAUNCH_TAG, value: outs.launchToken }]));

  const read = await instance.read(id, outs, ro());
  expect(read).toMatchObject({ id, props: { status: 'active', name: base.name } });
  const updated = await instance.update(id, outs, { ...outs, name: 'renamed' }, ro());
  expect(updated.outs.name).toBe('renamed');
  expect(emulator.inspectInstance(id)!.name).toBe('renamed');

  await instance.remove(id, outs, ro());
  expect(await instance.read(id, outs, ro())).toEqual({});
  await expect(instance.remove(id, outs, ro())).resolves.toBeUndefined(); // 404 tolerated
});

test('dropped connection after launch: reconciled by token, exactly one instance exists', async () => {
  server.faults.dropAfterHandle({ next: 1, method: 'POST', path: '/api/v1/instance-operations/launch' });
  const { id } = await instance.create({ ...base, sshKeyName: 'k1' }, ro());
  expect(emulator.allInstances()).toHaveLength(1);
  expect(emulator.allInstances()[0].id).toBe(id);
  expect(launches()).toHaveLength(1);
  expect(events.some((e) => e.type === 'info' && /adopted/.test(e.message))).toBe(true);
});

test('5xx on launch before acting: nothing found by token, launched again once → one instance', async () => {
  server.faults.serverError({ next: 1, status: 503, method: 'POST', path: '/api/v1/instance-operations/launch' });
  await instance.create({ ...base, sshKeyName: 'k1' }, ro());
  expect(emulator.allInstances()).toHaveLength(1);
  expect(launches().map((r) => r.status)).toEqual([503, 200]);
});

test('429 with Retry-After on launch (emulator window) is waited out and retried', async () => {
  emulator.control({ launchWindowMs: 12_000 });
  await instance.create({ ...base, sshKeyName: 'k1' }, ro());
  sleeps = [];
  await instance.create({ ...base, name: 'second', sshKeyName: 'k1' }, ro());
  expect(launches().map((r) => r.status)).toEqual([200, 429, 200]);
  // Retry-After (whole seconds) was honoured: jittered backoff alone would have waited 500 ms.
  const retry = events.find((e) => e.type === 'retry') as { delayMs: number; reason: string };
  expect(retry.reason).toBe('HTTP 429');
  expect(retry.delayMs).toBeGreaterThanOrEqual(1000);
  expect(retry.delayMs % 1000).toBe(0);
  expect(emulator.allInstances()).toHaveLength(2);
});

test('pacing: a second launch in one process waits the launch interval instead of hitting 429', async () => {
  emulator.control({ launchWindowMs: 12_000 });
  const pacer = new Pacer({ minIntervalMs: { launch: 12_000 }, now: () => clock, sleep: async (ms) => void (clock += ms) });
  await instance.create({ ...base, sshKeyName: 'k1' }, ro({ pacer }));
  await instance.create({ ...base, name: 'second', sshKeyName: 'k1' }, ro({ pacer }));
  expect(launches().map((r) => r.status)).toEqual([200, 200]);
});

test('429 fault and 5xx fault on reads are retried (GET is idempotent)', async () => {
  server.faults.rateLimit({ next: 2, retryAfterSeconds: 2, path: '/api/v1/instances*', method: 'GET' });
  server.faults.serverError({ next: 1, status: 502, path: '/api/v1/ssh-keys', method: 'GET' });
  const { id, outs } = await instance.create({ ...base, sshKeyName: 'k1' }, ro());
  expect(outs.status).toBe('active');
  expect(sleeps.filter((s) => s === 2000)).toHaveLength(2);
  await sshKey.read((await sshKey.create({ apiKey: SANDBOX_LAMBDA_API_KEY, name: 'k2', publicKey: PUB }, ro())).id, { apiKey: SANDBOX_LAMBDA_API_KEY }, ro());
  expect(server.faults.injected).toMatchObject({ rateLimit: 2, serverError: 1 });
  expect(events.filter((e) => e.type === 'retry')).toHaveLength(3);
  expect(id).toBeTruthy();
});

test('slow boot is polled until active; exceeding the boot timeout fails clearly and terminates', async () => {
  server.faults.slowBoot(40_000);
  const { outs } = await instance.create({ ...base, sshKeyName: 'k1' }, ro());
  expect(outs.status).toBe('active');
  server.faults.slowBoot(10 * 60_000);
  const err = await instance.create({ ...base, name: 'slow', sshKeyName: 'k1' }, ro({ bootTimeoutMs: 30_000 })).catch((e) => e);
  expect(err.message).toMatch(/Timed out after 30 s waiting for instance [0-9a-f]+ to become active/);
});

test('unhealthy instance → clear error, instance terminated (not left running)', async () => {
  emulator.control({ unhealthy: true });
  const err = await instance.create({ ...base, sshKeyName: 'k1' }, ro()).catch((e) => e);
  expect(err).toBeInstanceOf(Error);
  expect(err.message).toMatch(/became unhealthy instead of active; it was terminated/);
  clock += 5_000;
  expect(emulator.allInstances().map((i) => i.status)).toEqual(['terminated']);
});

test('401: clear error naming the code; the API key (canary) never appears in errors, events or logs', async () => {
  const bad = 'canary_wrong_Zx81LqPw3nTk5VbR';
  const err = await instance.create({ ...base, apiKey: bad, sshKeyName: 'k1' }, ro()).catch((e) => e);
  expect(err).toBeInstanceOf(ServiceError);
  expect(err.message).toMatch(/HTTP 401 global\/invalid-api-key/);
  // a valid canary key through every path, with faults, then an error from the service
  server.faults.serverError({ next: 1, status: 500, method: 'GET' });
  const { id, outs } = await instance.create({ ...base, apiKey: CANARY, sshKeyName: 'k1' }, ro());
  const notFound = await instance.create({ ...base, apiKey: CANARY, sshKeyName: 'missing' }, ro()).catch((e) => e);
  expect(notFound.code).toBe('global/object-does-not-exist');
  await instance.remove(id, outs, ro());
  const everything = [err.message, err.stack, JSON.stringify(err), notFound.message, JSON.stringify(notFound), JSON.stringify(events), ...logs].join('\n');
  expect(everything).not.toContain(bad);
  expect(everything).not.toContain(CANARY);
});

test('missing API key fails before any request', async () => {
  await expect(instance.create({ ...base, apiKey: '', sshKeyName: 'k1' }, ro())).rejects.toThrow(/lambda-labs:apiKey/);
});

test('network failure on a non-idempotent launch with nothing listening surfaces a NetworkError', async () => {
  const err = await instance.create({ ...base, sshKeyName: 'k1' }, ro({ baseUrl: 'http://127.0.0.1:9', maxAttempts: 2 })).catch((e) => e);
  expect(err).toBeInstanceOf(NetworkError);
});

test('ssh key: create adopts an identical existing key, refuses a different one; read detects deletion', async () => {
  const again = await sshKey.create({ apiKey: SANDBOX_LAMBDA_API_KEY, name: 'k1', publicKey: PUB }, ro());
  expect(again.outs).toMatchObject({ name: 'k1', publicKey: PUB });
  const other = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T other';
  await expect(sshKey.create({ apiKey: SANDBOX_LAMBDA_API_KEY, name: 'k1', publicKey: other }, ro())).rejects.toThrow(/already exists at Lambda with a different public key/);
  await sshKey.remove(again.id, again.outs, ro());
  expect(await sshKey.read(again.id, again.outs, ro())).toEqual({});
  await expect(sshKey.remove(again.id, again.outs, ro())).resolves.toBeUndefined();
  expect((await sshKey.check({}, { name: '', publicKey: 'nope' })).failures.map((f) => f.property)).toEqual(['name', 'publicKey']);
});

test('firewall ruleset: create, patch in place, read, delete waits for the instance to be released', async () => {
  const rules = [{ protocol: 'tcp', port_range: [22, 22], source_network: '203.0.113.0/24', description: 'SSH' }];
  const { id, outs } = await firewall.create({ apiKey: SANDBOX_LAMBDA_API_KEY, name: 'fw', region: 'us-east-1', rules }, ro());
  const rules2 = [...rules, { protocol: 'tcp', port_range: [22, 22], source_network: '198.51.100.7/32', description: 'SSH 2' }];
  const up = await firewall.update(id, outs, { ...outs, name: 'fw2', rules: rules2 }, ro());
  expect(up.outs).toMatchObject({ name: 'fw2', rulesetId: id });
  expect((await firewall.read(id, up.outs, ro())).props).toMatchObject({ name: 'fw2', rules: rules2 });
  const inst = await instance.create({ ...base, sshKeyName: 'k1', firewallRulesetIds: [id] }, ro());
  await instance.remove(inst.id, inst.outs, ro());
  await firewall.remove(id, up.outs, ro()); // instance still terminating for 2 s: in-use is waited out
  expect(await firewall.read(id, up.outs, ro())).toEqual({});
  await expect(firewall.remove(id, up.outs, ro())).resolves.toBeUndefined();
});

test('filesystem: create, duplicate is a clear error, mount, in-use delete is waited out, read detects deletion', async () => {
  const { id, outs } = await filesystem.create({ apiKey: SANDBOX_LAMBDA_API_KEY, name: 'models', region: 'us-east-1' }, ro());
  expect(outs).toMatchObject({ mountPoint: '/lambda/nfs/models', filesystemId: id });
  await expect(filesystem.create({ apiKey: SANDBOX_LAMBDA_API_KEY, name: 'models', region: 'us-east-1' }, ro())).rejects.toThrow(/already exists.*pulumi import/);
  const inst = await instance.create({ ...base, sshKeyName: 'k1', fileSystemNames: ['models'] }, ro());
  expect(emulator.inspectInstance(inst.id)!.file_system_names).toEqual(['models']);
  const removing = instance.remove(inst.id, inst.outs, ro());
  await removing;
  await filesystem.remove(id, outs, ro());
  expect(await filesystem.read(id, outs, ro())).toEqual({});
});

test('read of state written before schema versions (no schemaVersion/launchToken) works; terminated outside Pulumi → gone', async () => {
  const { id, outs } = await instance.create({ ...base, sshKeyName: 'k1' }, ro());
  const legacy: Record<string, unknown> = { ...outs };
  delete legacy.schemaVersion;
  delete legacy.launchToken;
  delete legacy.fileSystemNames;
  const r = await instance.read(id, legacy, ro());
  expect(r.props).toMatchObject({ schemaVersion: 0, status: 'active' });
  expect((await instance.diff(id, legacy, { ...legacy, fileSystemNames: [] })).changes).toBe(false);
  await instance.remove(id, legacy, ro());
  expect(await instance.read(id, legacy, ro())).toEqual({});
});
