import { headerCredentials, REDACTED_PLACEHOLDER, scrubSecrets } from '@sophia-ai/redact';
import type { Dispatcher } from 'undici';
import { HttpError, NetworkError, ServiceError, TimeoutError } from './errors';
import type { Pacer } from './pacer';
import { DEFAULT_RETRY, IDEMPOTENT_METHODS, isRetryableStatus, parseRetryAfter, retryDelay, type RetryOptions } from './retry';

// undici (about 100 modules) loads with the first request, not with the program: a stack loads this client with its
// providers' runtime modules, yet only a provider call makes a request, and synth makes none.
const undiciFetch = (): typeof import('undici').fetch => (require('undici') as typeof import('undici')).fetch;

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** What a client reports to its `onEvent` hook. Never contains headers, bodies or query strings. */
export type HttpEvent =
  | { type: 'retry'; service: string; method: string; path: string; attempt: number; delayMs: number; reason: string }
  | { type: 'paced'; service: string; method: string; path: string; key: string; waitedMs: number };

/** The service's error fields, extracted from an error body. */
export interface ParsedServiceError {
  code?: string;
  message?: string;
  suggestion?: string;
}

export interface HttpClientOptions {
  /** Service name used in errors and events, e.g. `lambda`. */
  service: string;
  /** Base URL (or a function read at request time, e.g. `() => process.env.LAMBDA_API_URL ?? '...'`). */
  baseUrl: string | (() => string);
  /**
   * Headers added to every request, typically auth (`Authorization: Bearer ...`). Supplied by the caller;
   * their values are scrubbed from every error message this client produces.
   */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Per-attempt timeout in ms (default 30 000). */
  timeoutMs?: number;
  /** Retry policy (merged over DEFAULT_RETRY). */
  retry?: Partial<RetryOptions>;
  /** Pacer for requests that pass `paceKey`. */
  pacer?: Pacer;
  /** Injectable for tests: wait between attempts. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests: jitter source in [0, 1). */
  random?: () => number;
  /** Injectable clock (Retry-After HTTP-dates). */
  now?: () => number;
  /** Extracts the service's error fields from an error body (default understands `{error:{code,message,suggestion}}` and common shapes). */
  parseError?: (body: unknown) => ParsedServiceError;
  /** Observability hook (retries, pacing). Never receives secrets. */
  onEvent?: (event: HttpEvent) => void;
  /** undici dispatcher (e.g. a test Agent); default the global one. */
  dispatcher?: Dispatcher;
  /** Extra strings to scrub from error messages (e.g. a secret that may be echoed). */
  redact?: () => string[];
}

export interface RequestOptions {
  method: HttpMethod;
  /** Path appended to the base URL, e.g. `/api/v1/instances`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON (`content-type: application/json`). */
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /**
   * Whether repeating this request is harmless. Default: true for GET/HEAD/PUT/DELETE/OPTIONS, false for
   * POST/PATCH. Non-idempotent requests are still retried when the request certainly was not acted on
   * (connection refused, 429 — which means "not processed").
   */
  idempotent?: boolean;
  retry?: Partial<RetryOptions>;
  /** Pace this request under this key (or each of these keys) with the client's pacer: every attempt waits its turn. */
  paceKey?: string | readonly string[];
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or the text when not JSON, or undefined when empty. */
  data: T;
  /** Attempts used. */
  attempts: number;
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/** Default error-body parser: Lambda's `{error:{code,message,suggestion}}`, plus `{code,message}`, `{message}`, `{errors:[...]}`. */
export function defaultParseError(body: unknown): ParsedServiceError {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? { message: body } : {};
  const b = body as Record<string, unknown>;
  const err = b.error;
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    return { code: str(e.code), message: str(e.message), suggestion: str(e.suggestion) };
  }
  if (typeof err === 'string') return { code: str(b.code), message: err };
  if (Array.isArray(b.errors) && b.errors.length) {
    const first = b.errors[0] as Record<string, unknown>;
    return { code: str(first?.code) ?? str(b.code), message: str(first?.message) ?? str(first?.detail) };
  }
  return { code: str(b.code), message: str(b.message) ?? str(b.detail) };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  const message = err instanceof Error ? `${err.message} ${(err.cause as Error | undefined)?.message ?? ''}` : '';
  if (/socket hang up/i.test(message)) return 'ECONNRESET';
  if (/other side closed/i.test(message)) return 'UND_ERR_SOCKET';
  return undefined;
}

/**
 * The shared HTTP client. Stateless apart from its options (and the optional pacer the caller hands it),
 * so it is cheap to create inside a dynamic provider method.
 */
export class HttpClient {
  private readonly retry: RetryOptions;

  constructor(private readonly opts: HttpClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
  }

  get service(): string {
    return this.opts.service;
  }

  baseUrl(): string {
    const b = typeof this.opts.baseUrl === 'function' ? this.opts.baseUrl() : this.opts.baseUrl;
    return b.replace(/\/+$/, '');
  }

  get<T = unknown>(path: string, opts: Omit<RequestOptions, 'method' | 'path'> = {}) {
    return this.request<T>({ ...opts, method: 'GET', path });
  }
  post<T = unknown>(path: string, body?: unknown, opts: Omit<RequestOptions, 'method' | 'path' | 'body'> = {}) {
    return this.request<T>({ ...opts, method: 'POST', path, body });
  }
  put<T = unknown>(path: string, body?: unknown, opts: Omit<RequestOptions, 'method' | 'path' | 'body'> = {}) {
    return this.request<T>({ ...opts, method: 'PUT', path, body });
  }
  patch<T = unknown>(path: string, body?: unknown, opts: Omit<RequestOptions, 'method' | 'path' | 'body'> = {}) {
    return this.request<T>({ ...opts, method: 'PATCH', path, body });
  }
  delete<T = unknown>(path: string, opts: Omit<RequestOptions, 'method' | 'path'> = {}) {
    return this.request<T>({ ...opts, method: 'DELETE', path });
  }

  /** Sends a request, retrying per policy; resolves on 2xx/3xx, throws an HttpError otherwise. */
  async request<T = unknown>(req: RequestOptions): Promise<HttpResponse<T>> {
    const policy: RetryOptions = { ...this.retry, ...req.retry };
    const idempotent = req.idempotent ?? IDEMPOTENT_METHODS.includes(req.method);
    const sleep = this.opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const random = this.opts.random ?? Math.random;
    const now = this.opts.now ?? Date.now;
    const timeoutMs = req.timeoutMs ?? this.opts.timeoutMs ?? 30_000;
    const service = this.opts.service;
    const path = req.path.split('?')[0];

    const paceKeys = req.paceKey === undefined ? [] : typeof req.paceKey === 'string' ? [req.paceKey] : req.paceKey;
    for (let attempt = 1; ; attempt++) {
      for (const key of this.opts.pacer ? paceKeys : []) {
        const waitedMs = await this.opts.pacer!.wait(key);
        if (waitedMs > 0) this.opts.onEvent?.({ type: 'paced', service, method: req.method, path, key, waitedMs });
      }
      let failure: HttpError;
      let retryable: boolean;
      let retryAfterMs: number | undefined;
      try {
        const res = await this.once<T>(req, timeoutMs, attempt);
        if (res.status < 400) return res;
        const parsed = (this.opts.parseError ?? defaultParseError)(res.data);
        retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now());
        failure = new ServiceError(
          service, req.method, path, attempt, res.status,
          parsed.code ? this.scrub(parsed.code) : undefined,
          parsed.message ? this.scrub(parsed.message).slice(0, 500) : undefined,
          parsed.suggestion ? this.scrub(parsed.suggestion).slice(0, 300) : undefined,
          retryAfterMs,
        );
        retryable = isRetryableStatus(res.status, idempotent, policy);
        if (res.status === 429 && retryAfterMs !== undefined && this.opts.pacer) {
          for (const key of paceKeys) this.opts.pacer.defer(key, retryAfterMs);
        }
      } catch (err) {
        if (err instanceof TimeoutError || err instanceof NetworkError) {
          failure = err;
          retryable = idempotent || (err instanceof NetworkError && !err.sent);
        } else throw err;
      }
      if (!retryable || attempt >= policy.maxAttempts) throw failure;
      const delayMs = retryDelay(attempt, policy, retryAfterMs, random);
      if (delayMs === undefined) throw failure; // asked to wait longer than we are willing to
      const reason = failure instanceof ServiceError ? `HTTP ${failure.status}` : failure instanceof TimeoutError ? 'timeout' : `network ${(failure as NetworkError).causeCode ?? 'error'}`;
      this.opts.onEvent?.({ type: 'retry', service, method: req.method, path, attempt, delayMs, reason });
      await sleep(delayMs);
    }
  }

  private async once<T>(req: RequestOptions, timeoutMs: number, attempt: number): Promise<HttpResponse<T>> {
    const url = new URL(this.baseUrl() + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', ...this.baseHeaders(), ...req.headers };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = 'application/json';
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const path = req.path.split('?')[0];
    try {
      const res = await undiciFetch()(url, {
        method: req.method,
        headers,
        body,
        signal: controller.signal,
        ...(this.opts.dispatcher ? { dispatcher: this.opts.dispatcher } : {}),
      });
      const text = await res.text();
      let data: unknown = undefined;
      if (text !== '') {
        try {
          data = JSON.parse(text);
        } catch {
          data = text;
        }
      }
      return { status: res.status, headers: res.headers as unknown as Headers, data: data as T, attempts: attempt };
    } catch (err) {
      if (controller.signal.aborted) throw new TimeoutError(this.opts.service, req.method, path, attempt, timeoutMs);
      const code = causeCode(err);
      throw new NetworkError(this.opts.service, req.method, path, attempt, code, !(code && NOT_SENT_CODES.has(code)));
    } finally {
      clearTimeout(timer);
    }
  }

  private baseHeaders(): Record<string, string> {
    const h = this.opts.headers;
    return (typeof h === 'function' ? h() : h) ?? {};
  }

  /** Removes the credentials of the client's headers and any extra redaction string from a message. */
  private scrub(text: string): string {
    return scrubSecrets(text, [...headerCredentials(this.baseHeaders()), ...(this.opts.redact?.() ?? [])], REDACTED_PLACEHOLDER);
  }
}

/** Authorization header helpers (values supplied by the caller; never logged). */
export const auth = {
  bearer: (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` }),
  basic: (user: string, password = ''): Record<string, string> => ({
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  }),
};
