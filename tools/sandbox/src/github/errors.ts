/**
 * GitHub's error answers: `{message, documentation_url, status}` (the `basic-error` schema; a 422 may carry
 * `errors: [{resource, field, code}]`, the `validation-error` schema). Messages follow what api.github.com answers.
 */
import type { EmulatorResponse } from '../core/types';

export type Answer = EmulatorResponse;

const DOCS = 'https://docs.github.com/rest';

export const ok = (body: unknown, status = 200, headers: Record<string, string> = {}): Answer => ({ status, body, headers });
export const noContent = (status = 204): Answer => ({ status });

export interface FieldError {
  resource: string;
  field: string;
  code: 'missing_field' | 'invalid' | 'already_exists' | 'unprocessable' | 'custom';
  message?: string;
}

export const errorBody = (status: number, message: string, errors?: FieldError[]) => ({
  message,
  documentation_url: DOCS,
  status: String(status),
  ...(errors ? { errors } : {}),
});

export class GithubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
  answer(): Answer {
    return { status: this.status, headers: this.headers, body: errorBody(this.status, this.message, this.errors) };
  }
}

export const notFound = () => new GithubError(404, 'Not Found');
/** 422: GitHub's "Invalid request." answers for bodies its schema check rejects. */
export const invalid = (detail: string, errors?: FieldError[]) => new GithubError(422, `Invalid request.\n\n${detail}`, errors);
export const unprocessable = (message: string, errors?: FieldError[]) => new GithubError(422, message, errors);
export const conflict = (message: string) => new GithubError(409, message);
