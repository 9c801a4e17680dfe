/*
 * The import path, offline: what a stack's `environment: [sophia-ai/<s>-<env>]` gives it. Every committed
 * definition is seeded into the sandbox's ESC emulator beside its secrets environment, the values the other
 * owners write are written where they write them (escKeyLocation, through the sync's store: canaries), and the
 * definition is opened as the engine opens it (imports, references, fn::secret). Its `pulumiConfig` must then hold
 * every key the stack requires (nothing "missing" for the namespace's validator), secrets marked secret.
 * The engine itself cannot take this path offline: with a file:// backend it refuses `environment:` ("backend
 * does not support environments"), which is why the local stacks read Pulumi.local.yaml instead.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { configKey, escKeyLocation, validateConfig } from '@sophia-ai/config';
import { PulumiCloudEscStore } from '@sophia-ai/esc-store';
import { EscEmulator, serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox';
import { SECRETS_SEED } from './components/platform';
import { ESC_ENVIRONMENTS, VALUES_FILE, type ValuesFile } from './definitions';
import { committedDefinitions, readManifest } from './files';
import { discoverServices, WORKSPACE_ROOT } from './services';

const TOKEN = 'pul-open-test-token-Qm3x';
const ORG = 'sophia-ai';
const canary = (service: string, key: string) => `canary-${service}-${key}-Zq8rT4vW1xY6`;
/** A value of the shape the other owner writes (the SSH tool writes a list of base64 keys). */
const written = (service: string, key: string, owner: string): unknown =>
  owner === 'ssh-keys' ? [Buffer.from(`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${'A'.repeat(43)} ${canary(service, key)}`).toString('base64')] : canary(service, key);

interface Value {
  value: unknown;
  secret?: boolean;
}

describe('the generated definitions, opened as a stack imports them', () => {
  const values = YAML.parse(readFileSync(path.join(WORKSPACE_ROOT, VALUES_FILE), 'utf8')) as ValuesFile;
  const emulator = new EscEmulator({ tokens: [TOKEN] });
  let server: RunningEmulator;
  let store: PulumiCloudEscStore;
  const services = discoverServices();
  const manifest = readManifest();

  beforeAll(async () => {
    server = await serveEmulator(emulator);
    store = new PulumiCloudEscStore({ apiUrl: server.url, token: TOKEN, baseDelayMs: 1 });
  });
  afterAll(() => server.close());

  async function open(name: string): Promise<Record<string, Value>> {
    const call = async (method: string, path: string) => {
      const res = await fetch(`${server.url}/api/esc/environments/${ORG}/sophia-ai/${name}${path}`, { method, headers: { Authorization: `token ${TOKEN}` } });
      const body = (await res.json()) as Record<string, unknown>;
      if (res.status !== 200) throw new Error(`${method} ${name}${path}: ${res.status} ${JSON.stringify(body)}`);
      return body;
    };
    const session = (await call('POST', '/open')) as { id: string };
    const { properties } = (await call('GET', `/open/${session.id}`)) as { properties: Record<string, Value> };
    return (properties.pulumiConfig?.value ?? {}) as Record<string, Value>;
  }

  describe.each(ESC_ENVIRONMENTS.map((env) => [env]))('%s', (env) => {
    beforeAll(async () => {
      emulator.reset();
      for (const [name, yaml] of committedDefinitions(env, manifest)) emulator.seed(ORG, 'sophia-ai', name, yaml);
      emulator.seed(ORG, 'sophia-ai', `secrets-${env}`, SECRETS_SEED);
      // What the sync and the SSH tool write, where they write it (required keys only: optional ones are not referenced).
      for (const s of services) {
        for (const [key, spec] of Object.entries(s.namespace.keys)) {
          if (spec.owner === 'esc-stack' || spec.optional) continue;
          const loc = escKeyLocation(s.namespace, key, env);
          await store.update(loc.env, [{ op: 'set', path: loc.path, value: written(s.name, key, spec.owner), secret: loc.secret }]);
        }
      }
    });

    it.each(services.map((s) => [s.name]))('%s: every required key arrives, secrets marked secret and never stored in plain text', async (service) => {
      const ns = services.find((s) => s.name === service)!.namespace;
      const config = await open(`${service}-${env}`);
      const raw = (key: string) => {
        const v = config[key]?.value;
        return v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
      };
      const result = validateConfig(ns, raw, env, { presentKeys: Object.keys(config) });
      const problems = result.ok ? [] : result.problems;
      // A value's shape is the namespace's business (canaries are not API keys); what must not happen is a key the
      // stack needs that the import path does not deliver, or one it delivers that the stack does not declare. The
      // only required keys allowed to be missing are the organisation's own settings values.yaml does not give yet
      // (the definition's header names each with the line to add).
      const notInValues = Object.entries(ns.keys)
        .filter(([key, spec]) => spec.owner === 'esc-stack' && !spec.optional && !spec.schema.safeParse(undefined).success && !(key in (values[env]?.[service] ?? {})))
        .map(([key]) => configKey(ns, key));
      const lost = problems.filter((p) => p.kind === 'unknown' || (p.kind === 'missing' && !notInValues.includes(p.configKey)));
      expect(lost.map((p) => `${p.configKey}: ${p.message}`)).toEqual([]);
      expect(problems.filter((p) => p.kind === 'missing').map((p) => p.configKey).sort()).toEqual([...notInValues].sort());
      for (const key of notInValues) {
        expect(committedDefinitions(env, manifest).get(`${service}-${env}`)).toContain(`${key} (required: set ${env}.${service}.${key.split(':')[1]} in values.yaml)`);
      }
      for (const [key, spec] of Object.entries(ns.keys)) {
        const value = config[`${service}:${key}`];
        if (spec.secret && value) expect({ key, secret: value.secret }).toEqual({ key, secret: true });
        if (spec.owner === 'secrets-sync' && !spec.optional) expect({ key, value: value?.value }).toEqual({ key, value: canary(service, key) });
      }
      for (const name of [`${service}-${env}`, `secrets-${env}`]) {
        for (const [key, spec] of Object.entries(ns.keys)) if (spec.secret) expect(emulator.stored(ORG, 'sophia-ai', name)).not.toContain(canary(service, key));
      }
    });
  });
});
