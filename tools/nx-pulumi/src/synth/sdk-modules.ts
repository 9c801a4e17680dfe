import Module from 'node:module';

/**
 * How each deferred SDK module is stood in for, given the function that loads the real one. A module whose
 * importer copies an export at load time gets a forwarder for it; one kept as a namespace gets a proxy.
 */
const DEFERRED: Record<string, (load: () => Record<string | symbol, unknown>) => object> = {
  // Lists a closure's packages for the closure serializer, which synth never runs (sdk-bookkeeping.ts); it
  // loads npm's arborist, pacote, sigstore and normalize-package-data: 0.25 s. runtime/index.js copies the function.
  'runtime/closure/codePaths': (load) => ({
    computeCodePaths: (...args: unknown[]) => (load().computeCodePaths as (...a: unknown[]) => unknown)(...args),
  }),
  // The Automation API (execa, js-yaml with esprima, tmp, a gRPC server for inline programs): 0.1 s. A program
  // never drives the CLI from inside a run; index.js keeps the namespace as `pulumi.automation`.
  'automation/index': (load) => namespace(load),
};

/**
 * Synth loads the SDK the way the engine does, except that two of its modules that a run never uses (above) load
 * on first use instead of with `@pulumi/pulumi`: this puts a stand-in for each into Node's module cache, before the
 * SDK is first required, and the stand-in loads the real module the first time it is used. The program and every
 * other module, the SDK's included, load exactly as they would.
 *
 * `from`: where to resolve the SDK (the runner's own copy, which the mock runtime loads first). Returns the modules
 * deferred: none when the SDK is already loaded (too late) or cannot be found.
 */
export function deferUnusedSdkModules(from: string = __dirname): string[] {
  const deferred: string[] = [];
  for (const [name, standInFor] of Object.entries(DEFERRED)) {
    let file: string;
    try {
      file = require.resolve(`@pulumi/pulumi/${name}`, { paths: [from] });
    } catch {
      continue;
    }
    if (require.cache[file]) continue;
    let real: Record<string | symbol, unknown> | undefined;
    const load = () => {
      if (!real) {
        delete require.cache[file];
        real = require(file) as Record<string | symbol, unknown>;
      }
      return real;
    };
    const standIn = new Module(file);
    standIn.filename = file;
    standIn.loaded = true;
    standIn.exports = standInFor(load);
    require.cache[file] = standIn;
    deferred.push(name);
  }
  return deferred;
}

/** A module namespace that loads the module on first use. `__esModule` answers without loading: TypeScript's
 * `__importStar` reads it at import time and, seeing it, keeps the namespace as it is. */
function namespace(load: () => Record<string | symbol, unknown>): object {
  return new Proxy(
    {},
    {
      get: (_, key) => (key === '__esModule' ? true : load()[key]),
      has: (_, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Object.getOwnPropertyDescriptor(load(), key);
        // A proxy may not report a property as non-configurable unless its target has it; the target is empty.
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
}
