/** The estuary API's answers and error envelope (replace with the service's documented shapes). */
import type { EmulatorResponse } from '../core/types';

export type Answer = EmulatorResponse;

export const ok = (body: unknown, status = 200): Answer => ({ status, body });

/** An error answer in the API's envelope `{error:{code,message}}`. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
  answer(): Answer {
    return { status: this.status, body: { error: { code: this.code, message: this.message } } };
  }
}

export const invalid = (message: string) => new ApiError(400, 'invalid_request', message);
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
