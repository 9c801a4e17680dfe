/** Every Lambda kind against the provider rules of @sophia-ai/dynamic-provider (README "Rules"), on the emulator. */
import { Pacer } from '@sophia-ai/http';
import { describeProviderRules, sandboxFaults, type ProviderUnderTest } from '@sophia-ai/dynamic-provider/src/testing';
import type { KindRuntime, ResourceKind } from '@sophia-ai/dynamic-provider';
import { LambdaEmulator, serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox';
import * as runtime from './runtime';
import { filesystemKind, firewallKind, instanceKind, sshKeyKind } from './resources';

const KEYS = ['canary_rules_old_Zr5Kq8Wm2Xv7Lp3N', 'canary_rules_new_Jd4Hs9Bt6Yc1Qf8G'] as const;
const PUB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILbIwTlsvGFMjlB+CYFi9KLOIHhjwn7Y/XfIIic985tn sandbox-sample';

let clock = 1_800_000_000_000;
let emulator: LambdaEmulator;
let server: RunningEmulator;

const options = (): runtime.RuntimeOptions => ({
  baseUrl: server.url,
  pollIntervalMs: 1_000,
  launchReconcileMs: 10_000,
  sleep: async (ms) => void (clock += ms),
  now: () => clock,
  random: () => 0.5,
  pacer: new Pacer({ minIntervalMs: 0, now: () => clock }),
});

beforeAll(async () => {
  emulator = new LambdaEmulator({ now: () => clock, apiKeys: [...KEYS], launchWindowMs: 0, bootMs: 5_000, terminateMs: 2_000 });
  server = await serveEmulator(emulator, { now: () => clock });
});
afterAll(() => server.close());

/** Every runtime module, checked against the library's KindRuntime by the compiler. */
const KINDS: Record<string, KindRuntime<runtime.RuntimeOptions>> = { sshKey: runtime.sshKey, firewall: runtime.firewall, filesystem: runtime.filesystem, instance: runtime.instance };

/** A Lambda kind as the kit sees it: its runtime, its serialized provider, the request that creates it, its list. */
function lambdaKind(kind: ResourceKind, create: { method: string; path: string }, list: string, inputs: ProviderUnderTest['inputs']): () => ProviderUnderTest<runtime.RuntimeOptions> {
  return () => ({
    runtime: KINDS[kind.kind],
    configure: runtime.configure,
    resetCredentials: runtime.resetCredentials,
    configKey: 'lambda-labs:apiKey',
    provider: kind.provider,
    secretOutputs: kind.secrets,
    inputs,
    options,
    keys: KEYS,
    emulator: {
      ...sandboxFaults(server, create),
      acceptKeys: (keys) => emulator.control({ apiKeys: [...keys] }),
      liveIds: async (key) => (await runtime.lambdaApi(key, options()).get<Array<{ id: string; status?: string }>>(list)).filter((x) => x.status !== 'terminating').map((x) => x.id),
    },
    async setup() {
      emulator.reset();
      emulator.control({ launchWindowMs: 0, bootMs: 5_000, terminateMs: 2_000 });
      await runtime.sshKey.create({ apiKey: KEYS[0], name: 'rules-launch-key', publicKey: PUB }, options());
    },
  });
}

describeProviderRules(
  'lambda sshKey',
  lambdaKind(sshKeyKind, { method: 'POST', path: '/api/v1/ssh-keys' }, '/ssh-keys', (apiKey, n) => ({ apiKey, name: `rules-key-${n}`, publicKey: PUB })),
);
describeProviderRules(
  'lambda firewall',
  lambdaKind(firewallKind, { method: 'POST', path: '/api/v1/firewall-rulesets' }, '/firewall-rulesets', (apiKey, n) => ({
    apiKey, name: `rules-ssh-${n}`, region: 'us-east-1', rules: [{ protocol: 'tcp', port_range: [22, 22], source_network: '203.0.113.0/24', description: 'SSH' }],
  })),
);
describeProviderRules(
  'lambda filesystem',
  lambdaKind(filesystemKind, { method: 'POST', path: '/api/v1/filesystems' }, '/file-systems', (apiKey, n) => ({ apiKey, name: `rulesData${n}`, region: 'us-east-1' })),
);
describeProviderRules(
  'lambda instance',
  lambdaKind(instanceKind, { method: 'POST', path: '/api/v1/instance-operations/launch' }, '/instances', (apiKey, n) => ({
    apiKey, region: 'us-east-1', instanceType: 'gpu_1x_a10', sshKeyName: 'rules-launch-key', name: `rules-gpu-${n}`, hostname: `rules-gpu-${n}`,
  })),
);
