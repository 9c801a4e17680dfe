/**
 * An API client factory for provider runtimes, on @sophia-ai/http. Everything is resolved at call time inside
 * provider methods (never captured in a serialized closure): the base URL (`<PREFIX>_API_URL`), every duration
 * (`<PREFIX>_<NAME>_MS`, e.g. pollIntervalMs → LAMBDA_POLL_INTERVAL_MS) and the credential passed in.
 */
import { auth, HttpClient, type HttpEvent, Pacer, type ParsedServiceError } from '@sophia-ai/http';

/** Durations every API has: status polls, the general request pace, the per-request timeout, settling waits. */
export type BaseDuration = 'pollIntervalMs' | 'requestIntervalMs' | 'timeoutMs' | 'settleTimeoutMs';

export type RuntimeEvent = HttpEvent | { type: 'info'; message: string };

/** Injectables and limits common to every API; each optional. Tests inject sleep/clock; real runs use env/defaults. */
export interface CommonOptions {
  baseUrl?: string;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  onEvent?: (event: RuntimeEvent) => void;
  /** Shared pacer (default: one per service and process, so concurrent calls in one provider host are paced). */
  pacer?: Pacer;
  /** Max attempts per request. */
  maxAttempts?: number;
}

/** Options a runtime call takes: the common ones plus the service's durations (ms). */
export type OptionsOf<D extends string> = CommonOptions & Partial<Record<D | BaseDuration, number>>;

export type ResolvedOf<D extends string> = Required<Omit<CommonOptions, 'random'>> & { random?: () => number } & Record<D | BaseDuration, number>;

export interface ApiDefinition<D extends string> {
  /** Service name: in errors and events, and the pacer key every request takes. */
  service: string;
  /** Environment prefix, e.g. `LAMBDA`: `LAMBDA_API_URL`, `LAMBDA_POLL_INTERVAL_MS`, ... */
  envPrefix: string;
  defaultBaseUrl: string;
  /** Default of every duration (ms). */
  durations: Record<D | BaseDuration, number>;
  /** Pacer keys besides the service's own, each with the duration that is its minimum interval. */
  paceKeys?: Record<string, D | BaseDuration>;
  /** Default max attempts per request (default 6). */
  maxAttempts?: number;
  /** Path prefix of every request, e.g. `/api/v1`. */
  pathPrefix?: string;
  /** Headers authenticating with the key (default Bearer). */
  auth?: (key: string) => Record<string, string>;
  /** Reads the service's error code and message from an error body (default: @sophia-ai/http's parser). */
  parseError?: (body: unknown) => ParsedServiceError;
  /** Unwraps the service's answer envelope (default: the body as is). */
  unwrap?: (body: unknown) => unknown;
  /** Error for a missing credential: where to set it (never the value). */
  missingKey: string;
  /** Backoff between attempts. */
  retryDelayMs?: { base: number; max: number };
}

const envName = (prefix: string, duration: string) => `${prefix}_${duration.replace(/Ms$/, '').replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_MS`;

function envNumber(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export interface Api<D extends string> {
  readonly definition: ApiDefinition<D>;
  /** The options of one call: given ones, else the environment's, else the defaults. */
  resolveOptions(o?: OptionsOf<D>): ResolvedOf<D>;
  /** The env variable overriding a duration (for docs and errors). */
  envFor(duration: D | BaseDuration): string;
}

export function defineApi<D extends string>(def: ApiDefinition<D>): Api<D> {
  let processPacer: Pacer | undefined;
  const paceKeys = { [def.service]: 'requestIntervalMs' as D | BaseDuration, ...def.paceKeys };
  return {
    definition: def,
    envFor: (d) => envName(def.envPrefix, d),
    resolveOptions(o = {}) {
      const durations = {} as Record<D | BaseDuration, number>;
      for (const d of Object.keys(def.durations) as Array<D | BaseDuration>) durations[d] = o[d] ?? envNumber(envName(def.envPrefix, d)) ?? def.durations[d];
      let pacer = o.pacer;
      if (!pacer) {
        // One pacer per process: every resource the provider host serves shares the account's limits.
        const intervals = Object.fromEntries(Object.entries(paceKeys).map(([key, d]) => [key, durations[d]]));
        if (!processPacer || Object.entries(intervals).some(([key, ms]) => processPacer!.intervalFor(key) !== ms)) processPacer = new Pacer({ minIntervalMs: intervals });
        pacer = processPacer;
      }
      return {
        ...durations,
        baseUrl: o.baseUrl ?? process.env[`${def.envPrefix}_API_URL`] ?? def.defaultBaseUrl,
        maxAttempts: o.maxAttempts ?? def.maxAttempts ?? 6,
        sleep: o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
        now: o.now ?? Date.now,
        random: o.random,
        onEvent: o.onEvent ?? (() => undefined),
        pacer,
      };
    },
  };
}

/**
 * A thin typed client: answers unwrapped, errors as @sophia-ai/http ServiceError with the service's code, the
 * key scrubbed from every message, and every attempt of every request paced under the service's key.
 */
export class ApiClient<D extends string = string> {
  readonly http: HttpClient;
  private readonly prefix: string;
  private readonly unwrapBody: (body: unknown) => unknown;

  constructor(readonly api: Api<D>, apiKey: string, readonly opts: ResolvedOf<D>) {
    const def = api.definition;
    if (typeof apiKey !== 'string' || apiKey === '') throw new Error(def.missingKey);
    this.prefix = def.pathPrefix ?? '';
    this.unwrapBody = def.unwrap ?? ((b) => b);
    this.http = new HttpClient({
      service: def.service,
      baseUrl: opts.baseUrl,
      headers: (def.auth ?? auth.bearer)(apiKey),
      timeoutMs: opts.timeoutMs,
      retry: { maxAttempts: opts.maxAttempts, baseDelayMs: def.retryDelayMs?.base ?? 1000, maxDelayMs: def.retryDelayMs?.max ?? 60_000 },
      pacer: opts.pacer,
      sleep: opts.sleep,
      now: opts.now,
      random: opts.random,
      onEvent: opts.onEvent,
      redact: () => [apiKey],
      parseError: def.parseError,
    });
  }

  /** Pacer keys of a request: the service's own, plus `extra` (e.g. a launch window). */
  protected pace(extra: readonly string[] = []): string[] {
    return [this.api.definition.service, ...extra];
  }

  async get<T>(path: string): Promise<T> {
    return this.unwrapBody((await this.http.get(`${this.prefix}${path}`, { paceKey: this.pace() })).data) as T;
  }
  async post<T>(path: string, body: unknown, o: { idempotent?: boolean; paceKeys?: readonly string[] } = {}): Promise<T> {
    return this.unwrapBody((await this.http.post(`${this.prefix}${path}`, body, { idempotent: o.idempotent, paceKey: this.pace(o.paceKeys) })).data) as T;
  }
  /** PATCH with a full desired state is idempotent. */
  async patch<T>(path: string, body: unknown): Promise<T> {
    return this.unwrapBody((await this.http.patch(`${this.prefix}${path}`, body, { idempotent: true, paceKey: this.pace() })).data) as T;
  }
  /** PUT with a full desired state is idempotent. */
  async put<T>(path: string, body: unknown): Promise<T> {
    return this.unwrapBody((await this.http.put(`${this.prefix}${path}`, body, { idempotent: true, paceKey: this.pace() })).data) as T;
  }
  /** DELETE, with a body where the API asks for one (Portkey workspaces: the name, as a confirmation). */
  async delete<T>(path: string, body?: unknown): Promise<T> {
    return this.unwrapBody((await this.http.request({ method: 'DELETE', path: `${this.prefix}${path}`, body, paceKey: this.pace() })).data) as T;
  }
}
