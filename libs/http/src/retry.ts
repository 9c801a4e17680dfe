/** Retry policy: exponential backoff with full jitter, bounded attempts and delays, Retry-After parsing. */

export interface RetryOptions {
  /** Total attempts including the first (default 5). 1 disables retries. */
  maxAttempts: number;
  /** First backoff ceiling in ms (default 500). */
  baseDelayMs: number;
  /** Largest single wait in ms, for backoff and for Retry-After (default 30 000). A longer Retry-After ends retrying. */
  maxDelayMs: number;
  /** Statuses that are retried (default 408, 425, 429, 500, 502, 503, 504). */
  retryStatuses: readonly number[];
}

export const DEFAULT_RETRY: RetryOptions = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  retryStatuses: [408, 425, 429, 500, 502, 503, 504],
});

export const IDEMPOTENT_METHODS: readonly string[] = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'];

/**
 * Backoff before attempt `attempt + 1` (attempt counts from 1): full jitter,
 * `random() * min(maxDelay, base * 2^(attempt-1))`, never below 1 ms.
 */
export function backoffDelay(attempt: number, opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.floor(random() * ceiling));
}

/**
 * Whether an answer with `status` may be repeated: a status of the policy's list, and for a request that is
 * not idempotent only 429 (which means "not processed").
 */
export function isRetryableStatus(status: number, idempotent: boolean, policy: Pick<RetryOptions, 'retryStatuses'>): boolean {
  return policy.retryStatuses.includes(status) && (idempotent || status === 429);
}

/**
 * Wait before attempt `attempt + 1`: the jittered backoff, but at least what Retry-After asked for. Undefined
 * when Retry-After asks for longer than `maxDelayMs`: stop retrying rather than wait that long.
 */
export function retryDelay(
  attempt: number,
  policy: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxDelayMs) return undefined;
  return Math.max(backoffDelay(attempt, policy, random), retryAfterMs ?? 0);
}

/**
 * Parses a Retry-After header value: delta-seconds (`120`, fractional accepted) or an HTTP-date. Returns
 * milliseconds from `now` (0 for past dates) or undefined when absent/unparseable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
