/**
 * The estuary API for the provider runtime, on libs/dynamic-provider's client: base URL and durations read at
 * call time (`ESTUARY_API_URL`, `ESTUARY_<NAME>_MS`), one pacer per process, the key scrubbed from errors.
 */
import { ApiClient, defineApi, type OptionsOf, type Props } from '@sophia-ai/dynamic-provider/src/runtime';
import { ServiceError } from '@sophia-ai/http';
import { apiKeyFor } from './credentials';

export const api = defineApi<never>({
  service: 'estuary',
  envPrefix: 'ESTUARY',
  // Every stack passes `estuary:apiUrl`; this default is only what an unconfigured host would try.
  defaultBaseUrl: 'http://127.0.0.1:4613',
  pathPrefix: '/v1',
  durations: { pollIntervalMs: 2_000, requestIntervalMs: 0, timeoutMs: 30_000, settleTimeoutMs: 5 * 60_000 },
  missingKey: 'estuary API key is missing: set estuary:apiKey (ESC sophia-ai/secrets-<env>, GitHub secret ESTUARY_API_KEY)',
});

export type RuntimeOptions = OptionsOf<never>;

/** A client for the resource whose state/inputs are `props`: its key and URL, unless the environment or `ro` say otherwise. */
export function clientFor(props: Props, ro: RuntimeOptions = {}): ApiClient<never> {
  const baseUrl = ro.baseUrl ?? process.env.ESTUARY_API_URL ?? (props.apiUrl as string | undefined);
  return new ApiClient(api, apiKeyFor(props), api.resolveOptions({ ...ro, baseUrl }));
}

/** True when the API says the object does not exist. */
export const isGone = (err: unknown): boolean => err instanceof ServiceError && err.status === 404;
