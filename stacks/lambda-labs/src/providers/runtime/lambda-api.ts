/**
 * Lambda Cloud API access for the dynamic providers, on @sophia-ai/http. Loaded at call time inside provider
 * methods (never captured in a serialized closure). The base URL is read from LAMBDA_API_URL at call time.
 */
import { auth, HttpClient, type HttpEvent, isOutcomeUnknown, Pacer, ServiceError } from '@sophia-ai/http';

export const DEFAULT_LAMBDA_API_URL = 'https://cloud.lambda.ai';

/** Tunables; every field optional. Tests inject sleep/clock and short intervals; real runs use env/defaults. */
export interface RuntimeOptions {
  baseUrl?: string;
  /** Wait between status polls (default LAMBDA_POLL_INTERVAL_MS or 10 000). */
  pollIntervalMs?: number;
  /** Give up waiting for `active` after this long (default LAMBDA_BOOT_TIMEOUT_MS or 20 min). */
  bootTimeoutMs?: number;
  /** Give up waiting for termination / in-use resources after this long (default 10 min). */
  settleTimeoutMs?: number;
  /** Min ms between launches (default LAMBDA_LAUNCH_INTERVAL_MS or 13 000: the spec's 1 per 12 s plus a margin). */
  launchIntervalMs?: number;
  /** Min ms between any two requests (default LAMBDA_REQUEST_INTERVAL_MS or 1 000: "about one request per second"). */
  requestIntervalMs?: number;
  /** After a launch whose outcome is unknown, look for its token this long before concluding (default 5 min). */
  launchReconcileMs?: number;
  /** Per-request timeout (default 30 000). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  onEvent?: (event: HttpEvent | { type: 'info'; message: string }) => void;
  /** Shared pacer (default: one per process, so concurrent creates in one provider host are paced). */
  pacer?: Pacer;
  /** Max attempts per request (default 6). */
  maxAttempts?: number;
}

function envNumber(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export interface Resolved extends Required<Omit<RuntimeOptions, 'baseUrl' | 'onEvent' | 'pacer' | 'random'>> {
  baseUrl: string;
  onEvent: NonNullable<RuntimeOptions['onEvent']>;
  pacer: Pacer;
  random?: () => number;
}

let processPacer: Pacer | undefined;

/** Pacer keys: every request, and launches (which also count as a request). */
export const ANY = 'lambda';
export const LAUNCH = 'launch';

export function resolveOptions(o: RuntimeOptions = {}): Resolved {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = o.now ?? Date.now;
  const launchIntervalMs = o.launchIntervalMs ?? envNumber('LAMBDA_LAUNCH_INTERVAL_MS') ?? 13_000;
  const requestIntervalMs = o.requestIntervalMs ?? envNumber('LAMBDA_REQUEST_INTERVAL_MS') ?? 1_000;
  let pacer = o.pacer;
  if (!pacer) {
    // One pacer per process: every resource the provider host serves shares the account's limits.
    if (!processPacer || processPacer.intervalFor(LAUNCH) !== launchIntervalMs || processPacer.intervalFor(ANY) !== requestIntervalMs) {
      processPacer = new Pacer({ minIntervalMs: { [LAUNCH]: launchIntervalMs, [ANY]: requestIntervalMs } });
    }
    pacer = processPacer;
  }
  return {
    baseUrl: o.baseUrl ?? process.env.LAMBDA_API_URL ?? DEFAULT_LAMBDA_API_URL,
    pollIntervalMs: o.pollIntervalMs ?? envNumber('LAMBDA_POLL_INTERVAL_MS') ?? 10_000,
    bootTimeoutMs: o.bootTimeoutMs ?? envNumber('LAMBDA_BOOT_TIMEOUT_MS') ?? 20 * 60_000,
    settleTimeoutMs: o.settleTimeoutMs ?? envNumber('LAMBDA_SETTLE_TIMEOUT_MS') ?? 10 * 60_000,
    launchIntervalMs,
    requestIntervalMs,
    launchReconcileMs: o.launchReconcileMs ?? envNumber('LAMBDA_LAUNCH_RECONCILE_MS') ?? 5 * 60_000,
    timeoutMs: o.timeoutMs ?? 30_000,
    maxAttempts: o.maxAttempts ?? 6,
    sleep,
    now,
    random: o.random,
    onEvent: o.onEvent ?? (() => undefined),
    pacer,
  };
}

/** Thin typed wrapper: `{data}` envelopes unwrapped, errors as ServiceError with Lambda's code. */
export class LambdaApi {
  readonly http: HttpClient;

  constructor(apiKey: string, readonly opts: Resolved) {
    if (typeof apiKey !== 'string' || apiKey === '') {
      throw new Error('Lambda API key is missing: set lambda-labs:apiKey (ESC sophia-ai/secrets-<env>, GitHub secret LAMBDA_API_KEY)');
    }
    this.http = new HttpClient({
      service: 'lambda',
      baseUrl: opts.baseUrl,
      headers: auth.bearer(apiKey),
      timeoutMs: opts.timeoutMs,
      retry: { maxAttempts: opts.maxAttempts, baseDelayMs: 1000, maxDelayMs: 60_000 },
      pacer: opts.pacer,
      sleep: opts.sleep,
      now: opts.now,
      random: opts.random,
      onEvent: opts.onEvent,
      redact: () => [apiKey],
    });
  }

  // Every attempt of every request is paced under ANY (about 1 request/s per key, shared by the process).
  async get<T>(path: string): Promise<T> {
    return unwrap<T>((await this.http.get(`/api/v1${path}`, { paceKey: ANY })).data);
  }
  async post<T>(path: string, body: unknown, o: { idempotent?: boolean } = {}): Promise<T> {
    return unwrap<T>((await this.http.post(`/api/v1${path}`, body, { ...o, paceKey: ANY })).data);
  }
  /**
   * The launch: paced under LAUNCH (the 12 s window with a margin), so a retried 429 never lands inside the
   * window, whether or not the answer carried Retry-After; every attempt also takes its turn under ANY.
   */
  async launch<T>(body: unknown): Promise<T> {
    return unwrap<T>((await this.http.post('/api/v1/instance-operations/launch', body, { paceKey: [ANY, LAUNCH] })).data);
  }
  async patch<T>(path: string, body: unknown): Promise<T> {
    // PATCH with a full desired state is idempotent.
    return unwrap<T>((await this.http.patch(`/api/v1${path}`, body, { idempotent: true, paceKey: ANY })).data);
  }
  async delete<T>(path: string): Promise<T> {
    return unwrap<T>((await this.http.delete(`/api/v1${path}`, { paceKey: ANY })).data);
  }
}

function unwrap<T>(body: unknown): T {
  if (body && typeof body === 'object' && 'data' in body) return (body as { data: T }).data;
  throw new Error('Lambda API answered without a {data} envelope');
}

/** True for the documented 409 (`global/internal-error`) of ruleset create/update/delete: re-read and retry. */
export function isConflict(err: unknown): boolean {
  return err instanceof ServiceError && err.status === 409;
}

/** True when the API says the object does not exist (404, or 400 with that code). */
export function isGone(err: unknown): boolean {
  return err instanceof ServiceError && (err.status === 404 || err.code === 'global/object-does-not-exist');
}

export function lambdaApi(apiKey: string, opts: RuntimeOptions = {}): LambdaApi {
  return new LambdaApi(apiKey, resolveOptions(opts));
}

/** `poll` gave up: the awaited state did not come within its bound. */
export class PollTimeout extends Error {}

/** Polls `probe` until it returns a value, bounded by `timeoutMs` of the injected clock. */
export async function poll<T>(o: Resolved, timeoutMs: number, what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = o.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (o.now() >= deadline) throw new PollTimeout(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await o.sleep(o.pollIntervalMs);
  }
}

/**
 * Creates an object the API cannot create idempotently (no idempotency key) without ever making a second one:
 * an existing object carrying our unique name is adopted first; a create whose outcome is unknown (timeout,
 * dropped connection, 5xx) or that conflicted (409) is followed by a look for our name, and created again
 * (bounded) only when it is not there.
 */
export async function createOrAdopt<T>(o: Resolved, what: string, find: () => Promise<T | undefined>, create: () => Promise<T>): Promise<T> {
  const existing = await find();
  if (existing) {
    o.onEvent({ type: 'info', message: `adopted the existing ${what}` });
    return existing;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (err) {
      if (!(isOutcomeUnknown(err) || isConflict(err)) || attempt >= 3) throw err;
      o.onEvent({ type: 'info', message: `create of ${what}: outcome unknown (${(err as Error).name}); looking for it by name` });
      await o.sleep(o.pollIntervalMs);
      const found = await find();
      if (found) {
        o.onEvent({ type: 'info', message: `adopted the ${what} made by the lost request` });
        return found;
      }
    }
  }
}

/** Runs `attempt` again (at most `tries` times, one poll interval apart) while the API answers 409. */
export async function retryConflicts<T>(o: Resolved, attempt: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isConflict(err) || i >= tries) throw err;
      await o.sleep(o.pollIntervalMs);
    }
  }
}
