/**
 * The kit itself: a well-behaved runtime over an in-memory API passes every rule, and each deliberately broken
 * runtime fails exactly the rule it breaks (so a kind that passes the kit is known to keep the rules).
 */
import * as pulumi from '@pulumi/pulumi';
import { dynamicProvider } from '../loader';
import type { KindRuntime, Props } from '../runtime/types';
import { checkProviderRules, RULES, type ProviderUnderTest, type Rule } from './rules';

const KEYS = ['canary_kit_old_Tg7Rw2Xe9Pq4Mn6B', 'canary_kit_new_Hc3Lz8Vs5Ky1Du0J'] as const;

class Unauthorized extends Error {}
class NotFound extends Error {}
class LostAnswer extends Error {}

/** A toy API: named objects, accepted keys, and a create whose connection drops after it acted. */
class FakeApi {
  objects = new Map<string, { id: string; name: string }>();
  keys = new Set<string>(KEYS);
  dropNext = false;
  drops = 0;
  private seq = 0;
  private auth(key: string) {
    if (!this.keys.has(key)) throw new Unauthorized('HTTP 401 invalid api key');
  }
  create(key: string, name: string) {
    this.auth(key);
    const obj = { id: `obj-${++this.seq}`, name };
    this.objects.set(obj.id, obj);
    if (this.dropNext) {
      this.dropNext = false;
      this.drops++;
      throw new LostAnswer('connection dropped');
    }
    return obj;
  }
  find(key: string, name: string) {
    this.auth(key);
    return [...this.objects.values()].find((o) => o.name === name);
  }
  get(key: string, id: string) {
    this.auth(key);
    const o = this.objects.get(id);
    if (!o) throw new NotFound('HTTP 404');
    return o;
  }
  delete(key: string, id: string) {
    this.auth(key);
    if (!this.objects.delete(id)) throw new NotFound('HTTP 404');
  }
}

/** The rules kept: a caller-chosen name adopted after a lost answer, gone = {}, keys read at call time, versioned. */
function wellBehaved(api: FakeApi) {
  let configured: string | undefined;
  const keyFor = (props: Props) => configured ?? (props.apiKey as string);
  const runtime: KindRuntime<never> = {
    stateVersion: 1,
    async check(_o, news) {
      return { inputs: news, failures: [] };
    },
    async diff() {
      return { changes: false };
    },
    async create(inputs) {
      const key = keyFor(inputs);
      let obj;
      try {
        obj = api.create(key, inputs.name as string);
      } catch (err) {
        if (!(err instanceof LostAnswer)) throw err;
        obj = api.find(key, inputs.name as string);
        if (!obj) throw err;
      }
      return { id: obj.id, outs: { apiKey: inputs.apiKey, name: obj.name, schemaVersion: 1 } };
    },
    async read(id, props) {
      try {
        api.get(keyFor(props), id);
      } catch (err) {
        if (err instanceof NotFound) return {};
        throw err;
      }
      return { id, props };
    },
    async update(_id, olds, news) {
      return { outs: { ...olds, ...news, schemaVersion: 1 } };
    },
    async remove(id, props) {
      try {
        api.delete(keyFor(props), id);
      } catch (err) {
        if (!(err instanceof NotFound)) throw err;
      }
    },
  };
  return {
    runtime,
    configure: (c: { get(k: string): string | undefined }) => void (configured = c.get('fake:apiKey')),
    reset: () => void (configured = undefined),
  };
}

function subject(api: FakeApi, change: (r: KindRuntime<never>) => Partial<KindRuntime<never>> = () => ({}), extra: Partial<ProviderUnderTest> = {}): ProviderUnderTest {
  const good = wellBehaved(api);
  const runtime = { ...good.runtime, ...change(good.runtime) } as KindRuntime<never>;
  return {
    runtime,
    configure: good.configure,
    resetCredentials: good.reset,
    configKey: 'fake:apiKey',
    provider: dynamicProvider('@sophia-ai/dynamic-provider/src/testing/fake-runtime', 'thing'),
    secretOutputs: ['apiKey'],
    inputs: (apiKey, n) => ({ apiKey, name: `thing-${n}` }),
    keys: KEYS,
    emulator: {
      dropNextCreate: () => void (api.dropNext = true),
      clearFaults: () => void (api.dropNext = false),
      dropsInjected: () => api.drops,
      acceptKeys: (keys) => void (api.keys = new Set(keys)),
      liveIds: async (key) => {
        if (!api.keys.has(key)) throw new Unauthorized('401');
        return [...api.objects.keys()];
      },
    },
    ...extra,
  };
}

/** The rules that failed, with their problems. */
async function failed(p: ProviderUnderTest): Promise<Partial<Record<Rule, string>>> {
  return Object.fromEntries((await checkProviderRules(p)).filter((r) => r.problem).map((r) => [r.rule, r.problem]));
}

test('a runtime that keeps the rules passes every one', async () => {
  const results = await checkProviderRules(subject(new FakeApi()));
  expect(results.map((r) => r.rule)).toEqual([...RULES]);
  expect(results.filter((r) => r.problem)).toEqual([]);
});

test('create that retries blindly after a lost answer (two objects) breaks "create adopts" only', async () => {
  const api = new FakeApi();
  const p = subject(api, () => ({
    async create(inputs) {
      let obj;
      try {
        obj = api.create(inputs.apiKey as string, inputs.name as string);
      } catch {
        obj = api.create(inputs.apiKey as string, inputs.name as string);
      }
      return { id: obj.id, outs: { apiKey: inputs.apiKey, name: obj.name, schemaVersion: 1 } };
    },
  }));
  expect(await failed(p)).toEqual({ 'create adopts': expect.stringMatching(/left 2 new object\(s\)/) });
});

test('a create that never meets the fault cannot pass "create adopts" vacuously', async () => {
  const api = new FakeApi();
  const p = subject(api, undefined, { emulator: { ...subject(api).emulator, dropNextCreate: () => undefined } });
  expect(await failed(p)).toEqual({ 'create adopts': expect.stringMatching(/fault was never hit/) });
});

test('read that reports a deleted object as present breaks "read detects deletion"', async () => {
  const p = subject(new FakeApi(), () => ({ read: async (id: string, props: Props) => ({ id, props }) }));
  expect(Object.keys(await failed(p))).toEqual(['read detects deletion']);
});

test('delete that fails on 404 breaks "delete tolerates gone"', async () => {
  const api = new FakeApi();
  const p = subject(api, () => ({ remove: async (id: string, props: Props) => api.delete(props.apiKey as string, id) }));
  const problems = await failed(p);
  expect(problems['delete tolerates gone']).toMatch(/already gone failed: HTTP 404/);
  expect(problems['credentials at call time']).toMatch(/delete after a key rotation did not use the configured key/); // it also ignores configure
});

test('a runtime that uses the key in state (not the configured one) breaks "credentials at call time"', async () => {
  const api = new FakeApi();
  const p = subject(api, (good) => ({
    read: async (id: string, props: Props) => {
      if (!api.keys.has(props.apiKey as string)) throw new Unauthorized('HTTP 401 invalid api key'); // the key in state
      return good.read(id, props);
    },
  }));
  const problems = await failed(p);
  expect(Object.keys(problems)).toEqual(['credentials at call time']);
  expect(problems['credentials at call time']).toMatch(/read after a key rotation did not use the configured key: HTTP 401/);
  expect(JSON.stringify(problems)).not.toContain(KEYS[0]);
});

test('a provider closure that captured the key, or an unmarked output holding it, breaks "no secret in closure or state"', async () => {
  const captured = KEYS[0];
  const leaky: pulumi.dynamic.ResourceProvider = { create: async () => ({ id: captured, outs: {} }) };
  const closure = await failed(subject(new FakeApi(), undefined, { provider: leaky }));
  expect(closure).toEqual({ 'no secret in closure or state': expect.stringMatching(/serialized provider .* contains the credential/) });

  const state = await failed(subject(new FakeApi(), (good) => ({
    create: async (inputs: Props) => {
      const r = await good.create(inputs);
      return { ...r, outs: { ...r.outs, authHeader: `Bearer ${inputs.apiKey}` } };
    },
  })));
  expect(state).toEqual({ 'no secret in closure or state': expect.stringMatching(/outputs "authHeader" hold the credential but are not marked secret/) });
  expect(JSON.stringify(state)).not.toContain(KEYS[0]);
});

test('outputs without the state version break "state versioned"', async () => {
  const p = subject(new FakeApi(), (good) => ({
    create: async (inputs: Props) => {
      const r = await good.create(inputs);
      const outs = { ...r.outs };
      delete outs.schemaVersion;
      return { ...r, outs };
    },
  }));
  expect(await failed(p)).toEqual({ 'state versioned': expect.stringMatching(/create wrote schemaVersion=undefined, expected 1/) });
});
