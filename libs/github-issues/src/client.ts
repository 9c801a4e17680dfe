/*
 * The one way the repository's tools talk to GitHub's REST API: Octokit with plugin-throttling and plugin-retry.
 * Rate limits (primary: 403/429 with x-ratelimit-remaining 0; secondary: 403 "secondary rate limit"; a bare 429)
 * are waited out as GitHub says (retry-after / x-ratelimit-reset) and the request is sent again, since GitHub did
 * not act on it. 5xx and dropped connections are retried for reads only: a caller passes `request: { retries: 0 }`
 * on a write whose repetition would duplicate something, and settles an ambiguous failure itself (search again).
 * Writes are paced (at least `writeIntervalMs` apart, GitHub's advice for mutative requests; issue and comment
 * creation 3 s apart, plugin-throttling's pacing of requests that notify people).
 */
import type BottleneckType from 'bottleneck';
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { parseRetryAfter } from '@sophia-ai/http';

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
/** Minimum ms between two writes (GitHub: "wait at least one second between each request" that mutates). */
export const DEFAULT_WRITE_INTERVAL_MS = 1000;
/** Give up on a rate limit whose reset is further away than this (seconds). */
const MAX_RATE_LIMIT_WAIT_S = 15 * 60;
const RATE_LIMIT_RETRIES = 3;

const PluggedOctokit = Octokit.plugin(throttling, retry);
/** The throttling plugin's own Bottleneck (its dependency, resolved from it): its write group gets our interval. */
const Bottleneck = require(require.resolve('bottleneck/light', { paths: [require.resolve('@octokit/plugin-throttling')] })) as typeof BottleneckType;

export type GithubClient = InstanceType<typeof PluggedOctokit>;

export interface GithubClientOptions {
  token: string;
  /** Default GITHUB_API_URL, else https://api.github.com. */
  baseUrl?: string;
  userAgent?: string;
  writeIntervalMs?: number;
  /**
   * Minimum ms between two requests that notify people (issue and comment creation): plugin-throttling's own
   * default, 3000, unless set.
   */
  notificationIntervalMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The base URL a client built from `baseUrl` talks to (no trailing slash). */
export const githubBaseUrl = (baseUrl?: string) => (baseUrl ?? process.env.GITHUB_API_URL ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');

export function createGithubClient(opts: GithubClientOptions): GithubClient {
  const wantRetry = (retryAfter: number, retryCount: number) => retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
  const octokit = new PluggedOctokit({
    auth: opts.token,
    baseUrl: githubBaseUrl(opts.baseUrl),
    userAgent: opts.userAgent ?? 'sophia-ai',
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    throttle: {
      onRateLimit: (after: number, _o: unknown, _k: unknown, count: number) => wantRetry(after, count),
      onSecondaryRateLimit: (after: number, _o: unknown, _k: unknown, count: number) => wantRetry(after, count),
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: opts.writeIntervalMs ?? DEFAULT_WRITE_INTERVAL_MS }),
      ...(opts.notificationIntervalMs === undefined ? {} : { notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: opts.notificationIntervalMs }) }),
    } as never,
    // 429 is answered below from its Retry-After (plugin-retry 6 would ignore it); 5xx and dropped connections are
    // retried unless the request says `retries: 0`.
    retry: { doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451] },
  });
  octokit.hook.wrap('request', async (request, options) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(options);
      } catch (e) {
        const err = e as { status?: number; response?: { headers?: Record<string, string> } };
        if (err.status !== 429 || attempt > RATE_LIMIT_RETRIES) throw e;
        const headers = err.response?.headers ?? {};
        const reset = Number(headers['x-ratelimit-reset']);
        const waitMs = parseRetryAfter(headers['retry-after']) ?? (reset ? Math.max(0, reset * 1000 - Date.now()) + 1000 : 60_000);
        if (waitMs > MAX_RATE_LIMIT_WAIT_S * 1000) throw e;
        await sleep(waitMs);
      }
    }
  });
  return octokit;
}

/**
 * Whether a failed request may have been acted on by GitHub: no answer at all (Octokit reports a connection that
 * failed or dropped as status 500 without a response) or a 5xx. A 4xx means GitHub refused it.
 */
export function mayHaveActed(e: unknown): boolean {
  const err = e as { status?: number; response?: unknown };
  return !err.response || (err.status ?? 500) >= 500;
}

/** A GitHub failure as a sentence without headers, tokens or request bodies. */
export class GithubRequestError extends Error {
  constructor(
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'GithubRequestError';
  }
}

export function githubFailure(what: string, e: unknown, hint = ''): GithubRequestError {
  const err = e as { status?: number; message?: string; response?: { data?: { message?: string } } };
  const status = err.response ? err.status : undefined;
  const detail = err.response?.data?.message ?? (status ? '' : `no answer (${String(err.message ?? 'network error').slice(0, 80)})`);
  return new GithubRequestError(status, `GitHub ${what} failed${status ? ` with HTTP ${status}` : ''}${detail ? `: ${detail.slice(0, 200)}` : ''}${hint}`);
}
