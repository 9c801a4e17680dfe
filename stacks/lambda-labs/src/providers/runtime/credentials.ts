/**
 * Which Lambda API key a provider call uses. `refresh` and `destroy` do not run the program, so the key in a
 * resource's state may be one that was rotated or revoked since. Order:
 * 1. `LAMBDA_API_KEY` from the environment (CI and operators set it explicitly);
 * 2. the configuration the engine hands the dynamic providers (`configure`). Careful: on a plain `refresh` or
 *    `destroy` the engine configures them with the provider inputs recorded in state at the last `up` (checked
 *    on the real engine v3.248.0); the current stack configuration arrives with `--run-program` (or after `up`);
 * 3. the resource's own state, as a fallback for old state and unconfigured hosts.
 */
export const API_KEY_CONFIG = 'lambda-labs:apiKey';
export const API_KEY_ENV = 'LAMBDA_API_KEY';

let configuredKey: string | undefined;

/** Called by the dynamic providers' `configure` with the stack's configuration (full `namespace:key` names). */
export function configure(config: { get(key: string): string | undefined }): void {
  let value: string | undefined;
  try {
    value = config.get(API_KEY_CONFIG);
  } catch {
    value = undefined; // a host that was never sent the configuration (Configure RPC) has none to read
  }
  configuredKey = typeof value === 'string' && value !== '' ? value : undefined;
}

/** Forgets the configured key (tests). */
export function resetCredentials(): void {
  configuredKey = undefined;
}

/** The key to call the API with for a resource whose state/inputs hold `props.apiKey`. */
export function apiKeyFor(props: Record<string, unknown>): string {
  const env = process.env[API_KEY_ENV];
  return (env ? env : undefined) ?? configuredKey ?? (props.apiKey as string);
}
