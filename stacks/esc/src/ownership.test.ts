/*
 * One owner per environment, against the sandbox's ESC emulator and the real store the sync uses (libs/esc-store).
 * The pulumiservice provider plugin cannot run here (no engine-level `up`): this shows what each side writes and
 * why the ignoreChanges the program sets (src/stack.test.ts) is what keeps a sync-written value.
 */
import YAML from 'yaml';
import { escKeyLocation } from '@sophia-ai/config';
import { PulumiCloudEscStore, valueAt } from '@sophia-ai/esc-store';
import { EscEmulator, emulatorCiphertext, serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox';
import { committedDefinitions, expectedFiles, readManifest } from './files';
import { SECRETS_SEED } from './components/platform';
import { definitionFile } from './definitions';
import { discoverServices } from './services';

const TOKEN = 'pul-ownership-test-token';
const CANARY = 'canary_lambda_key_Zr5Tq8Wm2Lp9';

describe('secrets-dev belongs to the sync; lambda-labs-dev to stacks/esc', () => {
  const emulator = new EscEmulator({ tokens: [TOKEN] });
  let server: RunningEmulator;
  let store: PulumiCloudEscStore;
  const lambda = discoverServices().find((s) => s.name === 'lambda-labs')!.namespace;
  const location = escKeyLocation(lambda, 'apiKey', 'dev');
  const serviceBody = committedDefinitions('dev', readManifest()).get('lambda-labs-dev')!;

  beforeAll(async () => {
    server = await serveEmulator(emulator);
    store = new PulumiCloudEscStore({ apiUrl: server.url, token: TOKEN, baseDelayMs: 1 });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    emulator.reset();
    // What the first `up` creates: the committed definition, and the secrets environment with its seed.
    emulator.seed(location.env.org, location.env.project, 'lambda-labs-dev', serviceBody);
    emulator.seed(location.env.org, location.env.project, location.env.name, SECRETS_SEED);
  });

  const stored = (name: string) => emulator.stored(location.env.org, location.env.project, name)!;

  it('the sync writes the secret where the committed definition references it (ciphertext, never plaintext)', async () => {
    await store.update(location.env, [{ op: 'set', path: location.path, value: CANARY, secret: true }]);
    const secrets = YAML.parse(stored(location.env.name));
    expect(valueAt(secrets, location.path)).toEqual({ 'fn::secret': { ciphertext: emulatorCiphertext(CANARY) } });
    expect(stored(location.env.name)).not.toContain(CANARY);
    // The service environment imports secrets-dev and maps the key to stack config by that very path.
    const service = YAML.parse(stored('lambda-labs-dev'));
    expect(service.imports).toEqual(['sophia-ai/secrets-dev']);
    expect(service.values.pulumiConfig['lambda-labs:apiKey']).toBe(location.reference!.expression);
    expect(location.reference!.expression).toBe('${["lambda-labs"].apiKey}');
    expect(location.path).toEqual(['values', 'lambda-labs', 'apiKey']);
  });

  it('regenerating the definitions after a sync write changes nothing: generation reads no ESC, only the namespaces', async () => {
    await store.update(location.env, [{ op: 'set', path: location.path, value: CANARY, secret: true }]);
    const regenerated = expectedFiles();
    expect(regenerated.get(definitionFile('lambda-labs', 'dev'))).toBe(serviceBody);
    // Nothing generated is a secrets environment: there is no file whose body an `up` could write over the sync's.
    expect([...regenerated.keys()].filter((n) => /(^|\/)secrets-/.test(n))).toEqual([]);
    expect([...regenerated.values()].join('\n')).not.toContain(CANARY);
  });

  it('without ignoreChanges, the seed the program holds would wipe the value on the next up: the reason for the option', async () => {
    await store.update(location.env, [{ op: 'set', path: location.path, value: CANARY, secret: true }]);
    const afterSync = (await store.read(location.env))!;
    // The provider's Update sends the whole body (PATCH of the YAML document). Had the engine not ignored the body...
    await store.write(location.env, SECRETS_SEED, afterSync.etag);
    expect(valueAt(YAML.parse(stored(location.env.name)), location.path)).toBeUndefined();
  });

  it('a sync write never touches the service environment stacks/esc owns', async () => {
    await store.update(location.env, [{ op: 'set', path: location.path, value: CANARY, secret: true }]);
    expect(stored('lambda-labs-dev')).toBe(serviceBody);
  });
});
