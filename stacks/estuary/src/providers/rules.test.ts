/** The estuary kinds against the provider rules of @sophia-ai/dynamic-provider (README "Rules"), on the emulator. */
import { Pacer } from '@sophia-ai/http';
import { describeProviderRules, sandboxFaults, type ProviderUnderTest } from '@sophia-ai/dynamic-provider/src/testing';
import type { KindRuntime } from '@sophia-ai/dynamic-provider';
import { serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox';
import { EstuaryEmulator, encodeRefreshToken, SANDBOX_ESTUARY_ANON_KEY, type RefreshToken } from '@sophia-ai/sandbox/src/estuary/emulator';
import * as runtime from './runtime';
import { captureKind, collectionKind } from './resources';

// Canaries: two valid refresh tokens (the first is rotated to the second); neither may appear in state or closures.
const TOKENS: RefreshToken[] = [{ id: '0a1b2c3d4e5f6071', secret: 'canary_estuary_old_Hq7Wn3Kd9Tz2' }, { id: '8192a3b4c5d6e7f8', secret: 'canary_estuary_new_Vb5Rm8Xc1Lp6' }];
const KEYS = TOKENS.map(encodeRefreshToken) as [string, string];
const decode = (key: string) => JSON.parse(Buffer.from(key, 'base64').toString('utf8')) as RefreshToken;
const PASSWORD = 'canary_rules_password_Zr4Tn8Qw';

let emulator: EstuaryEmulator;
let server: RunningEmulator;
const options = (): runtime.RuntimeOptions => ({ baseUrl: `${server.url}/rest/v1`, encryptionUrl: server.url, pollIntervalMs: 0, sleep: async () => undefined, pacer: new Pacer({ minIntervalMs: 0 }) });
const conn = (refreshToken: string) => ({ refreshToken, anonKey: SANDBOX_ESTUARY_ANON_KEY, apiUrl: 'http://127.0.0.1:9/unused', encryptionUrl: 'http://127.0.0.1:9/unused', dataPlane: 'ops/dp/public/gcp-us-central1-c2' });

beforeAll(async () => {
  emulator = new EstuaryEmulator({ refreshTokens: [...TOKENS] });
  server = await serveEmulator(emulator);
});
afterAll(() => server.close());

const common = (kind: 'collection' | 'capture') => ({
  configure: runtime.configure,
  resetCredentials: runtime.resetCredentials,
  configKey: 'estuary:refreshToken',
  options,
  keys: KEYS,
  emulator: {
    ...sandboxFaults(server, { method: 'POST', path: '/rest/v1/publications' }),
    acceptKeys: (keys: readonly string[]) => emulator.control({ refreshTokens: keys.map(decode) }),
    liveIds: async () => emulator.liveSpecs().filter((l) => l.spec_type === kind).map((l) => l.catalog_name),
  },
});

describeProviderRules('estuary collection', (): ProviderUnderTest<runtime.RuntimeOptions> => ({
  ...common('collection'),
  runtime: runtime.collection as unknown as KindRuntime<runtime.RuntimeOptions>,
  provider: collectionKind.provider,
  secretOutputs: collectionKind.secrets,
  inputs: (key, n) => ({ ...conn(key), catalogName: `acme/rules/c${n}`, spec: { key: ['/id'], schema: { type: 'object' } } }),
  async setup() {
    emulator.reset();
    emulator.control({ refreshTokens: [...TOKENS] });
  },
}));

describeProviderRules('estuary capture', (): ProviderUnderTest<runtime.RuntimeOptions> => ({
  ...common('capture'),
  runtime: runtime.capture as unknown as KindRuntime<runtime.RuntimeOptions>,
  provider: captureKind.provider,
  secretOutputs: captureKind.secrets,
  inputs: (key, n) => ({
    ...conn(key),
    catalogName: `acme/rules/pg${n}`,
    spec: { endpoint: { connector: { image: 'ghcr.io/estuary/source-postgres:v5', config: { address: 'db:5432', user: 'flow', database: 'app' } } }, bindings: [{ resource: { stream: 'orders' }, target: 'acme/rules/orders' }], interval: '5m' },
    endpointSecrets: { '/password': PASSWORD },
  }),
  async setup() {
    emulator.reset();
    emulator.control({ refreshTokens: [...TOKENS] });
    await runtime.collection.create({ ...conn(KEYS[0]), catalogName: 'acme/rules/orders', spec: { key: ['/id'], schema: { type: 'object' } } }, options());
  },
}));
