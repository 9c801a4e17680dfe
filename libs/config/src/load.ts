import type * as Pulumi from '@pulumi/pulumi';
import type { z } from 'zod';
import type { Namespace } from './define';
import { ConfigError, validateConfig } from './validate';

/** Typed config as a stack program sees it: secret keys are `Output`s marked secret, the rest plain values. */
export type LoadedConfig<NS extends Namespace> = {
  [K in keyof NS['keys']]: NS['keys'][K]['secret'] extends true
    ? NS['keys'][K]['optional'] extends true
      ? Pulumi.Output<z.infer<NS['keys'][K]['schema']>> | undefined
      : Pulumi.Output<z.infer<NS['keys'][K]['schema']>>
    : NS['keys'][K]['optional'] extends true
      ? z.infer<NS['keys'][K]['schema']> | undefined
      : z.infer<NS['keys'][K]['schema']>;
};

/**
 * The Pulumi SDK, loaded when a program loads its config, not when a tool imports a namespace: the operator tools
 * (ssh-keys, secrets) read namespaces and key locations from this library and must not pay for (or depend on) it.
 */
function sdk(): typeof Pulumi {
  return require('@pulumi/pulumi') as typeof Pulumi;
}

/**
 * Loads a namespace from the stack's Pulumi config (which ESC fills through `environment:` imports, or
 * `Pulumi.<env>.yaml` for `local`). Throws one ConfigError listing every problem. The environment is the
 * current stack name unless given.
 */
export function loadConfig<NS extends Namespace>(ns: NS, opts: { env?: string } = {}): LoadedConfig<NS> {
  const pulumi = sdk();
  const env = opts.env ?? pulumi.getStack();
  // runtime.getConfig reads plaintext without the "secret read as plain" warning; we re-wrap secrets below.
  const result = validateConfig(ns, (key) => pulumi.runtime.getConfig(key), env, {
    presentKeys: Object.keys(pulumi.runtime.allConfig()),
    isSecret: configIsSecret,
  });
  if (!result.ok) throw new ConfigError(ns.name, env, result.problems);
  const loaded: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(ns.keys)) {
    const value = (result.values as Record<string, unknown>)[key];
    loaded[key] = spec.secret && value !== undefined ? pulumi.secret(value) : value;
  }
  return loaded as LoadedConfig<NS>;
}

/**
 * The engine's own record of which config keys are secret (PULUMI_CONFIG_SECRET_KEYS, from `secure:` values and ESC
 * `fn::secret`). Exported by the SDK's runtime but left out of its type declarations.
 */
function configIsSecret(configKey: string): boolean {
  const runtime = sdk().runtime as unknown as { isConfigSecret?: (k: string) => boolean };
  // An SDK without it cannot tell: assume secret rather than refuse every stack.
  return runtime.isConfigSecret ? runtime.isConfigSecret(configKey) : true;
}
