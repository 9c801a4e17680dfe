/**
 * Request checks of the SQL API (SubmitStatement's request schema): a JSON body (Content-Type application/json or
 * none, else 415), `statement` a non-empty string, `timeout` an integer ≥ 0, the context fields strings. Every
 * problem at once, as 400 391901 `{code, message}`. And the one statement this readiness emulator runs.
 */
import type { EmulatorRequest } from '../core/types';
import { ApiError } from './errors';

export interface StatementRequest {
  statement: string;
  timeout?: number;
  database?: string;
  schema?: string;
  warehouse?: string;
  role?: string;
}

const CONTEXT = ['database', 'schema', 'warehouse', 'role'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const invalid = (problems: string[]) => new ApiError(400, '391901', `Invalid request: ${problems.join('; ')}`);

export function validStatementRequest(req: EmulatorRequest): StatementRequest {
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/json\b/i.test(type)) throw new ApiError(415, '391902', `Unsupported media type ${type.split(';')[0]}: the SQL API takes application/json.`);
  const body = req.json<unknown>();
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid(['the body must be a JSON object']);
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof b.statement !== 'string' || b.statement.trim() === '') problems.push('statement: a non-empty string is required');
  if (b.timeout !== undefined && !(Number.isInteger(b.timeout) && (b.timeout as number) >= 0)) problems.push('timeout: must be an integer ≥ 0 (seconds; 0 is the maximum)');
  for (const k of CONTEXT) if (b[k] !== undefined && typeof b[k] !== 'string') problems.push(`${k}: must be a string`);
  if (problems.length) throw invalid(problems);
  return b as unknown as StatementRequest;
}

export function validHandle(handle: string): string {
  if (!UUID.test(handle)) throw invalid(['statementHandle: must be a UUID']);
  return handle;
}

/** `select 1` in any case and spacing, with or without a trailing `;`: the readiness probe's statement. */
export function isSelectOne(statement: string): boolean {
  return /^\s*select\s+1\s*;?\s*$/i.test(statement);
}
