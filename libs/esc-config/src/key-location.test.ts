import { z } from 'zod';
import { defineNamespace, escEnvironmentFor } from '../define';
import { escKeyLocation, escPath, escReference, parseEscEnvName } from './mapping';

const ns = defineNamespace('lambda-labs', {
  apiKey: { schema: z.string(), secret: true, owner: 'secrets-sync', description: 'k' },
  sshPublicKeys: { schema: z.array(z.string()), owner: 'ssh-keys', description: 'k' },
  region: { schema: z.string(), owner: 'esc-stack', description: 'r' },
});

describe('escKeyLocation (the one key → ESC mapping)', () => {
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

  it('builds references and parses names', () => {
    expect(escReference(['snowflake', 'password'])).toBe('${snowflake.password}');
    expect(escPath(['values', 'pulumiConfig', 'lambda-labs:sshPublicKeys'])).toBe('values.pulumiConfig["lambda-labs:sshPublicKeys"]');
    expect(parseEscEnvName('sophia-ai/lambda-labs-dev')).toEqual({ org: 'sophia-ai', project: 'sophia-ai', name: 'lambda-labs-dev' });
    expect(parseEscEnvName('o/p/e')).toEqual({ org: 'o', project: 'p', name: 'e' });
    expect(() => parseEscEnvName('bad name')).toThrow(/Invalid ESC environment/);
  });
});
