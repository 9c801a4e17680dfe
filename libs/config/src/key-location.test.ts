import { z } from 'zod';
import { defineNamespace } from './define';
import { escEnvironmentFor, escKeyLocation, whereItBelongs } from './key-location';

const ns = defineNamespace('lambda-labs', {
  apiKey: { schema: z.string(), secret: true, owner: 'secrets-sync', description: 'k' },
  sshPublicKeys: { schema: z.array(z.string()), owner: 'ssh-keys', description: 'k' },
  region: { schema: z.string(), owner: 'esc-stack', description: 'r' },
  keyRotation: { schema: z.record(z.string(), z.unknown()), optional: true, owner: 'rotation', description: 'r' },
  webhookUrl: { schema: z.string(), secret: true, optional: true, owner: 'secrets-sync', description: 'w' },
});

describe('escKeyLocation (the one key → ESC mapping)', () => {
  it('puts rotation records in secrets-<env> under values.pulumiConfig (merged into the service env by its import, no reference)', () => {
    expect(escKeyLocation(ns, 'keyRotation', 'staging')).toEqual({
      configKey: 'lambda-labs:keyRotation',
      env: { org: 'sophia-ai', project: 'sophia-ai', name: 'secrets-staging' },
      path: ['values', 'pulumiConfig', 'lambda-labs:keyRotation'],
      secret: false,
    });
    expect(whereItBelongs(ns, 'keyRotation', 'staging')).toBe('ESC environment sophia-ai/secrets-staging (set by `sophia-secrets rotate`)');
  });

  it('puts an optional synced secret in secrets-<env> under values.pulumiConfig: no reference that could dangle before the sync writes it', () => {
    expect(escKeyLocation(ns, 'webhookUrl', 'dev')).toEqual({
      configKey: 'lambda-labs:webhookUrl',
      env: { org: 'sophia-ai', project: 'sophia-ai', name: 'secrets-dev' },
      path: ['values', 'pulumiConfig', 'lambda-labs:webhookUrl'],
      secret: true,
    });
  });

  it('puts secrets in secrets-<env> under values.<service>.<key>, referenced from the service env', () => {
    const loc = escKeyLocation(ns, 'apiKey', 'dev');
    expect(loc).toEqual({
      configKey: 'lambda-labs:apiKey',
      env: { org: 'sophia-ai', project: 'sophia-ai', name: 'secrets-dev' },
      path: ['values', 'lambda-labs', 'apiKey'],
      secret: true,
      reference: {
        env: { org: 'sophia-ai', project: 'sophia-ai', name: 'lambda-labs-dev' },
        path: ['values', 'pulumiConfig', 'lambda-labs:apiKey'],
        expression: '${["lambda-labs"].apiKey}',
      },
    });
    expect(escEnvironmentFor(ns, 'apiKey', 'dev')).toBe('sophia-ai/secrets-dev');
  });

  it('puts ssh keys and plain config in the service env under values.pulumiConfig', () => {
    for (const key of ['sshPublicKeys', 'region']) {
      const loc = escKeyLocation(ns, key, 'production');
      expect(loc.env.name).toBe('lambda-labs-production');
      expect(loc.path).toEqual(['values', 'pulumiConfig', `lambda-labs:${key}`]);
      expect(loc.reference).toBeUndefined();
    }
    expect(() => escKeyLocation(ns, 'nope', 'dev')).toThrow(/declares no key/);
  });

  it('puts a key of another organisation in that organisation', () => {
    expect(escKeyLocation(ns, 'apiKey', 'dev', 'acme').env).toEqual({ org: 'acme', project: 'sophia-ai', name: 'secrets-dev' });
    expect(escKeyLocation(ns, 'region', 'dev', 'acme').env.org).toBe('acme');
  });

  it('says where a missing value belongs: the sample file for local, else the environment and its writer', () => {
    expect(whereItBelongs(ns, 'apiKey', 'local')).toBe('stacks/lambda-labs/Pulumi.local.yaml (config: lambda-labs:apiKey)');
    expect(whereItBelongs(ns, 'apiKey', 'dev')).toBe('ESC environment sophia-ai/secrets-dev (set by the secrets sync)');
    expect(whereItBelongs(ns, 'sshPublicKeys', 'dev')).toBe('ESC environment sophia-ai/lambda-labs-dev (set by `sophia-ssh-keys push`)');
  });
});
