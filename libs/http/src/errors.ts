/**
 * Typed errors of the shared HTTP layer. They carry what an operator needs to act (service, method, path
 * without query string, HTTP status, the service's own error code and message) and never headers or request
 * bodies, which can hold credentials.
 */

/** Common base: every error thrown by `HttpClient.request` is an `HttpError`. */
export class HttpError extends Error {
  constructor(
    message: string,
    /** Service name given to the client, e.g. `lambda`. */
    readonly service: string,
    readonly method: string,
    /** Request path without query string. */
    readonly path: string,
    /** How many attempts were made before giving up. */
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The service answered with a non-2xx status. */
export class ServiceError extends HttpError {
  constructor(
    service: string,
    method: string,
    path: string,
    attempts: number,
    readonly status: number,
    /** The service's error code, e.g. `global/object-does-not-exist` (undefined if the body had none). */
    readonly code: string | undefined,
    /** The service's human message (already scrubbed of credentials the client sent). */
    readonly serviceMessage: string | undefined,
    readonly suggestion: string | undefined,
    /** Milliseconds the service asked to wait (Retry-After), if it said so. */
    readonly retryAfterMs?: number,
  ) {
    super(
      `${service} ${method} ${path} failed: HTTP ${status}${code ? ` ${code}` : ''}${serviceMessage ? `: ${serviceMessage}` : ''}` +
        `${suggestion ? ` (${suggestion})` : ''}${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
      service,
      method,
      path,
      attempts,
    );
    this.name = 'ServiceError';
  }
}

/** No answer within the per-request timeout. The request may or may not have been acted on. */
export class TimeoutError extends HttpError {
  constructor(
    service: string,
    method: string,
    path: string,
    attempts: number,
    readonly timeoutMs: number,
  ) {
    super(
      `${service} ${method} ${path} timed out after ${timeoutMs} ms${attempts > 1 ? ` (${attempts} attempts)` : ''}`,
      service,
      method,
      path,
      attempts,
    );
    this.name = 'TimeoutError';
  }
}

/**
 * The connection failed or was dropped (ECONNRESET, socket hang up, refused). `sent` is false only when the
 * request certainly never reached the service (connection refused / DNS): then even a POST is safe to repeat.
 */
export class NetworkError extends HttpError {
  constructor(
    service: string,
    method: string,
    path: string,
    attempts: number,
    /** Low-level error code (ECONNRESET, UND_ERR_SOCKET, ECONNREFUSED...), never a message with data. */
    readonly causeCode: string | undefined,
    readonly sent: boolean,
  ) {
    super(
      `${service} ${method} ${path}: connection failed${causeCode ? ` (${causeCode})` : ''}${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
      service,
      method,
      path,
      attempts,
    );
    this.name = 'NetworkError';
  }
}

/** True for a ServiceError with HTTP 404 (optionally with a given service error code). */
export function isNotFound(err: unknown, code?: string): err is ServiceError {
  return err instanceof ServiceError && err.status === 404 && (code === undefined || err.code === code);
}

/** Whether an error means "the outcome of the request is unknown" (the service may have acted). */
export function isOutcomeUnknown(err: unknown): boolean {
  return err instanceof TimeoutError || (err instanceof NetworkError && err.sent) ||
    (err instanceof ServiceError && err.status >= 500);
}
