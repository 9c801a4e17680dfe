/**
 * Which credential a provider call uses. `refresh` and `destroy` do not run the program, so the key in a
 * resource's state may be one that was rotated or revoked since. Read at call time, in this order:
 * 1. the environment variable (CI and operators set it explicitly);
 * 2. the configuration the engine hands the dynamic providers (`configure`). Careful: on a plain `refresh` or
 *    `destroy` the engine configures them with the provider inputs recorded in state at the last `up` (checked
 *    on the real engine v3.248.0); the current stack configuration arrives with `--run-program` (or after `up`);
 * 3. the resource's own state/inputs, as a fallback for old state and unconfigured hosts.
 */
import type { ProviderConfig, Props } from './types';

export interface CredentialSource {
  /** Full config key, e.g. `lambda-labs:apiKey`. */
  configKey: string;
  /** Environment variable that wins over everything, e.g. `LAMBDA_API_KEY`. */
  env: string;
  /** Secret input/state property holding the key (default `apiKey`). */
  prop?: string;
}

export interface Credentials {
  readonly source: Required<CredentialSource>;
  /** The runtime's `configure`: remembers the configured key (the engine calls it before any other call). */
  configure(config: ProviderConfig): void;
  /** Forgets the configured key (tests). */
  reset(): void;
  /** The key to call the API with for a resource whose state/inputs are `props`. */
  keyFor(props: Props): string;
}

export function defineCredentials(source: CredentialSource): Credentials {
  const s = { prop: 'apiKey', ...source };
  let configured: string | undefined;
  return {
    source: s,
    configure(config) {
      let value: string | undefined;
      try {
        value = config.get(s.configKey);
      } catch {
        value = undefined; // a host that was never sent the configuration (Configure RPC) has none to read
      }
      configured = typeof value === 'string' && value !== '' ? value : undefined;
    },
    reset() {
      configured = undefined;
    },
    keyFor(props) {
      const env = process.env[s.env];
      return (env ? env : undefined) ?? configured ?? (props[s.prop] as string);
    },
  };
}
