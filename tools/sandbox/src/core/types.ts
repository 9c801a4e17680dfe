import type { IncomingHttpHeaders } from 'node:http';

/** A parsed request as an emulator sees it. */
export interface EmulatorRequest {
  method: string;
  /** Path without query string, e.g. `/api/v1/instances/abc`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON; throws a 400-worthy error on bad JSON. */
  json<T = unknown>(): T;
}

/** What an emulator answers. Objects are sent as JSON; strings/Buffers as-is. */
export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * One emulated service API. The sandbox core serves each emulator on its own loopback port, applies the
 * switchable faults (latency, 429 + Retry-After, 5xx, dropped connection after the handler acted, slow boot)
 * in front of `handle`, and prints `<envVar>=<base url>` for users.
 */
export interface Emulator {
  /** Short name used in URLs, logs and the fault API, e.g. `lambda`, `esc`. */
  readonly name: string;
  /** Environment variable that points clients at this emulator, e.g. `LAMBDA_API_URL`. */
  readonly envVar: string;
  /** Answer a request; `undefined` means 404 route-not-found in the service's own error shape. */
  handle(req: EmulatorRequest): Promise<EmulatorResponse | undefined> | EmulatorResponse | undefined;
  /** Resets all state (between tests). */
  reset?(): void;
  /**
   * Emulator-specific knobs set from tests or `POST /_sandbox/faults` (e.g. Lambda: `bootMs`, `unhealthy`,
   * `launchWindowMs`). Unknown keys are ignored.
   */
  control?(settings: Record<string, unknown>): void;
  /** The service's own error body for injected faults and unknown routes; default `{error:{code,message}}`. */
  errorBody?(status: number, code: string, message: string): unknown;
}
