/**
 * The SQL API's answers outside a result set: `{code, message}` for authentication and request errors (the body
 * Snowflake sends, e.g. `{"code":"390144","message":"JWT token is invalid. [<request id>]"}`), and the
 * QueryFailureStatus body of a statement that cannot run (422).
 *
 * Codes: 390144 is Snowflake's for every refused key-pair JWT (it never says which check failed). The others
 * are the emulator's choices where no source names one: 390101 (no bearer token), 390303 (a token type the
 * emulator does not hold: OAuth, programmatic access tokens), 391901 (bad request body), 000002 / 0A000 (a
 * statement the readiness emulator does not run), 000709 / 02000 (unknown statement handle).
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorResponse } from '../core/types';

export type Answer = EmulatorResponse;

export const JWT_INVALID = '390144';

export const ok = (body: unknown, status = 200): Answer => ({ status, body });

/** The `{code, message}` error body; Snowflake ends auth messages with the request's id in brackets. */
export function errorBody(code: string | undefined, message: string): { code?: string; message: string } {
  return code === undefined ? { message } : { code, message };
}

/** An error answer; thrown by validation, auth and state, answered by the emulator. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** QueryFailureStatus fields (422 answers). */
    readonly failure?: { sqlState: string; statementHandle: string; createdOn: number },
  ) {
    super(message);
  }

  answer(): Answer {
    if (this.failure) return { status: this.status, body: { code: this.code, message: this.message, ...this.failure } };
    return { status: this.status, body: errorBody(this.code, this.message) };
  }
}

/** 401 390144: the one answer to every refused key-pair JWT. */
export const jwtInvalid = () => new ApiError(401, JWT_INVALID, `JWT token is invalid. [${randomUUID()}]`);
