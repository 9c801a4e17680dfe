import * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import { defineNamespace } from './define';
import { loadConfig } from './load';
import { ConfigError } from './validate';

const ns = defineNamespace('svc', {
  apiKey: { schema: z.string(), secret: true, owner: 'secrets-sync', description: 'API key' },
  replicas: { schema: z.number().int(), owner: 'esc-stack', description: 'replicas' },
  tags: { schema: z.array(z.string()), owner: 'esc-stack', description: 'tags' },
  note: { schema: z.string(), optional: true, secret: true, owner: 'secrets-sync', description: 'note' },
});

const valueOf = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

describe('loadConfig under Pulumi mocks', () => {
  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
      'svc',
      'dev',
    );
  });

  it('returns typed config; secret values come back as secret Outputs', async () => {
    pulumi.runtime.setAllConfig(
      { 'svc:apiKey': 'sk_live_8f3b2c7d91e64a05b7c2', 'svc:replicas': '2', 'svc:tags': '["gpu","training"]' },
      ['svc:apiKey'],
    );
    const cfg = loadConfig(ns);
    expect(cfg.replicas).toBe(2);
    expect(cfg.tags).toEqual(['gpu', 'training']);
    expect(cfg.note).toBeUndefined();
    expect(pulumi.Output.isInstance(cfg.apiKey)).toBe(true);
    expect(await pulumi.isSecret(cfg.apiKey)).toBe(true);
    expect(await valueOf(cfg.apiKey)).toBe('sk_live_8f3b2c7d91e64a05b7c2');
  });

  it('throws one ConfigError with every problem, naming the stack env and never the secret', () => {
    pulumi.runtime.setAllConfig({ 'svc:apiKey': 'changeme-CANARY55aa', 'svc:replicas': 'two' }, ['svc:apiKey']);
    let error: unknown;
    try {
      loadConfig(ns);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.env).toBe('dev');
    expect(e.problems.map((p) => `${p.key}:${p.kind}`).sort()).toEqual(['apiKey:placeholder', 'replicas:invalid', 'tags:missing']);
    expect(e.message).toContain('sophia-ai/svc-dev');
    expect(e.message).not.toContain('CANARY55aa');
  });
});
