import { DYNAMIC_PROVIDER_PLACEHOLDER } from '@sophia-ai/redact';

/** The part of the SDK's closure serializer (runtime/closure/serializeClosure) a dynamic resource calls. */
interface ClosureSerializer {
  serializeFunction(func: unknown, args?: unknown): Promise<{ text: string; exportName: string; containsSecrets: boolean }>;
}

/**
 * Synth does not serialize dynamic providers' closures. Each `new dynamic.Resource` has the SDK serialize its
 * provider: the serializer opens an inspector session, which replays every script the process has loaded, and
 * parses the provider's source, 0.7–0.9 s of a stack's 2 s synth on these machines. A plan never shows the result:
 * `__provider` is "[dynamic provider]" in every plan (libs/pulumi-testing redact). Loading and compiling the
 * program stay exactly the engine's; that every provider serializes is proven where it matters, by the stacks'
 * tests under mocks (the SDK's own serializer) and by the real-engine suites.
 *
 * The serializer is the program's own copy of the SDK (resolved from the stack folder), patched before the
 * program runs; the SDK looks `serializeFunction` up on the module at each call (dynamic/index.js).
 */
export function skipProviderSerialization(stackDir: string): void {
  const file = require.resolve('@pulumi/pulumi/runtime/closure/serializeClosure', { paths: [stackDir] });
  const serializer = require(file) as ClosureSerializer;
  serializer.serializeFunction = async () => ({ text: DYNAMIC_PROVIDER_PLACEHOLDER, exportName: 'handler', containsSecrets: false });
}
