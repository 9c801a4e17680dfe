/**
 * The provider rules (README "Rules") as checks any kind runs against its emulator. Each check drives the
 * kind's runtime the way the engine does (create → read → update → delete, with injected faults and rotated
 * credentials) and reports what broke the rule; none needs Jest (see ./jest.ts for one test per rule).
 */
import * as pulumi from '@pulumi/pulumi';
import { STATE_VERSION_KEY } from '../runtime/state';
import type { KindRuntime, ProviderConfig, Props } from '../runtime/types';

/** The service side: an emulator with fault injection, seen through what the rules need. */
export interface EmulatorUnderTest {
  /** The next request that creates an object of this kind acts, then its connection drops (outcome unknown). */
  dropNextCreate(): void;
  /** Removes every injected fault. */
  clearFaults(): void;
  /** How many connections were dropped so far (so a create that never met the fault cannot pass vacuously). */
  dropsInjected?(): number;
  /** From now on the API accepts only these credentials (a rotation revokes the old key). */
  acceptKeys(keys: readonly string[]): void;
  /** Ids of the objects of this kind that exist at the API now. */
  liveIds(key: string): Promise<string[]>;
  /** Deletes an object behind the provider's back (default: the runtime's own `remove`). */
  deleteOutOfBand?(id: string, key: string): Promise<void>;
}

export interface ProviderUnderTest<O = unknown> {
  /** The kind's runtime module (what the serialized provider loads). */
  runtime: KindRuntime<O>;
  /** The runtime module's `configure` (the engine's Configure call). */
  configure(config: ProviderConfig): void;
  /** Forgets configured credentials (between rules). */
  resetCredentials?(): void;
  /** Config key the credential arrives under in `configure`, e.g. `lambda-labs:apiKey`. */
  configKey: string;
  /** The kind's serialized provider (what the engine stores in state), e.g. ResourceKind.provider. */
  provider: pulumi.dynamic.ResourceProvider;
  /** Outputs the resource marks secret (ResourceKind.secrets). */
  secretOutputs: readonly string[];
  /** Valid inputs using credential `key`; `n` makes names unique between rules. */
  inputs(key: string, n: number): Props;
  /** Runtime options for every call (test clocks, the emulator's URL). */
  options?(): O;
  emulator: EmulatorUnderTest;
  /** Two valid credentials (canaries): the first is used, then rotated to the second. */
  keys: readonly [string, string];
  /** Runs before each rule (e.g. reset the emulator, register what the kind needs). */
  setup?(): Promise<void>;
}

export const RULES = ['create adopts', 'read detects deletion', 'delete tolerates gone', 'credentials at call time', 'no secret in closure or state', 'state versioned'] as const;
export type Rule = (typeof RULES)[number];

export interface RuleResult {
  rule: Rule;
  /** What broke the rule (credentials scrubbed); undefined when it held. */
  problem?: string;
}

class Broken extends Error {}
const expect = (ok: boolean, problem: string) => {
  if (!ok) throw new Broken(problem);
};

type Check = (p: ProviderUnderTest, n: number) => Promise<void>;

/** Creates one object with the first key. */
async function create(p: ProviderUnderTest, n: number) {
  const [key] = p.keys;
  const r = await p.runtime.create(p.inputs(key, n), p.options?.());
  return { id: r.id, outs: r.outs };
}

const checks: Record<Rule, Check> = {
  async 'create adopts'(p, n) {
    const [key] = p.keys;
    const before = new Set(await p.emulator.liveIds(key));
    const drops = p.emulator.dropsInjected?.();
    p.emulator.dropNextCreate();
    const { id } = await create(p, n);
    if (drops !== undefined) expect(p.emulator.dropsInjected!() > drops, 'the dropped-connection fault was never hit: no create request matched it');
    p.emulator.clearFaults();
    const made = (await p.emulator.liveIds(key)).filter((x) => !before.has(x));
    expect(made.length === 1 && made[0] === id, `a create whose answer was lost left ${made.length} new object(s) (${made.join(', ') || 'none'}); expected exactly the one create returned (${id})`);
  },

  async 'read detects deletion'(p, n) {
    const [key] = p.keys;
    const { id, outs } = await create(p, n);
    await (p.emulator.deleteOutOfBand ? p.emulator.deleteOutOfBand(id, key) : p.runtime.remove(id, outs, p.options?.()));
    const r = await p.runtime.read(id, outs, p.options?.());
    expect(!r.id, `read of a deleted object returned id "${r.id}" instead of reporting it gone ({} / no id)`);
  },

  async 'delete tolerates gone'(p, n) {
    const [key] = p.keys;
    const { id, outs } = await create(p, n);
    await (p.emulator.deleteOutOfBand ? p.emulator.deleteOutOfBand(id, key) : p.runtime.remove(id, outs, p.options?.()));
    await p.runtime.remove(id, outs, p.options?.()).catch((err) => {
      throw new Broken(`delete of an object that is already gone failed: ${(err as Error).message}`);
    });
  },

  async 'credentials at call time'(p, n) {
    const [oldKey, newKey] = p.keys;
    const { id, outs } = await create(p, n);
    // The key is rotated: the old one is revoked, the stack's configuration holds the new one; state keeps the old.
    p.emulator.acceptKeys([newKey]);
    p.configure({ get: (k) => (k === p.configKey ? newKey : undefined) });
    const r = await p.runtime.read(id, outs, p.options?.()).catch((err) => {
      throw new Broken(`read after a key rotation did not use the configured key: ${(err as Error).message}`);
    });
    expect(r.id === id, `read after a key rotation reported the object gone (id "${r.id ?? ''}")`);
    await p.runtime.remove(id, outs, p.options?.()).catch((err) => {
      throw new Broken(`delete after a key rotation did not use the configured key: ${(err as Error).message}`);
    });
    expect(!(await p.emulator.liveIds(newKey)).includes(id), `delete after a key rotation left ${id} in place`);
    expect(oldKey !== newKey, 'the two test keys must differ');
  },

  async 'no secret in closure or state'(p, n) {
    const [key] = p.keys;
    p.configure({ get: (k) => (k === p.configKey ? key : undefined) });
    const { outs } = await create(p, n);
    const text = (await pulumi.runtime.serializeFunction(() => p.provider, { allowSecrets: true })).text;
    expect(!p.keys.some((k) => text.includes(k)), 'the serialized provider (stored in state by the engine) contains the credential');
    const plain = Object.entries(outs).filter(([k, v]) => !p.secretOutputs.includes(k) && p.keys.some((c) => JSON.stringify(v ?? null).includes(c)));
    expect(plain.length === 0, `outputs ${plain.map(([k]) => `"${k}"`).join(', ')} hold the credential but are not marked secret (ResourceKind.secrets)`);
  },

  async 'state versioned'(p, n) {
    const version = p.runtime.stateVersion;
    expect(Number.isInteger(version) && version >= 1, `the kind declares no state version (stateVersion = ${String(version)})`);
    const { id, outs } = await create(p, n);
    expect(outs[STATE_VERSION_KEY] === version, `create wrote ${STATE_VERSION_KEY}=${String(outs[STATE_VERSION_KEY])}, expected ${version}`);
    const updated = await p.runtime.update(id, outs, p.inputs(p.keys[0], n), p.options?.());
    expect(updated.outs[STATE_VERSION_KEY] === version, `update wrote ${STATE_VERSION_KEY}=${String(updated.outs[STATE_VERSION_KEY])}, expected ${version}`);
    const legacy = { ...updated.outs };
    delete legacy[STATE_VERSION_KEY];
    const r = await p.runtime.read(id, legacy, p.options?.());
    expect(r.id === id, 'read of state written before versions (no version) lost the object');
  },
};

const scrub = (text: string, secrets: readonly string[]) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);

/** Checks one rule; cleans up what it created (with both keys accepted). */
export async function checkRule(p: ProviderUnderTest, rule: Rule): Promise<RuleResult> {
  const n = RULES.indexOf(rule) + 1;
  p.resetCredentials?.();
  p.emulator.acceptKeys(p.keys);
  p.emulator.clearFaults();
  await p.setup?.();
  try {
    await checks[rule](p, n);
    return { rule };
  } catch (err) {
    const problem = err instanceof Broken ? err.message : `${rule}: the runtime failed: ${(err as Error)?.message ?? String(err)}`;
    return { rule, problem: scrub(problem, p.keys) };
  } finally {
    p.emulator.clearFaults();
    p.emulator.acceptKeys(p.keys);
    p.resetCredentials?.();
    await cleanUp(p);
  }
}

/** Every rule, in order. */
export async function checkProviderRules(p: ProviderUnderTest): Promise<RuleResult[]> {
  const results: RuleResult[] = [];
  for (const rule of RULES) results.push(await checkRule(p, rule));
  return results;
}

/** Deletes whatever the rules left at the API (best effort: the next rule's count must start clean). */
async function cleanUp(p: ProviderUnderTest): Promise<void> {
  const [key] = p.keys;
  for (const id of await p.emulator.liveIds(key).catch(() => [] as string[])) {
    await p.runtime.remove(id, { ...p.inputs(key, 0) }, p.options?.()).catch(() => undefined);
  }
}
