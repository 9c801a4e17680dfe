import { z } from 'zod';
import { defineNamespace } from './define';
import { ConfigError, validateConfig } from './validate';

const CANARY = 'CANARY7f3e9a1b2c4d';

// A JSON-valued key owned by a CLI (as lambda-labs:sshPublicKeys is); a local schema, so that this library's tests
// load no service library (libs/ssh-injection tests its own key schema).
const hostnamesSchema = z
  .array(z.string().regex(/^[a-z0-9.-]+$/, 'not a valid hostname'))
  .min(1, 'at least one hostname is required');

const ns = defineNamespace('svc', {
  apiKey: { schema: z.string().regex(/^secret_/), secret: true, owner: 'secrets-sync', githubSecret: 'SVC_API_KEY', description: 'API key' },
  password: { schema: z.string().min(12), secret: true, owner: 'secrets-sync', description: 'DB password' },
  token: { schema: z.string(), secret: true, owner: 'secrets-sync', description: 'token' },
  replicas: { schema: z.number().int().min(1), owner: 'esc-stack', description: 'replica count' },
  hosts: { schema: hostnamesSchema, owner: 'ssh-keys', kind: 'none', description: 'hostnames' },
  region: { schema: z.string().default('us-west-1'), owner: 'esc-stack', description: 'region' },
  note: { schema: z.string(), optional: true, owner: 'esc-stack', description: 'note' },
});

describe('validateConfig error aggregation', () => {
  const raw: Record<string, string> = {
    'svc:apiKey': `wrongprefix-${CANARY}-9d8e7f6a5b4c`, // wrong shape
    'svc:token': `changeme-${CANARY}`, // placeholder
    'svc:replicas': 'three', // wrong type
    'svc:hosts': JSON.stringify([`Bad_Host_${CANARY}`]), // not a hostname
    // svc:password missing
  };

  it('reports every problem at once, each with key, where it belongs and why — never the value', () => {
    const result = validateConfig(ns, (k) => raw[k], 'dev');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byKey = Object.fromEntries(result.problems.map((p) => [p.key, p]));
    expect(Object.keys(byKey).sort()).toEqual(['apiKey', 'hosts', 'password', 'replicas', 'token']);
    expect(byKey.password).toMatchObject({ kind: 'missing', configKey: 'svc:password' });
    expect(byKey.password!.belongsIn).toMatch(/ESC environment sophia-ai\/secrets-dev \(set by the secrets sync\)/);
    expect(byKey.apiKey).toMatchObject({ kind: 'invalid' });
    expect(byKey.apiKey!.belongsIn).toContain('GitHub secret SVC_API_KEY');
    expect(byKey.token).toMatchObject({ kind: 'placeholder' });
    expect(byKey.replicas).toMatchObject({ kind: 'invalid' });
    expect(byKey.replicas!.belongsIn).toMatch(/sophia-ai\/svc-dev \(defined in stacks\/esc\)/);
    expect(byKey.hosts).toMatchObject({ kind: 'invalid' });
    expect(byKey.hosts!.message).toMatch(/0: .*not a valid hostname/);
    expect(byKey.hosts!.belongsIn).toMatch(/sophia-ai\/svc-dev \(set by `sophia-ssh-keys push`\)/);

    const error = new ConfigError(ns.name, 'dev', result.problems);
    expect(error.message).toMatch(/has 5 problems/);
    for (const key of ['svc:apiKey', 'svc:password', 'svc:token', 'svc:replicas', 'svc:hosts']) expect(error.message).toContain(key);
    expect(error.message).not.toContain(CANARY);
    expect(JSON.stringify(result.problems)).not.toContain(CANARY);
  });

  it('names the local sample file for env local', () => {
    const result = validateConfig(ns, () => undefined, 'local');
    expect(result.ok).toBe(false);
    if (!result.ok) for (const p of result.problems) expect(p.belongsIn).toContain('stacks/svc/Pulumi.local.yaml');
  });

  it('returns typed values (JSON-parsed, defaults applied, optional left undefined) when all is well', () => {
    const key = 'gpu-1.example.net';
    const result = validateConfig(
      ns,
      (k) =>
        ({
          'svc:apiKey': 'secret_8f3b2c7d91e64a05b7c2d9e1',
          'svc:password': 'V9q!xR2#mL7$wZ4p',
          'svc:token': 'tk_3Jf8Qz1Lm9Xc4Vb7Nw2R',
          'svc:replicas': '3',
          'svc:hosts': JSON.stringify([key]),
        })[k],
      'dev',
    );
    expect(result).toEqual({
      ok: true,
      values: {
        apiKey: 'secret_8f3b2c7d91e64a05b7c2d9e1',
        password: 'V9q!xR2#mL7$wZ4p',
        token: 'tk_3Jf8Qz1Lm9Xc4Vb7Nw2R',
        replicas: 3,
        hosts: [key],
        region: 'us-west-1',
        note: undefined,
      },
    });
  });
});

describe('validateConfig: secrets in plain text', () => {
  const good: Record<string, string> = {
    'svc:apiKey': `secret_${CANARY}`,
    'svc:password': `long-enough-${CANARY}`,
    'svc:token': `tok-${CANARY}-0a9b8c7d`,
    'svc:replicas': '2',
    'svc:hosts': JSON.stringify(['gpu-1.example.net']),
  };
  const secretKeys = new Set(['svc:apiKey', 'svc:password']); // svc:token set without --secret

  it('outside local, a secret key the engine holds in plain text is refused, naming it and never the value', () => {
    const result = validateConfig(ns, (k) => good[k], 'production', { isSecret: (k) => secretKeys.has(k) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.configKey, p.kind])).toEqual([['svc:token', 'plaintext']]);
    expect(result.problems[0].message).toContain('pulumi config set --secret');
    expect(JSON.stringify(result.problems)).not.toContain(CANARY);
  });

  it('the local sample (sandbox keys) and a caller that cannot tell are not refused', () => {
    expect(validateConfig(ns, (k) => good[k], 'local', { isSecret: (k) => secretKeys.has(k) }).ok).toBe(true);
    expect(validateConfig(ns, (k) => good[k], 'production').ok).toBe(true);
    expect(validateConfig(ns, (k) => good[k], 'production', { isSecret: () => true }).ok).toBe(true);
  });
});
