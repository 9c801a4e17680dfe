import * as pulumi from '@pulumi/pulumi';
import { Thing } from './fixtures/tiny-program';
import { redact, startMockRuntime, outputValue, SECRET_PLACEHOLDER, type MockRuntimeOptions } from './index';

const CANARY = 'CANARY-pw-9d41c7';
const TOKEN_CANARY = 'CANARY-token-52be';

const base: MockRuntimeOptions = {
  project: 'tiny',
  stack: 'local',
  organization: 'sophia-ai',
  config: { 'tiny:password': CANARY },
  secretKeys: ['tiny:password'],
  stackOutputs: { 'sophia-ai/producer/local': { url: 'https://producer.example', token: TOKEN_CANARY } },
  secretStackOutputs: { 'sophia-ai/producer/local': ['token'] },
};

// The program module is imported only after the mocks are installed (see README: import order).
async function run(options: MockRuntimeOptions = base) {
  const runtime = await startMockRuntime(options);
  const { tinyProgram } = await import('./fixtures/tiny-program');
  const outputs = await runtime.runStack(tinyProgram);
  const byName = (name: string) => {
    const found = runtime.resources.find((r) => r.name === name);
    if (!found) throw new Error(`no resource ${name}`);
    return found;
  };
  return { runtime, outputs, byName };
}

describe('startMockRuntime', () => {
  it('records real parents and dependencies from the registration requests', async () => {
    const { byName } = await run();
    const stack = byName('tiny-local');
    const baseRes = byName('base');
    const widget = byName('w');
    const child = byName('w-child');
    const tagged = byName('tagged');
    const ref = byName('sophia-ai/producer/local');

    expect(stack.type).toBe('pulumi:pulumi:Stack');
    expect(stack.parent).toBeUndefined();
    expect(widget.parent).toBe(stack.urn);
    expect(child.parent).toBe(widget.urn);
    // The mock monitor's URN scheme (parent's own type + child type), which dependencies refer to.
    expect(child.urn).toBe('urn:pulumi:local::tiny::test:index:Widget$test:index:Child::w-child');
    expect(widget.dependencies).toEqual([baseRes.urn]);
    // Implicit dependency: an input that came from the StackReference.
    expect(tagged.dependencies).toEqual([ref.urn]);
    expect(tagged.propertyDependencies).toEqual({ url: [ref.urn] });
    expect(ref.operation).toBe('read');
    expect(ref.type).toBe('pulumi:pulumi:StackReference');
    expect(widget.custom).toBe(false);
    expect(child.custom).toBe(true);
  });

  it('redacts secrets at any depth and keeps the canary out of the JSON', async () => {
    const { byName } = await run();
    const child = byName('w-child');
    const json = JSON.stringify(redact(child.inputs));
    expect(json).not.toContain(CANARY);
    expect(json).not.toContain('n1');
    // The SDK marks a whole top-level input secret when anything inside it is.
    expect(redact(child.inputs)).toEqual({ nested: SECRET_PLACEHOLDER, password: SECRET_PLACEHOLDER });
  });

  it('serves StackReference outputs, keeping secret outputs secret', async () => {
    const { outputs } = await run();
    expect(outputs.url).toEqual({ value: 'https://producer.example', isSecret: false, isKnown: true });
    expect(outputs.token).toEqual({ value: TOKEN_CANARY, isSecret: true, isKnown: true });
    expect(outputs.childId).toEqual({ value: 'w-child-id', isSecret: false, isKnown: true });
  });

  it('marks the whole outputs map secret when the upstream stack has a secret output', async () => {
    await startMockRuntime(base);
    const ref = new pulumi.StackReference('sophia-ai/producer/local');
    const all = await outputValue(ref.outputs);
    expect(all.isSecret).toBe(true);
    expect(all.value).toEqual({ url: 'https://producer.example', token: TOKEN_CANARY });
  });

  it('fails settle() with an error naming an unknown referenced stack', async () => {
    const runtime = await startMockRuntime({ ...base, stackOutputs: {} });
    const ref = new pulumi.StackReference('sophia-ai/nowhere/local');
    // The read fails and every Output of the reference rejects; observe them all (as the engine's
    // unhandled-rejection handler would) so Jest does not report them as unhandled.
    const observed = Promise.all(
      [ref.urn, ref.id, ref.name, ref.outputs, ref.secretOutputNames].map((o) => outputValue<unknown>(o).catch((e: Error) => e)),
    );
    await expect(runtime.settle()).rejects.toThrow(/unknown stack "sophia-ai\/nowhere\/local"/);
    for (const e of await observed) expect(e).toBeInstanceOf(Error);
  });

  it('reports unknown values in preview without hanging', async () => {
    await startMockRuntime({ ...base, preview: true });
    const res = new Thing('test:index:Thing', 'thing', { size: 1 });
    const missing = (res as unknown as { missing?: pulumi.Output<unknown> }).missing;
    expect(missing).toBeUndefined();
    expect(await outputValue(res.id)).toEqual({ value: 'thing-id', isSecret: false, isKnown: true });
    expect(await outputValue(pulumi.secret('x'))).toEqual({ value: 'x', isSecret: true, isKnown: true });
  });

  it('answers invokes with the configured handler, or echoes the arguments', async () => {
    await startMockRuntime({ ...base, invokes: { 'test:index:getThing': (inputs) => ({ doubled: Number(inputs.n) * 2 }) } });
    expect(await pulumi.runtime.invoke('test:index:getThing', { n: 21 })).toEqual({ doubled: 42 });
    expect(await pulumi.runtime.invoke('test:index:other', { a: 'b' })).toEqual({ a: 'b' });
  });
});

describe('redact', () => {
  const secret = (value: unknown) => ({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value });
  it('replaces nested secrets and the dynamic provider blob, sorting keys', () => {
    const out = redact({ z: 1, __provider: 'exports.handler = ...', a: { b: [secret({ deep: secret('x') })] } });
    expect(out).toEqual({ __provider: '[dynamic provider]', a: { b: ['[secret]'] }, z: 1 });
    expect(Object.keys(out as object)).toEqual(['__provider', 'a', 'z']);
  });
  it('turns unknowns and non-JSON values into stable strings', () => {
    expect(redact([pulumi.unknown, undefined, Infinity, Buffer.from('ab')])).toEqual(['[unknown]', null, 'Infinity', '[2 bytes]']);
  });
});

describe('resolveStackReference', () => {
  it('loads a referenced stack on demand and surfaces its error message', async () => {
    const runtime = await startMockRuntime({
      ...base,
      stackOutputs: {},
      resolveStackReference: (name) => {
        if (name === 'sophia-ai/producer/local') return { outputs: { token: 'T' }, secretOutputNames: ['token'] };
        throw new Error(`no plan for ${name}`);
      },
    });
    const ok = new pulumi.StackReference('sophia-ai/producer/local');
    expect(await outputValue(ok.getOutput('token'))).toEqual({ value: 'T', isSecret: true, isKnown: true });
    const bad = new pulumi.StackReference('sophia-ai/other/local');
    const observed = Promise.all(
      [bad.urn, bad.id, bad.name, bad.outputs, bad.secretOutputNames].map((o) => outputValue<unknown>(o).catch(() => undefined)),
    );
    await expect(runtime.settle()).rejects.toThrow(/no plan for sophia-ai\/other\/local/);
    await observed;
  });
});
