/**
 * PostgREST's answers (service-apis §3.2: Supabase PostgREST, errors as its standard JSON body
 * `{code, message, details, hint}`): PGRST codes for request errors, Postgres SQLSTATEs for constraint failures.
 */
import type { EmulatorResponse } from '../core/types';

export type Answer = EmulatorResponse;

export const ok = (body: unknown, status = 200, headers?: Record<string, string>): Answer => ({ status, body, headers });

export const postgrestError = (code: string, message: string, details: string | null = null, hint: string | null = null) => ({ code, message, details, hint });

/** A PostgREST error answer. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: string | null = null, readonly hint: string | null = null) {
    super(message);
  }
  answer(): Answer {
    return { status: this.status, body: postgrestError(this.code, this.message, this.details, this.hint) };
  }
}

/** 400 PGRST102-style: the body is not what the table or function takes. */
export const invalid = (message: string, details: string | null = null) => new ApiError(400, 'PGRST102', message, details);
/** 23503: a row references one that does not exist (foreign key). */
export const foreignKey = (details: string) => new ApiError(409, '23503', 'insert or update violates foreign key constraint', details);
/** 23505: a unique key is taken (an insert without `Prefer: resolution=merge-duplicates`). */
export const duplicate = (details: string) => new ApiError(409, '23505', 'duplicate key value violates unique constraint', details);
/** 23514: a check constraint refused the row. */
export const checkViolation = (details: string) => new ApiError(400, '23514', 'new row violates check constraint', details);
export const unauthorized = (message: string, code = 'PGRST301') => new ApiError(401, code, message);
export const noRoute = (path: string) => new ApiError(404, 'PGRST205', `Could not find the table 'public.${path.replace(/^\//, '')}' in the schema cache`);
/** `Accept: application/vnd.pgrst.object+json` with other than one row. */
export const notSingle = (rows: number) => new ApiError(406, 'PGRST116', 'JSON object requested, multiple (or no) rows returned', `The result contains ${rows} rows`);
