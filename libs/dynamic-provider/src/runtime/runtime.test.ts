import { ServiceError } from '@sophia-ai/http';
import { defineApi } from './api';
import { defineCredentials } from './credentials';
import { canon, diffProps } from './diff';
import { createOrAdopt, poll, PollTimeout } from './reconcile';
import { stateVersionOf, versioned } from './state';

const api = defineApi<'bootTimeoutMs' | 'launchIntervalMs'>({
  service: 'toy',
  envPrefix: 'TOY',
  defaultBaseUrl: 'https://toy.invalid',
  durations: { pollIntervalMs: 10, requestIntervalMs: 1000, timeoutMs: 30_000, settleTimeoutMs: 60_000, bootTimeoutMs: 5000, launchIntervalMs: 13_000 },
  paceKeys: { launch: 'launchIntervalMs' },
  missingKey: 'Toy API key is missing: set toy:apiKey',
});

afterEach(() => {
  for (const k of Object.keys(process.env)) if (k.startsWith('TOY_')) delete process.env[k];
});

test('options: given, else the environment read at call time (<PREFIX>_<NAME>_MS, <PREFIX>_API_URL), else defaults', () => {
  expect(api.envFor('bootTimeoutMs')).toBe('TOY_BOOT_TIMEOUT_MS');
  expect(api.resolveOptions()).toMatchObject({ baseUrl: 'https://toy.invalid', bootTimeoutMs: 5000, maxAttempts: 6 });
  process.env.TOY_API_URL = 'http://127.0.0.1:9';
  process.env.TOY_BOOT_TIMEOUT_MS = '7';
  process.env.TOY_POLL_INTERVAL_MS = 'soon'; // not a number: the default stays
  expect(api.resolveOptions()).toMatchObject({ baseUrl: 'http://127.0.0.1:9', bootTimeoutMs: 7, pollIntervalMs: 10 });
  expect(api.resolveOptions({ bootTimeoutMs: 1, baseUrl: 'http://x' })).toMatchObject({ bootTimeoutMs: 1, baseUrl: 'http://x' });
});

test('one pacer per process, with the service key and the extra keys at their durations; renewed when they change', () => {
  const a = api.resolveOptions().pacer;
  expect(api.resolveOptions().pacer).toBe(a);
  expect([a.intervalFor('toy'), a.intervalFor('launch')]).toEqual([1000, 13_000]);
  process.env.TOY_LAUNCH_INTERVAL_MS = '0';
  const b = api.resolveOptions().pacer;
  expect(b).not.toBe(a);
  expect(b.intervalFor('launch')).toBe(0);
});

test('credentials: the environment, else the configured key, else the state; read at every call', () => {
  const c = defineCredentials({ configKey: 'toy:apiKey', env: 'TOY_API_KEY' });
  expect(c.keyFor({ apiKey: 'state' })).toBe('state');
  c.configure({ get: (k) => (k === 'toy:apiKey' ? 'configured' : undefined) });
  expect(c.keyFor({ apiKey: 'state' })).toBe('configured');
  process.env.TOY_API_KEY = 'env';
  expect(c.keyFor({ apiKey: 'state' })).toBe('env');
  c.configure({ get: () => { throw new Error('never configured'); } });
  delete process.env.TOY_API_KEY;
  expect(c.keyFor({ apiKey: 'state' })).toBe('state');
});

test('diffProps: empty and missing are equal, key order is not a change, inPlace updates, the rest replaces', () => {
  expect(canon({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  expect(diffProps({ tags: {}, list: [] }, {}, ['tags', 'list'], [])).toEqual({ changes: false, replaces: [], updates: [] });
  expect(diffProps({ name: 'a', region: 'x' }, { name: 'b', region: 'y' }, ['name', 'region'], ['name'])).toEqual({ changes: true, replaces: ['region'], updates: ['name'] });
  // Numbers and booleans are values, not empty objects: 50 → 80, 0 → 1 and false → true are changes.
  expect(diffProps({ limit: 50, n: 0, on: false }, { limit: 80, n: 1, on: true }, ['limit', 'n', 'on'], ['limit', 'n', 'on'])).toEqual({ changes: true, replaces: [], updates: ['limit', 'n', 'on'] });
  expect(diffProps({ limit: 50 }, { limit: 50 }, ['limit'], [])).toMatchObject({ changes: false });
});

test('state: stamped with the version; state without one is version 0', () => {
  expect(versioned({ a: 1 }, 2)).toEqual({ a: 1, schemaVersion: 2 });
  expect(stateVersionOf({ a: 1 })).toBe(0);
});

test('state: no undefined field reaches the engine (its Struct encoding rejects the whole answer)', () => {
  const outs = versioned({ a: 1, description: undefined, n: null }, 1);
  expect(Object.keys(outs)).toEqual(['a', 'n', 'schemaVersion']);
});

test('createOrAdopt: a 5xx create is followed by a look by name; a second create only when it is not there', async () => {
  let clock = 0;
  const o = { now: () => clock, sleep: async (ms: number) => void (clock += ms), pollIntervalMs: 10, onEvent: () => undefined };
  const made: string[] = [];
  let lost = true;
  const adopted = await createOrAdopt(o, 'thing', async () => made[0], async () => {
    made.push('t1');
    if (lost) {
      lost = false;
      throw new ServiceError('toy', 'POST', '/things', 1, 503, undefined, undefined, undefined);
    }
    return 't1';
  });
  expect([adopted, made]).toEqual(['t1', ['t1']]);
  await expect(poll(o, 25, 'nothing', async () => undefined)).rejects.toBeInstanceOf(PollTimeout);
});
