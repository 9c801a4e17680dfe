import { NetworkError, ServiceError, type HttpEvent } from '@sophia-ai/http';
import { LambdaEmulator, SANDBOX_LAMBDA_API_KEY, serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox';
import { LambdaSpec, recordExchanges, type RecordedExchange } from '@sophia-ai/sandbox/src/lambda/spec/conformance';
import { Pacer } from '@sophia-ai/http';
import { LAUNCH_TAG } from '../logic/launch';
import { configure, filesystem, firewall, instance, resetCredentials, sshKey, type RuntimeOptions } from './runtime';
import { ANY, LAUNCH } from './runtime/lambda-api';

const PUB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILbIwTlsvGFMjlB+CYFi9KLOIHhjwn7Y/XfIIic985tn sandbox-sample';
const CANARY = 'canary_lambda_Hq83xZpL0vYt6WmK2sRb';

let clock = 1_800_000_000_000;
let emulator: LambdaEmulator;
let server: RunningEmulator;
let events: Array<HttpEvent | { type: 'info'; message: string }>;
let sleeps: number[];
let logs: string[];
let exchanges: RecordedExchange[];

function ro(extra: RuntimeOptions = {}): RuntimeOptions {
  return {
    baseUrl: server.url,
    pollIntervalMs: 1_000,
    bootTimeoutMs: 60_000,
    settleTimeoutMs: 60_000,
    launchReconcileMs: 10_000,
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
  const recorded = recordExchanges(emulator);
  exchanges = recorded.exchanges;
  server = await serveEmulator(recorded.emulator, { now: () => clock });
});
afterAll(() => server.close());
let spies: jest.SpyInstance[] = [];
beforeEach(async () => {
  emulator.reset();
  emulator.control({ launchWindowMs: 0, bootMs: 5_000, terminateMs: 2_000, apiKeys: [SANDBOX_LAMBDA_API_KEY, CANARY] });
  server.faults.clear();
  server.requests.length = 0;
  events = [];
  sleeps = [];
  logs = [];
  spies = (['log', 'error', 'warn', 'info'] as const).map((m) => jest.spyOn(console, m).mockImplementation((...a) => void logs.push(a.map(String).join(' '))));
  await sshKey.create({ apiKey: SANDBOX_LAMBDA_API_KEY, name: 'k1', publicKey: PUB }, ro());
});
afterEach(() => {
  spies.forEach((s) => s.mockRestore());
  resetCredentials();
});

/** The API's inventory (what is live, by kind), to compare with what the provider calls returned. */
async function inventory(apiKey = SANDBOX_LAMBDA_API_KEY) {
  const api = (await import('./runtime')).lambdaApi(apiKey, ro());
  const [instances, rulesets, filesystems] = await Promise.all([api.get<any[]>('/instances'), api.get<any[]>('/firewall-rulesets'), api.get<any[]>('/file-systems')]);
  return { instances: instances.filter((i) => i.status !== 'terminating').map((i) => i.id), rulesets: rulesets.map((r) => r.id), filesystems: filesystems.map((f) => f.id) };
}
const realPause = () => new Promise((r) => setTimeout(r, 10));

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

test('slow boot is polled until active; exceeding the boot timeout fails clearly (and records the instance, see fault run 3)', async () => {
  server.faults.slowBoot(40_000);
  const { outs } = await instance.create({ ...base, sshKeyName: 'k1' }, ro());
  expect(outs.status).toBe('active');
  server.faults.slowBoot(10 * 60_000);
  const err = await instance.create({ ...base, name: 'slow', sshKeyName: 'k1' }, ro({ bootTimeoutMs: 30_000 })).catch((e) => e);
  expect(err.message).toMatch(/Instance [0-9a-f]+ is still booting after 30 s/);
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

test('filesystem: create, same name again adopts it, mount, in-use delete is waited out, read detects deletion', async () => {
  const { id, outs } = await filesystem.create({ apiKey: SANDBOX_LAMBDA_API_KEY, name: 'models', region: 'us-east-1' }, ro());
  expect(outs).toMatchObject({ mountPoint: '/lambda/nfs/models', filesystemId: id });
  expect((await filesystem.create({ apiKey: SANDBOX_LAMBDA_API_KEY, name: 'models', region: 'us-east-1' }, ro())).id).toBe(id); // adopted, not duplicated
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

const rules = [{ protocol: 'tcp', port_range: [22, 22], source_network: '203.0.113.0/24', description: 'SSH' }];
const fwInputs = { apiKey: SANDBOX_LAMBDA_API_KEY, name: 'sophia-ai-test-ssh', region: 'us-east-1', rules };
const fsInputs = { apiKey: SANDBOX_LAMBDA_API_KEY, name: 'sophiaData', region: 'us-east-1' };

describe('fault runs: nothing duplicated, nothing orphaned; the API inventory equals what the provider recorded', () => {
  test('1. the launch answer comes after the client timeout (the API acted late): adopted by token, one instance', async () => {
    server.faults.delayBeforeHandle({ next: 1, method: 'POST', path: '/api/v1/instance-operations/launch', ms: 300 });
    // Sleeps also pass a little real time, so the held launch gets to act while the provider looks for it.
    const { id } = await instance.create({ ...base, sshKeyName: 'k1' }, ro({ timeoutMs: 100, launchReconcileMs: 120_000, sleep: async (ms) => { sleeps.push(ms); clock += ms; await realPause(); } }));
    await new Promise((r) => setTimeout(r, 400)); // anything still held has acted by now
    expect(launches()).toHaveLength(1);
    expect((await inventory()).instances).toEqual([id]);
  });

  test('1b. the lost launch shows up only after the reconcile window: recorded by token, no second launch; the next up adopts it', async () => {
    server.faults.delayBeforeHandle({ next: 1, method: 'POST', path: '/api/v1/instance-operations/launch', ms: 300 });
    const inputs = { ...base, sshKeyName: 'k1' };
    const err = await instance.create(inputs, ro({ timeoutMs: 100, launchReconcileMs: 2_000 })).catch((e) => e);
    expect(err.message).toMatch(/unknown outcome .* no instance carries its launch token sophia:launch-token=[0-9a-f]+ after 2 s, so it was not launched again\. It is recorded in the stack/);
    expect(err.id).toBe(`pending-launch-${err.properties.launchToken}`); // the engine records it (init error)
    await new Promise((r) => setTimeout(r, 400)); // the held request acts now
    expect(emulator.allInstances()).toHaveLength(1); // one, never two
    const [late] = emulator.allInstances();
    expect(await instance.read(err.id, err.properties, ro())).toMatchObject({ id: late.id }); // refresh finds it
    const next = await instance.update(err.id, err.properties, inputs, ro()); // next up adopts it
    expect(next.outs).toMatchObject({ instanceId: late.id, status: 'active' });
    expect(launches()).toHaveLength(1);
    await instance.remove(err.id, next.outs, ro()); // destroy terminates it
    expect((await inventory()).instances).toEqual([]);
  });

  test('1c. a recorded unknown launch that never appeared: the next up launches exactly one; destroy before that has nothing to do', async () => {
    const pending = { ...base, sshKeyName: 'k1', instanceId: '', status: 'launch-unknown', launchToken: 'feedfeedfeedfeedfeedfeed' };
    await expect(instance.remove('pending-launch-feedfeedfeedfeedfeedfeed', pending, ro())).resolves.toBeUndefined();
    expect(await instance.read('pending-launch-feedfeedfeedfeedfeedfeed', pending, ro())).toMatchObject({ id: 'pending-launch-feedfeedfeedfeedfeedfeed' });
    const next = await instance.update('pending-launch-feedfeedfeedfeedfeedfeed', pending, { ...base, sshKeyName: 'k1' }, ro());
    expect(launches()).toHaveLength(1);
    expect((await inventory()).instances).toEqual([next.outs.instanceId]);
  });

  test('2. the connection drops after POST /firewall-rulesets acted, and a 503 on it: one ruleset each, adopted by name', async () => {
    server.faults.dropAfterHandle({ next: 1, method: 'POST', path: '/api/v1/firewall-rulesets' });
    const a = await firewall.create(fwInputs, ro());
    expect((await inventory()).rulesets).toEqual([a.id]);
    // a rerun (state lost the create) adopts it too, and sets the desired rules
    const rerun = await firewall.create({ ...fwInputs, rules: [...rules, { ...rules[0], source_network: '198.51.100.0/24' }] }, ro());
    expect(rerun.id).toBe(a.id);
    expect((await firewall.read(a.id, rerun.outs, ro())).props?.rules).toHaveLength(2);
    await firewall.remove(a.id, a.outs, ro());
    server.faults.serverError({ next: 1, status: 503, method: 'POST', path: '/api/v1/firewall-rulesets' });
    const b = await firewall.create(fwInputs, ro());
    expect(server.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/firewall-rulesets').map((r) => r.status)).toEqual(['dropped', 503, 200]);
    expect((await inventory()).rulesets).toEqual([b.id]);
  });

  test('3. boot slower than the boot timeout: recorded (init error with id), the next run resumes waiting; nothing unmanaged', async () => {
    server.faults.slowBoot(120_000);
    const err = await instance.create({ ...base, sshKeyName: 'k1' }, ro({ bootTimeoutMs: 30_000 })).catch((e) => e);
    expect(err.message).toMatch(/Instance [0-9a-f]+ is still booting after 30 s\. It is recorded in the stack: the next `up` resumes waiting/);
    expect(err.id).toMatch(/^[0-9a-f]{32}$/);
    expect(err.properties).toMatchObject({ instanceId: err.id, status: 'booting' });
    expect((await inventory()).instances).toEqual([err.id]);
    // the engine updates a resource with initialization errors on the next run: update waits for active
    const next = await instance.update(err.id, err.properties, { ...base, sshKeyName: 'k1' }, ro({ bootTimeoutMs: 600_000 }));
    expect(next.outs).toMatchObject({ status: 'active', ip: expect.stringMatching(/^192\.0\.2\./), instanceId: err.id });
    expect(launches()).toHaveLength(1);
    expect((await inventory()).instances).toEqual([err.id]);
  });

  test('4. a dropped POST /filesystems is adopted (our name, our region); the same name elsewhere is a clear error', async () => {
    server.faults.dropAfterHandle({ next: 1, method: 'POST', path: '/api/v1/filesystems' });
    const a = await filesystem.create(fsInputs, ro());
    expect((await inventory()).filesystems).toEqual([a.id]);
    expect((await filesystem.create(fsInputs, ro())).id).toBe(a.id); // a rerun adopts as well
    const other = await filesystem.create({ ...fsInputs, region: 'us-west-1' }, ro()).catch((e) => e);
    expect(other.message).toMatch(/already exists in region us-east-1, not us-west-1; .*choose another lambda-labs:filesystemName/);
    expect(other.message).not.toMatch(/pulumi import/);
    expect((await inventory()).filesystems).toEqual([a.id]);
  });
});

describe('every documented answer handled', () => {
  test('409 on ruleset update and delete: retried within bounds', async () => {
    const { id, outs } = await firewall.create(fwInputs, ro());
    emulator.control({ fail: { next: 2, method: 'PATCH', path: `/api/v1/firewall-rulesets/${id}`, status: 409, code: 'global/internal-error' } });
    const up = await firewall.update(id, outs, { ...outs, name: 'renamed' }, ro());
    expect(up.outs.name).toBe('renamed');
    emulator.control({ fail: { next: 1, method: 'DELETE', path: `/api/v1/firewall-rulesets/${id}`, status: 409, code: 'global/internal-error' } });
    await firewall.remove(id, up.outs, ro());
    expect((await inventory()).rulesets).toEqual([]);
    emulator.control({ fail: { next: 9, method: 'PATCH', path: '/api/v1/firewall-rulesets/*', status: 409, code: 'global/internal-error' } });
    const again = await firewall.create(fwInputs, ro());
    await expect(firewall.update(again.id, again.outs, { ...again.outs, name: 'x' }, ro())).rejects.toMatchObject({ status: 409 });
  });

  test('a preempted instance is gone: read drops it so the next up relaunches', async () => {
    const { id, outs } = await instance.create({ ...base, sshKeyName: 'k1' }, ro());
    emulator.preempt(id);
    expect(await instance.read(id, outs, ro())).toEqual({});
  });

  test('403 account-inactive and quota-exceeded surface as clear errors without retries', async () => {
    emulator.control({ accountInactive: true });
    await expect(firewall.create(fwInputs, ro())).rejects.toThrow(/HTTP 403 global\/account-inactive/);
    emulator.control({ accountInactive: false, fail: { next: 1, method: 'POST', path: '/api/v1/filesystems', status: 400, code: 'global/quota-exceeded' } });
    await expect(filesystem.create(fsInputs, ro())).rejects.toThrow(/global\/quota-exceeded.*Contact Support/);
  });

  test('pacing: every call is paced (~1 request/s per key), so a full lifecycle meets no 429 from the general limit', async () => {
    emulator.control({ requestWindowMs: 1000 });
    const paced = ro({ pacer: new Pacer({ minIntervalMs: { [ANY]: 1000, [LAUNCH]: 0 }, now: () => clock, sleep: async (ms) => void (clock += ms) }), maxAttempts: 1 });
    const fw = await firewall.create(fwInputs, paced);
    const inst = await instance.create({ ...base, name: 'paced', sshKeyName: 'k1', firewallRulesetIds: [fw.id] }, paced);
    await instance.remove(inst.id, inst.outs, paced);
    await firewall.remove(fw.id, fw.outs, paced);
    expect(server.requests.filter((r) => r.status === 429)).toEqual([]);
    // without pacing the same calls hit the limit (the check can fail)
    const unpaced = await firewall.create(fwInputs, ro({ maxAttempts: 1 })).catch((e) => e);
    expect(unpaced.status).toBe(429);
  });

  test('a launch 429 without Retry-After is never retried inside the launch window', async () => {
    server.faults.rateLimit({ next: 1, retryAfterSeconds: null, method: 'POST', path: '/api/v1/instance-operations/launch' });
    const launchPacer = new Pacer({ minIntervalMs: { [ANY]: 0, [LAUNCH]: 13_000 }, now: () => clock, sleep: async (ms) => void (clock += ms) });
    const starts: number[] = [];
    const spy = jest.spyOn(launchPacer, 'wait').mockImplementation(async function (this: Pacer, key: string) {
      const waited = await Pacer.prototype.wait.call(launchPacer, key);
      if (key === LAUNCH) starts.push(clock);
      return waited;
    });
    await instance.create({ ...base, sshKeyName: 'k1' }, ro({ pacer: launchPacer }));
    spy.mockRestore();
    expect(launches().map((r) => r.status)).toEqual([429, 200]);
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(13_000);
  });
});

test('credentials after rotation: refresh and destroy use the key from the current config, not the state', async () => {
  const OLD = 'canary_old_key_Lp2Wq8Xz4Rt6Yv1N';
  const NEW = 'canary_new_key_Bn7Mk3Jh9Gf5Ds2A';
  emulator.control({ apiKeys: [OLD] });
  await sshKey.create({ apiKey: OLD, name: 'k-rot', publicKey: PUB }, ro());
  const inst = await instance.create({ ...base, apiKey: OLD, sshKeyName: 'k-rot' }, ro());
  const fw = await firewall.create({ ...fwInputs, apiKey: OLD }, ro());
  // rotate: the old key is revoked at Lambda, the stack's config holds the new one; state still has OLD
  emulator.control({ apiKeys: [NEW] });
  await expect(instance.read(inst.id, inst.outs, ro())).rejects.toThrow(/HTTP 401/); // before configure: state's key
  configure({ get: (key: string) => (key === 'lambda-labs:apiKey' ? NEW : undefined) });
  expect((await instance.read(inst.id, inst.outs, ro())).props).toMatchObject({ status: 'active' }); // refresh
  await instance.remove(inst.id, inst.outs, ro()); // destroy
  await firewall.remove(fw.id, fw.outs, ro());
  expect((await inventory(NEW)).instances).toEqual([]);
  // LAMBDA_API_KEY wins over a configuration that is stale (a plain refresh/destroy configures the providers
  // with the provider inputs recorded at the last `up`)
  configure({ get: (key: string) => (key === 'lambda-labs:apiKey' ? OLD : undefined) });
  process.env.LAMBDA_API_KEY = NEW;
  try {
    expect(await firewall.read(fw.id, fw.outs, ro())).toEqual({});
  } finally {
    delete process.env.LAMBDA_API_KEY;
  }
  emulator.control({ apiKeys: [SANDBOX_LAMBDA_API_KEY, CANARY] });
});

test('every answer the emulator gave to the providers in this file is what spec v1.8.3 documents; every request is valid', () => {
  const spec = new LambdaSpec();
  expect(exchanges.length).toBeGreaterThan(100);
  expect(exchanges.flatMap((x) => spec.answerProblems(x))).toEqual([]);
  expect(exchanges.flatMap((x) => spec.requestProblems(x))).toEqual([]);
});

test('an SSH key rotation keeps the instance: no replacement, the new launch key and cloud-init are recorded, nothing relaunched', async () => {
  const { id, outs } = await instance.create({ ...base, sshKeyName: 'k1', userData: '#cloud-config\nssh_authorized_keys: [old]\n' }, ro());
  const rotated = { ...base, sshKeyName: 'k2', userData: '#cloud-config\nssh_authorized_keys: [new, old]\n' };
  const d = await instance.diff(id, outs, rotated);
  expect(d).toMatchObject({ changes: true, replaces: [] });
  const up = await instance.update(id, outs, rotated, ro());
  expect(up.outs).toMatchObject({ instanceId: id, sshKeyName: 'k2', userData: rotated.userData, status: 'active' });
  expect(launches()).toHaveLength(1);
  expect((await inventory()).instances).toEqual([id]);
});

test('instance check: an unknown instance type fails at preview, naming the types with capacity in the region', async () => {
  const spec = { ...base, sshKeyName: 'k1' };
  const bad = await instance.check({}, { ...spec, instanceType: 'gpu_9x_zzz' }, ro());
  expect(bad.failures).toHaveLength(1);
  expect(bad.failures[0].property).toBe('instanceType');
  expect(bad.failures[0].reason).toMatch(/instanceType "gpu_9x_zzz" is not a Lambda instance type\. With capacity in us-east-1 now: .*gpu_1x_a10/);
  expect(bad.failures[0].reason).not.toContain(SANDBOX_LAMBDA_API_KEY);
  expect((await instance.check({}, spec, ro())).failures).toEqual([]);
  // an unreachable API leaves the check to the launch instead of failing the preview
  expect((await instance.check({}, { ...spec, instanceType: 'gpu_8x_zzz' }, ro({ baseUrl: 'http://127.0.0.1:9', maxAttempts: 1 }))).failures).toEqual([]);
});
