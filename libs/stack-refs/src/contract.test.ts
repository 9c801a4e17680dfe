import * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';

// Mocks must be installed before any resource is created.
const upstream: Record<string, { outputs: Record<string, unknown>; secret: string[] }> = {
  'sophia-ai/producer/dev': { outputs: { url: 'https://a.example', token: 'CANARY-TOKEN', bad: 42 }, secret: [] },
  // What offline synth hands on from an upstream plan: markers instead of unknown or secret values.
  'sophia-ai/planned/dev': { outputs: { ip: '[unknown]', key: '[secret]', host: 'db.example', user: '[secret]' }, secret: ['key'] },
};

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        if (args.type === 'pulumi:pulumi:StackReference') {
          const name = args.inputs.name as string;
          const stack = upstream[name];
          if (!stack) throw new Error(`no such stack ${name}`);
          return { id: name, state: { name, outputs: stack.outputs, secretOutputNames: stack.secret } };
        }
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    'consumer',
    'dev',
    false,
    'sophia-ai',
  );
});

async function settle<T>(o: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
  // Output internals are the only way to observe secretness without the engine.
  // Both promises reject together on failure; await them together so neither rejection goes unhandled.
  const internal = o as unknown as { promise(): Promise<T>; isSecret: Promise<boolean>; isKnown: Promise<boolean> };
  const [value, secret] = await Promise.all([internal.promise(), internal.isSecret, internal.isKnown]);
  return { value, secret };
}

describe('stack contracts', () => {
  const producer = (async () => (await import('./contract')).defineStackContract)();

  it('builds the stack name from the contract project and the current stack', async () => {
    const { referenceStack, defineStackContract } = await import('./index');
    const contract = defineStackContract({
      project: 'producer',
      description: 'test',
      outputs: { url: { schema: z.string().url(), description: 'u' } },
    });
    const ref = referenceStack(contract);
    expect(ref.stackName).toBe('sophia-ai/producer/dev');
    await expect(settle(ref.output('url'))).resolves.toEqual({ value: 'https://a.example', secret: false });
  });

  it('keeps declared secret outputs secret for the consumer', async () => {
    const defineStackContract = await producer;
    const { referenceStack } = await import('./contract');
    const contract = defineStackContract({
      project: 'producer',
      description: 'test',
      outputs: { token: { schema: z.string(), secret: true, description: 't' } },
    });
    const { value, secret } = await settle(referenceStack(contract).output('token'));
    expect(value).toBe('CANARY-TOKEN');
    expect(secret).toBe(true);
  });

  it('names the stack, the output and the fix when an output is missing', async () => {
    const defineStackContract = await producer;
    const { referenceStack } = await import('./contract');
    const contract = defineStackContract({
      project: 'producer',
      description: 'test',
      outputs: { absent: { schema: z.string(), description: 'a' } },
    });
    await expect(settle(referenceStack(contract).output('absent'))).rejects.toThrow(
      /sophia-ai\/producer\/dev has no output "absent".*nx run producer:up/,
    );
  });

  it('rejects a value that breaks the contract without echoing it', async () => {
    const defineStackContract = await producer;
    const { referenceStack } = await import('./contract');
    const contract = defineStackContract({
      project: 'producer',
      description: 'test',
      outputs: { bad: { schema: z.string(), secret: true, description: 'b' } },
    });
    const err = await settle(referenceStack(contract).output('bad')).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/output "bad" does not match its contract/);
    expect((err as Error).message).not.toContain('42');
  });

  it('declareOutputs wraps secret outputs and refuses a missing one', async () => {
    const defineStackContract = await producer;
    const { declareOutputs } = await import('./contract');
    const contract = defineStackContract({
      project: 'p',
      description: 'test',
      outputs: {
        ip: { schema: z.string(), description: 'i' },
        key: { schema: z.string(), secret: true, description: 'k' },
      },
    });
    const out = declareOutputs(contract, { ip: '10.0.0.1', key: pulumi.output('CANARY') });
    expect(await settle(out.ip)).toEqual({ value: '10.0.0.1', secret: false });
    expect(await settle(out.key)).toEqual({ value: 'CANARY', secret: true });
    expect(() => declareOutputs(contract, { ip: 'x' } as never)).toThrow(/does not set its declared output "key"/);
  });
});

describe('reading an upstream synth plan', () => {
  it('keeps what the upstream plan did not know unknown, and known outputs known', async () => {
    const { referenceStack, defineStackContract } = await import('./index');
    const contract = defineStackContract({
      project: 'planned',
      description: 'test',
      outputs: {
        ip: { schema: z.ipv4(), description: 'i' },
        key: { schema: z.string().startsWith('-----BEGIN'), secret: true, description: 'k' },
        host: { schema: z.string(), description: 'h' },
      },
    });
    const ref = referenceStack(contract);
    const ip = ref.output('ip') as unknown as { isKnown: Promise<boolean> };
    expect(await ip.isKnown).toBe(false);
    // A downstream value built from it is unknown too, so no validation runs on the marker text.
    const url = ref.output('ip').apply((v) => `https://${v}/hook`) as unknown as { isKnown: Promise<boolean> };
    expect(await url.isKnown).toBe(false);
    // The redacted secret marker passes through (still secret) instead of failing the contract.
    expect(await settle(ref.output('key'))).toEqual({ value: '[secret]', secret: true });
    expect(await settle(ref.output('host'))).toEqual({ value: 'db.example', secret: false });
  });
});

describe('a redacted non-secret output', () => {
  it('fails naming the output and the fix instead of handing on the marker as a value', async () => {
    const { referenceStack, defineStackContract } = await import('./index');
    const contract = defineStackContract({
      project: 'planned',
      description: 'test',
      outputs: { user: { schema: z.string(), description: 'u' } },
    });
    await expect(settle(referenceStack(contract).output('user'))).rejects.toThrow(
      /output "user" arrived redacted \("\[secret\]"\) although its contract declares it non-secret/,
    );
  });
});

describe('stackName', () => {
  it('rejects names that Pulumi would reject', async () => {
    const { stackName } = await import('./naming');
    expect(stackName('snowflake', 'production', 'acme')).toBe('acme/snowflake/production');
    expect(() => stackName('bad name', 'dev', 'acme')).toThrow(/Invalid Pulumi project name/);
    expect(() => stackName('ok', 'dev/x', 'acme')).toThrow(/Invalid environment/);
    expect(() => stackName('ok', 'dev', 'a b')).toThrow(/Invalid Pulumi organisation/);
  });
});

describe('resolveOrganization', () => {
  it('is `organization` on every DIY backend, whatever else is configured', async () => {
    const { resolveOrganization } = await import('./naming');
    for (const url of ['file:///tmp/state', 'file://~', 's3://bucket/x', 'gs://b', 'azblob://c', 'postgres://h/db']) {
      expect(resolveOrganization({ env: { PULUMI_BACKEND_URL: url, SOPHIA_PULUMI_ORG: 'acme' }, configured: 'x' })).toBe('organization');
    }
    expect(resolveOrganization({ env: {}, projectBackendUrl: 'file://./state' })).toBe('organization');
  });
  it('else SOPHIA_PULUMI_ORG, then the nx.json option, then sophia-ai', async () => {
    const { resolveOrganization } = await import('./naming');
    const cloud = 'https://api.pulumi.com';
    expect(resolveOrganization({ env: { PULUMI_BACKEND_URL: cloud, SOPHIA_PULUMI_ORG: 'acme' }, configured: 'x' })).toBe('acme');
    expect(resolveOrganization({ env: {}, configured: 'x' })).toBe('x');
    expect(resolveOrganization({ env: {} })).toBe('sophia-ai');
    expect(() => resolveOrganization({ env: { SOPHIA_PULUMI_ORG: 'a/b' } })).toThrow(/Invalid Pulumi organisation in SOPHIA_PULUMI_ORG/);
  });
});

describe('a reference on a DIY backend', () => {
  it('names the organisation the engine runs in, not a fixed one', async () => {
    // What the engine reports on a file:// backend; the reference must follow or the CLI rejects it.
    await pulumi.runtime.setMocks(
      { newResource: (a) => ({ id: a.name, state: { outputs: { url: 'https://a.example' }, secretOutputNames: [] } }), call: (a) => a.inputs },
      'consumer',
      'dev',
      false,
      'organization',
    );
    // Last test of the file: it leaves these mocks installed.
    const { referenceStack, defineStackContract } = await import('./index');
    const contract = defineStackContract({ project: 'producer', description: 't', outputs: {} });
    expect(referenceStack(contract).stackName).toBe('organization/producer/dev');
  });
});
