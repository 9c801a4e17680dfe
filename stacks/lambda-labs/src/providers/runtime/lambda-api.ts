/**
 * Lambda Cloud API access for the dynamic providers, on @sophia-ai/http. Loaded at call time inside provider
 * methods (never captured in a serialized closure). The base URL is read from LAMBDA_API_URL at call time.
 */
import { auth, HttpClient, type HttpEvent, Pacer, ServiceError } from '@sophia-ai/http';

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
  /** Min ms between launches (default LAMBDA_LAUNCH_INTERVAL_MS or 12 000: the spec's 1 per 12 s). */
  launchIntervalMs?: number;
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

export function resolveOptions(o: RuntimeOptions = {}): Resolved {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = o.now ?? Date.now;
  const launchIntervalMs = o.launchIntervalMs ?? envNumber('LAMBDA_LAUNCH_INTERVAL_MS') ?? 12_000;
  let pacer = o.pacer;
  if (!pacer) {
    if (!processPacer || processPacer.intervalFor('launch') !== launchIntervalMs) {
      processPacer = new Pacer({ minIntervalMs: { launch: launchIntervalMs } });
    }
    pacer = processPacer;
  }
  return {
    baseUrl: o.baseUrl ?? process.env.LAMBDA_API_URL ?? DEFAULT_LAMBDA_API_URL,
    pollIntervalMs: o.pollIntervalMs ?? envNumber('LAMBDA_POLL_INTERVAL_MS') ?? 10_000,
    bootTimeoutMs: o.bootTimeoutMs ?? envNumber('LAMBDA_BOOT_TIMEOUT_MS') ?? 20 * 60_000,
    settleTimeoutMs: o.settleTimeoutMs ?? envNumber('LAMBDA_SETTLE_TIMEOUT_MS') ?? 10 * 60_000,
    launchIntervalMs,
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

  async get<T>(path: string): Promise<T> {
    return unwrap<T>((await this.http.get(`/api/v1${path}`)).data);
  }
  async post<T>(path: string, body: unknown, o: { idempotent?: boolean; paceKey?: string } = {}): Promise<T> {
    return unwrap<T>((await this.http.post(`/api/v1${path}`, body, o)).data);
  }
  async patch<T>(path: string, body: unknown): Promise<T> {
    // PATCH with a full desired state is idempotent.
    return unwrap<T>((await this.http.patch(`/api/v1${path}`, body, { idempotent: true })).data);
  }
  async delete<T>(path: string): Promise<T> {
    return unwrap<T>((await this.http.delete(`/api/v1${path}`)).data);
  }
}

function unwrap<T>(body: unknown): T {
  if (body && typeof body === 'object' && 'data' in body) return (body as { data: T }).data;
  throw new Error('Lambda API answered without a {data} envelope');
}

/** True when the API says the object does not exist (404, or 400 with that code). */
export function isGone(err: unknown): boolean {
  return err instanceof ServiceError && (err.status === 404 || err.code === 'global/object-does-not-exist');
}

export function lambdaApi(apiKey: string, opts: RuntimeOptions = {}): LambdaApi {
  return new LambdaApi(apiKey, resolveOptions(opts));
}

/** Polls `probe` until it returns a value, bounded by `timeoutMs` of the injected clock. */
export async function poll<T>(o: Resolved, timeoutMs: number, what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = o.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (o.now() >= deadline) throw new Error(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await o.sleep(o.pollIntervalMs);
  }
}
