/**
 * The Portkey Admin API's answers and its documented error codes (docs api-reference/admin-api/error):
 * AB01 400 validation, AB02 404 validation, AB03 403 not allowed, AB04 500, AB05 401 unauthorised, AB06 429 rate
 * limit, AB07 409 already exists (also "dependents exist" on a workspace delete), AB08 404 not found, AB09 402
 * subscription exhausted. The spec shows 401 bodies as `{success:false,data:{message}}`; the emulator adds the
 * `errorCode` clients key on (service-apis §2.2).
 */
import type { EmulatorResponse } from '../core/types';

export type Answer = EmulatorResponse;

export const ok = (body: unknown = {}, status = 200): Answer => ({ status, body });

export const ERROR_CODES = {
  AB01: 400, AB02: 404, AB03: 403, AB04: 500, AB05: 401, AB06: 429, AB07: 409, AB08: 404, AB09: 402,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

const MESSAGES: Record<ErrorCode, string> = {
  AB01: 'Invalid request', AB02: 'Invalid request', AB03: 'You do not have enough permissions to perform this action',
  AB04: 'Something went wrong', AB05: 'Unauthorised Request', AB06: 'Rate limit exceeded', AB07: 'Resource already exists',
  AB08: 'Resource not found', AB09: 'Subscription exhausted',
};

/** The error envelope every failure uses: `{success:false,data:{message,errorCode}}`. */
export const errorBody = (code: string, message: string) => ({ success: false, data: { message, errorCode: code } });

/** The code that goes with a status the sandbox core injects (429, 5xx, ...). */
export function codeForStatus(status: number): ErrorCode {
  if (status === 404) return 'AB08';
  const found = (Object.entries(ERROR_CODES) as Array<[ErrorCode, number]>).find(([, s]) => s === status);
  return found ? found[0] : 'AB04';
}

export class ApiError extends Error {
  constructor(readonly code: ErrorCode, message = MESSAGES[code]) {
    super(message);
  }
  get status(): number {
    return ERROR_CODES[this.code];
  }
  answer(): Answer {
    return { status: this.status, body: errorBody(this.code, this.message) };
  }
}

export const invalid = (message: string) => new ApiError('AB01', message);
export const notFound = (what: string) => new ApiError('AB08', `${what} not found`);
export const exists = (message: string) => new ApiError('AB07', message);
/** What the API answers for some objects deleted out of band: 403 AB03, not 404 (TF provider `IsNotFound`). */
export const forbidden = (message?: string) => new ApiError('AB03', message);
