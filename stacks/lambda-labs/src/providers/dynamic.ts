import * as pulumi from '@pulumi/pulumi';

/**
 * The serialized dynamic providers. Each method loads the provider runtime at call time with `require`, so
 * the closure Pulumi serializes into state holds only this small loader and no credentials, clients or module
 * state. The API key is read at call time: the stack's current configuration (`configure`, so refresh and
 * destroy after a key rotation use the new key), else LAMBDA_API_KEY, else the secret input in state. In the engine's dynamic-provider host the
 * workspace package resolves through node_modules; TypeScript sources are compiled on demand with ts-node
 * (transpile-only) when the host has no TypeScript loader registered yet.
 *
 * Backwards compatibility: state stores this loader, not the logic; refresh/destroy therefore run the current
 * runtime, which accepts state of every earlier schema version (see runtime/instance.ts INSTANCE_SCHEMA).
 */

type Kind = 'instance' | 'sshKey' | 'firewall' | 'filesystem';

/** Loads `@sophia-ai/lambda-labs/src/providers/runtime`. Serialized by value: keep it self-contained. */
export function loadProviderRuntime(): typeof import('./runtime') {
  const id = '@sophia-ai/lambda-labs/src/providers/runtime';
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
function makeProvider(kind: Kind): pulumi.dynamic.ResourceProvider {
  // Only `kind` (a string) and `loadProviderRuntime` are captured.
  return {
    async configure(req: pulumi.dynamic.ConfigureRequest) {
      loadProviderRuntime().configure(req.config);
    },
    async check(olds: any, news: any) {
      return loadProviderRuntime()[kind].check(olds, news);
    },
    async diff(id: string, olds: any, news: any) {
      return loadProviderRuntime()[kind].diff(id, olds, news);
    },
    async create(inputs: any) {
      return loadProviderRuntime()[kind].create(inputs);
    },
    async read(id: string, props: any) {
      return loadProviderRuntime()[kind].read(id, props) as Promise<pulumi.dynamic.ReadResult>;
    },
    async update(id: string, olds: any, news: any) {
      return loadProviderRuntime()[kind].update(id, olds, news);
    },
    async delete(id: string, props: any) {
      await loadProviderRuntime()[kind].remove(id, props);
    },
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export const instanceProvider = makeProvider('instance');
export const sshKeyProvider = makeProvider('sshKey');
export const firewallProvider = makeProvider('firewall');
export const filesystemProvider = makeProvider('filesystem');
export const providers = { instance: instanceProvider, sshKey: sshKeyProvider, firewall: firewallProvider, filesystem: filesystemProvider };
