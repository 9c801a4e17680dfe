import { DYNAMIC_PROVIDER_PLACEHOLDER } from '@sophia-ai/redact';

/** The part of the SDK's closure serializer (runtime/closure/serializeClosure) a dynamic resource calls. */
interface ClosureSerializer {
  serializeFunction(func: unknown, args?: unknown): Promise<{ text: string; exportName: string; containsSecrets: boolean }>;
}

/** runtime/debuggable: wraps every promise the SDK makes, with a stack trace for its leak report. */
interface Debuggable {
  debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
}

/** resource.ts: the call sites of a resource's constructor, for the source position sent with its registration. */
interface ResourceModule {
  Resource: { callsites(): unknown[] };
}

/**
 * Synth skips three things the SDK does for its own bookkeeping, none of which a plan shows (every stack's plan is
 * byte for byte the same with the SDK as is, tested). Loading and compiling the program stay exactly the engine's;
 * the stacks' tests under mocks and the real-engine suites run the SDK as is.
 *
 * The functions patched are the program's own copy of the SDK (resolved from the stack folder), before the program
 * runs; the SDK looks each up on its module or class at every call.
 */
export function skipSdkBookkeeping(stackDir: string, env: NodeJS.ProcessEnv = process.env): void {
  const sdk = (module: string) => require(require.resolve(`@pulumi/pulumi/${module}`, { paths: [stackDir] })) as unknown;
  skipProviderSerialization(sdk('runtime/closure/serializeClosure') as ClosureSerializer);
  if (!env.PULUMI_DEBUG_PROMISE_LEAKS) promisesWithoutTraces(sdk('runtime/debuggable') as Debuggable);
  resourcesWithoutSourcePositions(sdk('resource') as ResourceModule);
}

/**
 * Each `new dynamic.Resource` has the SDK serialize its provider: the serializer opens an inspector session, which
 * replays every script the process has loaded, and parses the provider's source, 0.7–0.9 s of a stack's 2 s synth
 * here. A plan shows `__provider` as "[dynamic provider]" in every plan anyway (libs/pulumi-testing redact).
 */
function skipProviderSerialization(serializer: ClosureSerializer): void {
  serializer.serializeFunction = async () => ({ text: DYNAMIC_PROVIDER_PLACEHOLDER, exportName: 'handler', containsSecrets: false });
}

/**
 * `debuggablePromise` records a stack trace for every promise the SDK makes (several per resource property), which
 * its leak report prints only with PULUMI_DEBUG_PROMISE_LEAKS set (then this is not applied). Taking the trace, and
 * mapping it through source maps under ts-node, was 0.3–0.8 s of a stack's synth here. With a frame limit of 0 the
 * SDK still records the promise, and its leak report still counts it; only the trace is empty.
 */
function promisesWithoutTraces(debuggable: Debuggable): void {
  const original = debuggable.debuggablePromise;
  debuggable.debuggablePromise = (p, ctx) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return original(p, ctx);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
}

/**
 * Every resource's constructor takes an unlimited stack trace, mapped through source maps, for the source position
 * its registration sends the engine; synth's mock monitor discards it (libs/pulumi-testing records no position).
 */
function resourcesWithoutSourcePositions(resource: ResourceModule): void {
  resource.Resource.callsites = () => [];
}
