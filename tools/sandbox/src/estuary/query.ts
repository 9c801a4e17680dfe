/**
 * The part of PostgREST's query language the control-plane clients use: horizontal filters (`col=eq.v`,
 * `in.(a,b)`, `like.pre*`, `is.null`), `Range: <from>-<to>` pagination with `Content-Range`, and
 * `Accept: application/vnd.pgrst.object+json` for one row. `select` is accepted and answers every column
 * (embedded resources are answered by the routes that need them).
 */
import type { EmulatorRequest } from '../core/types';
import { invalid, notSingle, ok, type Answer } from './errors';

const RESERVED = new Set(['select', 'order', 'limit', 'offset', 'on_conflict', 'columns']);

type Row = Record<string, unknown>;

function parseList(v: string): string[] {
  const m = /^\((.*)\)$/.exec(v);
  if (!m) throw invalid(`"in" filter must be a list in parentheses, got ${v.slice(0, 40)}`);
  return m[1] === '' ? [] : m[1]!.split(',').map((s) => s.trim().replace(/^"(.*)"$/, '$1'));
}

/** A predicate over rows for every filter in the query string (columns nested with `.` are ignored here). */
export function filtersOf(query: URLSearchParams): (row: Row) => boolean {
  const tests: Array<(row: Row) => boolean> = [];
  for (const [col, expr] of query) {
    if (RESERVED.has(col) || col.includes('.')) continue;
    const dot = expr.indexOf('.');
    const op = expr.slice(0, dot);
    const value = expr.slice(dot + 1);
    const cell = (row: Row) => (row[col] === null || row[col] === undefined ? null : String(row[col]));
    if (op === 'eq') tests.push((r) => cell(r) === value);
    else if (op === 'neq') tests.push((r) => cell(r) !== value);
    else if (op === 'in') {
      const set = new Set(parseList(value));
      tests.push((r) => cell(r) !== null && set.has(cell(r)!));
    } else if (op === 'like') {
      const re = new RegExp(`^${value.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      tests.push((r) => cell(r) !== null && re.test(cell(r)!));
    } else if (op === 'is' && value === 'null') tests.push((r) => cell(r) === null);
    else if (op === 'not' && value === 'is.null') tests.push((r) => cell(r) !== null);
    else throw invalid(`unsupported filter operator "${op}" on column ${col}`);
  }
  return (row) => tests.every((t) => t(row));
}

export const wantsSingle = (req: EmulatorRequest) => (req.headers.accept ?? '').includes('application/vnd.pgrst.object+json');

/** Rows as PostgREST answers them: one object when asked for, else a page of the `Range` asked for (206 when partial). */
export function answerRows(req: EmulatorRequest, rows: Row[], status = 200): Answer {
  if (wantsSingle(req)) {
    if (rows.length !== 1) throw notSingle(rows.length);
    return ok(rows[0], status);
  }
  const range = /^(\d+)-(\d*)$/.exec(String(req.headers.range ?? '').trim());
  if (!range) return ok(rows, status, { 'content-range': rows.length ? `0-${rows.length - 1}/${rows.length}` : `*/${rows.length}` });
  const from = Number(range[1]);
  const to = range[2] === '' ? rows.length - 1 : Math.min(Number(range[2]), rows.length - 1);
  const page = rows.slice(from, to + 1);
  const contentRange = page.length ? `${from}-${from + page.length - 1}/${rows.length}` : `*/${rows.length}`;
  return ok(page, page.length < rows.length ? 206 : status, { 'content-range': contentRange });
}
