import type * as pulumi from '@pulumi/pulumi';

/**
 * The serialized dynamic providers. Pulumi serializes a dynamic provider's methods (with everything they
 * capture) into the stack's state, and the engine's dynamic-provider host runs that text. So each method here
 * captures two strings (the runtime module id and the kind) and `loadRuntime`, and loads the runtime at call
 * time with `require`: no credential, client or module state is ever in the closure, and `refresh`/`destroy`
 * of old state run the current runtime (which therefore reads state of every earlier version, see state.ts).
 */

/**
 * Loads a provider runtime module by package id. Serialized by value: keep it self-contained. In the engine's
 * host the workspace package resolves through node_modules; TypeScript sources are compiled on demand with
 * ts-node (transpile-only) when the host has no TypeScript loader registered yet.
 */
export function loadRuntime(id: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any -- whatever module `id` names
  const registerTypeScript = () =>
    require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs', target: 'ES2022' } });
  try {
    // Resolvable as-is when a TypeScript loader is active (the program's ts-node, Jest); not in a bare host.
    require.resolve(id);
  } catch {
    registerTypeScript();
    return require(id);
  }
  try {
    return require(id);
  } catch (err) {
    // `main` pointing at .ts without a loader: the file was found but is not JavaScript.
    if ((err as { name?: string })?.name !== 'SyntaxError') throw err;
    registerTypeScript();
    return require(id);
  }
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the engine hands dynamic providers untyped property bags */
/**
 * The dynamic provider of one kind: `runtime` is the package id of a module exporting `configure` and, under
 * `kind`, a KindRuntime (e.g. `@sophia-ai/lambda-labs/src/providers/runtime`, `sshKey`).
 */
export function dynamicProvider(runtime: string, kind: string): pulumi.dynamic.ResourceProvider {
  // Only `runtime`, `kind` (strings) and `loadRuntime` are captured.
  return {
    async configure(req: pulumi.dynamic.ConfigureRequest) {
      loadRuntime(runtime).configure?.(req.config);
    },
    async check(olds: any, news: any) {
      return loadRuntime(runtime)[kind].check(olds, news);
    },
    async diff(id: string, olds: any, news: any) {
      return loadRuntime(runtime)[kind].diff(id, olds, news);
    },
    async create(inputs: any) {
      return loadRuntime(runtime)[kind].create(inputs);
    },
    async read(id: string, props: any) {
      return loadRuntime(runtime)[kind].read(id, props);
    },
    async update(id: string, olds: any, news: any) {
      return loadRuntime(runtime)[kind].update(id, olds, news);
    },
    async delete(id: string, props: any) {
      await loadRuntime(runtime)[kind].remove(id, props);
    },
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */
