import { z } from 'zod';
import YAML from 'yaml';
import { defineNamespace, escKeyLocation } from '@sophia-ai/config';
import { checkValues, definitionFile, ESC_ENVIRONMENTS, escEnvironmentOf, generateDefinitions, keysWrittenByOthers, manifestOf, serviceDefinition } from './definitions';
import { committedFiles, expectedFiles, staleFiles } from './files';
import { plaintextSecretProblems } from './plaintext';
import { discoverServices, type Service } from './services';

const CANARY = 'canary-Zq8rT4vW1xY6pL3m';
const ns = defineNamespace('demo', {
  apiKey: { schema: z.string().min(8), secret: true, owner: 'secrets-sync', githubSecret: 'DEMO_API_KEY', description: 'k' },
  passphrase: { schema: z.string(), secret: true, optional: true, owner: 'secrets-sync', description: 'p' },
  sshPublicKeys: { schema: z.array(z.string()), owner: 'ssh-keys', description: 's' },
  region: { schema: z.string().default('us-east-1'), owner: 'esc-stack', description: 'r' },
  account: { schema: z.string().regex(/^[a-z]+$/), owner: 'esc-stack', description: 'a' },
});
const demo: Service = { name: 'demo', team: 'data', namespace: ns };
const pulumiConfigOf = (yaml: string) => (YAML.parse(yaml) as { values: { pulumiConfig: Record<string, unknown> } }).values.pulumiConfig;

describe('the committed definitions (stacks/<service>/config/esc/<env>.yaml)', () => {
  const services = discoverServices();

  it('cover every stack with a config namespace in every ESC environment', () => {
    expect(services.map((s) => s.name)).toEqual(expect.arrayContaining(['github', 'lambda-labs', 'snowflake']));
    const names = [...committedFiles().keys()];
    for (const s of services) for (const env of ESC_ENVIRONMENTS) expect(names).toContain(definitionFile(s.name, env));
  });

  it('are up to date with the namespaces and values.yaml (else: run `npx nx run esc:environments`)', () => {
    expect(staleFiles(expectedFiles(), committedFiles())).toEqual([]);
  });

  it('hold no plaintext secret', () => {
    const namespaces = services.map((s) => s.namespace);
    const problems = [...committedFiles()].filter(([n]) => n.endsWith('.yaml')).flatMap(([n, text]) => plaintextSecretProblems(n, text, namespaces));
    expect(problems).toEqual([]);
  });
});

describe('serviceDefinition', () => {
  const def = serviceDefinition(demo, 'staging', { account: 'acme' });
  const config = pulumiConfigOf(def.yaml);

  it('imports the secrets environment and maps each key to the stack config name <service>:<key>', () => {
    expect(def.name).toBe('demo-staging');
    expect(YAML.parse(def.yaml).imports).toEqual(['sophia-ai/secrets-staging']);
    expect(Object.keys(config)).toEqual(['demo:apiKey', 'demo:account']);
  });

  it('references a secret where the sync writes it (escKeyLocation), never a value', () => {
    expect(config['demo:apiKey']).toBe(escKeyLocation(ns, 'apiKey', 'staging').reference!.expression);
    expect(def.yaml).toMatch(/# secret, from sophia-ai\/secrets-staging, written by the secrets sync \(GitHub secret DEMO_API_KEY\)/);
  });

  it('sets values from values.yaml, leaves defaults to the namespace, and lists what it does not hold', () => {
    expect(config['demo:account']).toBe('acme');
    expect(def.yaml).toContain('Namespace default applies (not set here): demo:region');
    expect(def.yaml).toContain('demo:sshPublicKeys (written by `sophia-ssh-keys push`)');
    // An optional secret is not referenced: ESC refuses to open an environment with a dangling reference.
    expect(config).not.toHaveProperty('demo:passphrase');
    expect(serviceDefinition(demo, 'dev').yaml).toContain('demo:account (required: set dev.demo.account in values.yaml)');
  });
});

describe('keys another tool writes into the service environment', () => {
  it('are the ssh-keys keys (escKeyLocation puts them in <service>-<env>); the manifest and the header say so', () => {
    expect(keysWrittenByOthers(ns)).toEqual(['demo:sshPublicKeys']);
    expect(manifestOf([demo], []).services.demo).toEqual({ team: 'data', writtenByOthers: ['demo:sshPublicKeys'] });
    expect(serviceDefinition(demo, 'dev').yaml).toContain('created by stacks/esc but NOT rewritten by `up` while another tool writes into it');
    const plain: Service = { name: 'plain', team: 'data', namespace: defineNamespace('plain', { a: { schema: z.string(), owner: 'esc-stack', description: 'a' } }) };
    expect(manifestOf([plain], []).services.plain).toEqual({ team: 'data' });
    expect(serviceDefinition(plain, 'dev').yaml).toContain('owned by stacks/esc (each `up` rewrites the body)');
  });

  it('not rotation records: they live in secrets-<env> (merged in by the import), so the service env stays rewritten and never demands them', () => {
    const rotated: Service = {
      name: 'rotated',
      team: 'data',
      namespace: defineNamespace('rotated', {
        a: { schema: z.string(), owner: 'esc-stack', description: 'a' },
        keyRotation: { schema: z.record(z.string(), z.unknown()), optional: true, owner: 'rotation', description: 'r' },
      }),
    };
    expect(keysWrittenByOthers(rotated.namespace)).toEqual([]);
    expect(manifestOf([rotated], []).services.rotated).toEqual({ team: 'data' });
    const yaml = serviceDefinition(rotated, 'dev', { a: 'x' }).yaml;
    expect(yaml).toContain("rotated:keyRotation (in sophia-ai/secrets-dev's pulumiConfig, written by `sophia-secrets rotate`, merged in through the import)");
    expect(YAML.parse(yaml).values.pulumiConfig).toEqual({ 'rotated:a': 'x' });
  });
});

describe('checkValues (values.yaml against the namespaces)', () => {
  it('accepts a valid non-secret value owned by this stack', () => {
    expect(checkValues({ dev: { demo: { account: 'acme', region: 'eu' } } }, [demo])).toEqual([]);
  });

  it('refuses a secret, a key another tool writes, an unknown key, a bad value, an unknown service or environment: all at once, no value echoed', () => {
    const problems = checkValues(
      {
        dev: { demo: { apiKey: CANARY, sshPublicKeys: [CANARY], nope: 1, account: CANARY }, ghost: {} },
        qa: {},
      },
      [demo],
    );
    expect(problems).toEqual([
      expect.stringMatching(/^dev\.demo\.apiKey: a secret never goes in git/),
      expect.stringMatching(/^dev\.demo\.sshPublicKeys: written by `sophia-ssh-keys push`/),
      expect.stringMatching(/^dev\.demo\.nope: demo declares no key "nope"/),
      expect.stringMatching(/^dev\.demo\.account: invalid/),
      expect.stringMatching(/^dev\.ghost: no stack declares this namespace/),
      expect.stringMatching(/^qa: not an ESC environment/),
    ]);
    expect(problems.join('\n')).not.toContain(CANARY);
  });

  it('makes generation fail naming values.yaml, writing nothing', () => {
    expect(() => generateDefinitions([demo], { dev: { demo: { apiKey: CANARY } } })).toThrow(/stacks\/esc\/values\.yaml has 1 problem/);
  });
});

describe('plaintextSecretProblems', () => {
  const check = (values: unknown) => plaintextSecretProblems('demo-dev.yaml', YAML.stringify({ values }), [ns]);

  it('accepts references, ESC ciphertext and provider calls', () => {
    expect(check({ pulumiConfig: { 'demo:apiKey': '${demo.apiKey}' } })).toEqual([]);
    expect(check({ pulumiConfig: { 'demo:apiKey': { 'fn::secret': { ciphertext: 'ZXNjeAAAAAE=' } } } })).toEqual([]);
    expect(check({ pulumiConfig: { 'demo:apiKey': { 'fn::open::aws-secrets': { get: {} } } } })).toEqual([]);
  });

  it('refuses a secret key written as a value, a plaintext fn::secret anywhere, and credential shapes under any key', () => {
    expect(check({ pulumiConfig: { 'demo:apiKey': CANARY } })).toEqual([expect.stringContaining('values.pulumiConfig["demo:apiKey"] is a secret written as a value')]);
    expect(check({ other: { deep: { 'fn::secret': CANARY } } })).toEqual([expect.stringContaining('values.other.deep is fn::secret with a plaintext value')]);
    expect(check({ note: 'ghp_' + 'a'.repeat(36) })).toEqual(['demo-dev.yaml: values.note holds a GitHub token in plain text']);
    expect(check({ key: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n' })).toEqual([expect.stringContaining('a PEM private key')]);
    expect(check({ pulumiConfig: { 'demo:apiKey': CANARY } }).join('\n')).not.toContain(CANARY);
  });
});

describe('staleFiles', () => {
  it('names files that differ, are missing or are left over', () => {
    const expected = new Map([['a.yaml', '1'], ['b.yaml', '2']]);
    expect(staleFiles(expected, new Map([['a.yaml', '1'], ['b.yaml', 'x'], ['gone.yaml', '3']]))).toEqual(['b.yaml', 'gone.yaml']);
    expect(staleFiles(expected, new Map([['a.yaml', '1']]))).toEqual(['b.yaml']);
    expect(staleFiles(expected, new Map(expected))).toEqual([]);
  });
});

describe('escEnvironmentOf', () => {
  it('is esc:environment when set, else the stack name; any other stack is an error saying which key to set', () => {
    expect(escEnvironmentOf('dev', 'local')).toBe('dev');
    expect(escEnvironmentOf(undefined, 'production')).toBe('production');
    expect(() => escEnvironmentOf(undefined, 'qa')).toThrow(/Stack "qa" is not an ESC environment .*set esc:environment in stacks\/esc\/Pulumi\.qa\.yaml/);
  });
});
