/** The Lambda API's answers: `{data}` envelopes and its documented error codes, messages and suggestions. */
import type { EmulatorResponse } from '../core/types';

export type Answer = EmulatorResponse;

export const ok = (data: unknown): Answer => ({ status: 200, body: { data } });

/** Message and suggestion of each documented error code (suggestion where the spec's schema requires one). */
export const DOCUMENTED: Record<string, { message: string; suggestion?: string }> = {
  'global/account-inactive': { message: 'Your account is inactive.', suggestion: 'Make sure you have verified your email address and have a valid payment method. Contact Support if problems continue.' },
  'global/invalid-address': { message: 'Your billing address is invalid.', suggestion: 'Update your billing address, then try again.' },
  'global/quota-exceeded': { message: 'Quota exceeded.', suggestion: 'Contact Support to increase your quota.' },
  'global/internal-error': { message: 'An internal server error occurred.', suggestion: 'Try again later. Contact Support if the problem persists.' },
  'global/object-does-not-exist': { message: 'Object does not exist.', suggestion: 'Check the names and IDs in your request and try again.' },
  'global/invalid-parameters': { message: 'Invalid request data.' },
  'global/duplicate': { message: 'An object with this name already exists.' },
  'instance-operations/launch/insufficient-capacity': { message: 'Not enough capacity to fulfill launch request.' },
};

/** An error answer in the spec's envelope `{error:{code,message,suggestion?}}`. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly suggestion?: string) {
    super(message);
  }
  answer(): Answer {
    return { status: this.status, body: { error: { code: this.code, message: this.message, ...(this.suggestion ? { suggestion: this.suggestion } : {}) } } };
  }
}

/** 429: rate limits are documented in the spec's prose only (no status, body or header in any operation). */
export class RateLimited extends Error {
  constructor(readonly seconds: number, message: string) {
    super(message);
  }
  answer(): Answer {
    return {
      status: 429,
      headers: { 'retry-after': String(Math.max(1, this.seconds)) },
      body: { error: { code: 'global/rate-limited', message: this.message, suggestion: 'Wait and try again.' } },
    };
  }
}

/** A documented code as an error (the message and suggestion the API gives for it). */
export function documented(status: number, code: string): ApiError {
  const d = DOCUMENTED[code] ?? { message: code };
  return new ApiError(status, code, d.message, d.suggestion);
}

export const invalid = (message: string) => new ApiError(400, 'global/invalid-parameters', message);
export const notFound = (message: string, status = 404, suggestion?: string) => new ApiError(status, 'global/object-does-not-exist', message, suggestion);
/** Launch references (SSH key, filesystem, ruleset, image): the spec's launch error requires a suggestion. */
export const launchRefMissing = (message: string) => notFound(message, 400, 'Check the names and IDs in your launch request and try again.');
export const rulesetMissing = () =>
  notFound('Firewall ruleset does not exist or you do not have permission to access it.', 404, 'Check your firewall ruleset ID and try again.');
