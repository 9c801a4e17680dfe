/** The estuary kinds against the provider rules of @sophia-ai/dynamic-provider (README "Rules"), on the emulator. */
import { Pacer } from '@sophia-ai/http';
import { describeProviderRules, sandboxFaults, type ProviderUnderTest } from '@sophia-ai/dynamic-provider/src/testing';
import type { KindRuntime } from '@sophia-ai/dynamic-provider';
import { serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox';
import { EstuaryEmulator } from '@sophia-ai/sandbox/src/estuary/emulator';
import * as runtime from './runtime';
import { itemKind } from './item';

// Canaries: two valid keys (the first is rotated to the second); neither may appear in state or closures.
const KEYS = ['canary_estuary_old_Hq7Wn3Kd9Tz2', 'canary_estuary_new_Vb5Rm8Xc1Lp6'] as const;

let emulator: EstuaryEmulator;
let server: RunningEmulator;
const options = (): runtime.RuntimeOptions => ({ baseUrl: server.url, pollIntervalMs: 0, sleep: async () => undefined, pacer: new Pacer({ minIntervalMs: 0 }) });

beforeAll(async () => {
  emulator = new EstuaryEmulator({ apiKeys: [...KEYS] });
  server = await serveEmulator(emulator);
});
afterAll(() => server.close());

describeProviderRules('estuary item', (): ProviderUnderTest<runtime.RuntimeOptions> => ({
  runtime: runtime.item as unknown as KindRuntime<runtime.RuntimeOptions>,
  configure: runtime.configure,
  resetCredentials: runtime.resetCredentials,
  configKey: 'estuary:apiKey',
  provider: itemKind.provider,
  secretOutputs: itemKind.secrets,
  inputs: (apiKey, n) => ({ apiKey, apiUrl: server.url, name: `rules-item-${n}`, description: 'made by the provider rules' }),
  options,
  keys: KEYS,
  emulator: {
    ...sandboxFaults(server, { method: 'POST', path: '/v1/items' }),
    acceptKeys: (keys) => emulator.control({ apiKeys: [...keys] }),
    liveIds: async () => emulator.items().map((i) => i.id),
  },
  async setup() {
    emulator.reset();
  },
}));
