import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planText, STACKS, synthEveryStack } from './testing/every-stack';

const WORKSPACE = path.resolve(__dirname, '../../../..');

jest.setTimeout(180_000);

describe("synth skips the SDK's own bookkeeping", () => {
  const stackDir = path.join(WORKSPACE, 'stacks', 'lambda-labs');
  /** `module` of a fresh copy of the SDK (one per call), after skipSdkBookkeeping with `env`. */
  function patched(module: string, env: NodeJS.ProcessEnv = {}): any {
    let loaded: unknown;
    jest.isolateModules(() => {
      (require('./sdk-bookkeeping') as typeof import('./sdk-bookkeeping')).skipSdkBookkeeping(stackDir, env);
      loaded = require(require.resolve(`@pulumi/pulumi/${module}`, { paths: [stackDir] }));
    });
    return loaded;
  }

  it('the SDK serializer the program uses answers the plan placeholder, without reading the closure', async () => {
    const serializer = patched('runtime/closure/serializeClosure');
    let read = false;
    const provider = { get create() { read = true; return async () => ({ id: 'x' }); } };
    await expect(serializer.serializeFunction(() => provider, { allowSecrets: true })).resolves.toEqual({ text: '[dynamic provider]', exportName: 'handler', containsSecrets: false });
    expect(read).toBe(false);
  });

  it("the SDK's promises keep their bookkeeping but no stack trace, unless PULUMI_DEBUG_PROMISE_LEAKS asks for them", async () => {
    const limit = Error.stackTraceLimit;
    const skipped = patched('runtime/debuggable');
    const promise = Promise.resolve(42);
    await expect(skipped.debuggablePromise(promise, 'ctx')).resolves.toBe(42);
    expect((promise as unknown as { _debugCtx: string })._debugCtx).toBe('ctx');
    expect((promise as unknown as { _debugStackTrace: string })._debugStackTrace).not.toMatch(/\bat /);
    expect(Error.stackTraceLimit).toBe(limit);

    const kept = patched('runtime/debuggable', { PULUMI_DEBUG_PROMISE_LEAKS: 'true' });
    const traced = Promise.resolve(1);
    await kept.debuggablePromise(traced, 'ctx');
    expect((traced as unknown as { _debugStackTrace: string })._debugStackTrace).toMatch(/\n {4}at /);
  });

  it("resources record no source position (the mock monitor discards it)", () => {
    const { Resource } = patched('resource');
    expect(Resource.callsites()).toEqual([]);
    expect(Resource.stackTrace(0)).toEqual([]);
  });

  // Every shortcut synth takes through the SDK (these and sdk-modules.ts) against the SDK as is.
  it("every stack plans byte for byte as with the SDK's own run (SOPHIA_SYNTH_SDK_AS_IS)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-shortcuts-'));
    try {
      const [asIs, now] = [path.join(dir, 'as-is'), path.join(dir, 'now')];
      expect(STACKS.length).toBeGreaterThanOrEqual(6);
      const order = await synthEveryStack(asIs, { SOPHIA_SYNTH_SDK_AS_IS: 'true' });
      expect([...order].sort()).toEqual([...STACKS].sort());
      expect([...(await synthEveryStack(now))].sort()).toEqual([...STACKS].sort());
      for (const plan of fs.readdirSync(asIs)) {
        expect({ plan, text: planText(now, plan) }).toEqual({ plan, text: planText(asIs, plan) });
      }
      expect(planText(now, 'lambda-labs')).toContain('"__provider": "[dynamic provider]"');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
