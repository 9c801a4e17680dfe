/**
 * Switchable faults in front of an emulator. Each fault may be limited to requests matching a method and/or a
 * path (exact, prefix with a trailing `*`, or a RegExp source in `/.../`). Used in-process by tests and over
 * HTTP (`/_sandbox/faults`) by people.
 */

export interface FaultMatch {
  /** HTTP method, e.g. `POST`. */
  method?: string;
  /** `/api/v1/instance-operations/launch`, `/api/v1/instances*` (prefix) or `/regex/`. */
  path?: string;
}

export interface RateLimitFault extends FaultMatch {
  /** Answer the next N matching requests with 429. */
  next?: number;
  /** Or: allow at most `requests` matching requests per `windowMs`; the rest get 429. */
  limit?: { requests: number; windowMs: number };
  /** Retry-After header value in seconds (default 1); `null` sends no Retry-After. `date: true` sends an HTTP-date. */
  retryAfterSeconds?: number | null;
  date?: boolean;
}

export interface ServerErrorFault extends FaultMatch {
  /** Answer the next N matching requests with `status` (default 503) without calling the emulator. */
  next: number;
  status?: number;
}

export interface DelayFault extends FaultMatch {
  /** Hold the next N matching requests for `ms` before the emulator acts (a client with a shorter timeout gives up first). */
  next: number;
  ms: number;
}

export interface DropFault extends FaultMatch {
  /** For the next N matching requests: let the emulator act, then destroy the socket instead of answering. */
  next: number;
}

export interface FaultState {
  latencyMs: number;
  rateLimit?: RateLimitFault & { hits: number[] };
  serverError?: ServerErrorFault;
  drop?: DropFault;
  delay?: DelayFault;
}

/** Fault settings as accepted by `POST /_sandbox/faults` (all optional; emulator-specific keys pass through). */
export interface FaultSettings {
  latencyMs?: number;
  rateLimit?: RateLimitFault | null;
  serverError?: ServerErrorFault | null;
  drop?: DropFault | null;
  delay?: DelayFault | null;
  /** Emulator knobs, e.g. Lambda's `bootMs`, `unhealthy`, `launchWindowMs`. */
  [emulatorKnob: string]: unknown;
}

export function matches(m: FaultMatch, method: string, path: string): boolean {
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (!m.path) return true;
  if (m.path.length > 2 && m.path.startsWith('/') && m.path.endsWith('/') && !m.path.startsWith('/api')) {
    return new RegExp(m.path.slice(1, -1)).test(path);
  }
  if (m.path.endsWith('*')) return path.startsWith(m.path.slice(0, -1));
  return path === m.path;
}

export class FaultController {
  private state: FaultState = { latencyMs: 0 };
  /** Count of faults actually injected, by kind (tests can assert a fault was exercised). */
  readonly injected = { rateLimit: 0, serverError: 0, drop: 0, delay: 0 };

  constructor(
    private readonly now: () => number = Date.now,
    /** Receives emulator-specific knobs (e.g. slow boot); set by the server from `Emulator.control`. */
    private readonly knobs?: (settings: Record<string, unknown>) => void,
  ) {}

  /** Adds latency (ms) before every request. */
  latency(ms: number): this {
    this.state.latencyMs = ms;
    return this;
  }
  rateLimit(fault: RateLimitFault): this {
    this.state.rateLimit = { ...fault, hits: [] };
    return this;
  }
  serverError(fault: ServerErrorFault): this {
    this.state.serverError = { ...fault };
    return this;
  }
  /** Drops the connection AFTER the emulator handled the request (the client never sees the answer). */
  dropAfterHandle(fault: DropFault): this {
    this.state.drop = { ...fault };
    return this;
  }
  /** Holds matching requests before the emulator acts: the API acts after the client's timeout. */
  delayBeforeHandle(fault: DelayFault): this {
    this.state.delay = { ...fault };
    return this;
  }
  /** Lambda and other emulators with async lifecycles: boot time in ms. */
  slowBoot(ms: number): this {
    this.knobs?.({ bootMs: ms });
    return this;
  }
  /** Removes every fault and zeroes the `injected` counters. */
  clear(): this {
    this.state = { latencyMs: 0 };
    this.injected.rateLimit = this.injected.serverError = this.injected.drop = this.injected.delay = 0;
    return this;
  }
  /** Applies settings from the HTTP API; unknown keys go to the emulator. */
  apply(settings: FaultSettings): this {
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(settings)) {
      if (k === 'latencyMs') this.latency(Number(v) || 0);
      else if (k === 'rateLimit') v ? this.rateLimit(v as RateLimitFault) : delete this.state.rateLimit;
      else if (k === 'serverError') v ? this.serverError(v as ServerErrorFault) : delete this.state.serverError;
      else if (k === 'drop') v ? this.dropAfterHandle(v as DropFault) : delete this.state.drop;
      else if (k === 'delay') v ? this.delayBeforeHandle(v as DelayFault) : delete this.state.delay;
      else rest[k] = v;
    }
    if (Object.keys(rest).length) this.knobs?.(rest);
    return this;
  }
  snapshot(): FaultState {
    return JSON.parse(JSON.stringify(this.state));
  }

  get latencyMs(): number {
    return this.state.latencyMs;
  }

  /** Returns the Retry-After header value ('' for none) if this request must get a 429. */
  takeRateLimit(method: string, path: string): string | undefined {
    const f = this.state.rateLimit;
    if (!f || !matches(f, method, path)) return undefined;
    const seconds = f.retryAfterSeconds === undefined ? 1 : f.retryAfterSeconds;
    const header = seconds === null ? '' : f.date ? new Date(this.now() + seconds * 1000).toUTCString() : String(seconds);
    if (f.next !== undefined) {
      if (f.next <= 0) return undefined;
      f.next--;
      this.injected.rateLimit++;
      return header;
    }
    if (f.limit) {
      const t = this.now();
      f.hits = f.hits.filter((h) => h > t - f.limit!.windowMs);
      if (f.hits.length >= f.limit.requests) {
        this.injected.rateLimit++;
        return header;
      }
      f.hits.push(t);
    }
    return undefined;
  }

  /** Returns the status to answer with if this request must fail with a server error. */
  takeServerError(method: string, path: string): number | undefined {
    const f = this.state.serverError;
    if (!f || f.next <= 0 || !matches(f, method, path)) return undefined;
    f.next--;
    this.injected.serverError++;
    return f.status ?? 503;
  }

  /** Milliseconds to hold this request before the emulator acts (0 for none). */
  takeDelay(method: string, path: string): number {
    const f = this.state.delay;
    if (!f || f.next <= 0 || !matches(f, method, path)) return 0;
    f.next--;
    this.injected.delay++;
    return f.ms;
  }

  /** Whether the answer to this (already handled) request must be dropped. */
  takeDrop(method: string, path: string): boolean {
    const f = this.state.drop;
    if (!f || f.next <= 0 || !matches(f, method, path)) return false;
    f.next--;
    this.injected.drop++;
    return true;
  }
}
