/**
 * Lambda Cloud API access for the provider runtime, on @sophia-ai/dynamic-provider's API client: base URL
 * (LAMBDA_API_URL) and every duration (LAMBDA_<NAME>_MS) read at call time, one pacer per process.
 */
import { ApiClient, defineApi, type OptionsOf, type ResolvedOf } from '@sophia-ai/dynamic-provider/src/runtime';
import { ServiceError } from '@sophia-ai/http';

export { createOrAdopt, isConflict, poll, PollTimeout, retryConflicts } from '@sophia-ai/dynamic-provider/src/runtime';

export const DEFAULT_LAMBDA_API_URL = 'https://cloud.lambda.ai';

/** Pacer keys: every request, and launches (which also count as a request). */
export const ANY = 'lambda';
export const LAUNCH = 'launch';

type LambdaDuration = 'bootTimeoutMs' | 'launchIntervalMs' | 'launchReconcileMs';

export const lambda = defineApi<LambdaDuration>({
  service: ANY,
  envPrefix: 'LAMBDA',
  defaultBaseUrl: DEFAULT_LAMBDA_API_URL,
  pathPrefix: '/api/v1',
  durations: {
    /** Wait between status polls. */
    pollIntervalMs: 10_000,
    /** Give up waiting for `active` after this long. */
    bootTimeoutMs: 20 * 60_000,
    /** Give up waiting for termination / in-use resources after this long. */
    settleTimeoutMs: 10 * 60_000,
    /** Min ms between launches: the spec's 1 per 12 s plus a margin. */
    launchIntervalMs: 13_000,
    /** Min ms between any two requests: "about one request per second". */
    requestIntervalMs: 1_000,
    /** After a launch whose outcome is unknown, look for its token this long before concluding. */
    launchReconcileMs: 5 * 60_000,
    /** Per-request timeout. */
    timeoutMs: 30_000,
  },
  paceKeys: { [LAUNCH]: 'launchIntervalMs' },
  unwrap(body) {
    if (body && typeof body === 'object' && 'data' in body) return (body as { data: unknown }).data;
    throw new Error('Lambda API answered without a {data} envelope');
  },
  missingKey: 'Lambda API key is missing: set lambda-labs:apiKey (ESC sophia-ai/secrets-<env>, GitHub secret LAMBDA_API_KEY)',
});

/** Tunables; every field optional (env LAMBDA_<NAME>_MS, then the defaults above). */
export type RuntimeOptions = OptionsOf<LambdaDuration>;
export type Resolved = ResolvedOf<LambdaDuration>;

export const resolveOptions = (o?: RuntimeOptions): Resolved => lambda.resolveOptions(o);

/** The Lambda client: `{data}` envelopes unwrapped, errors as ServiceError with Lambda's code. */
export class LambdaApi extends ApiClient<LambdaDuration> {
  constructor(apiKey: string, opts: Resolved) {
    super(lambda, apiKey, opts);
  }
  /**
   * The launch: paced under LAUNCH (the 12 s window with a margin), so a retried 429 never lands inside the
   * window, whether or not the answer carried Retry-After; every attempt also takes its turn under ANY.
   */
  launch<T>(body: unknown): Promise<T> {
    return this.post<T>('/instance-operations/launch', body, { paceKeys: [LAUNCH] });
  }
}

export function lambdaApi(apiKey: string, opts: RuntimeOptions = {}): LambdaApi {
  return new LambdaApi(apiKey, resolveOptions(opts));
}

/** True when the API says the object does not exist (404, or 400 with that code). */
export function isGone(err: unknown): boolean {
  return err instanceof ServiceError && (err.status === 404 || err.code === 'global/object-does-not-exist');
}
