/**
 * The route table: the ESC endpoints the emulator answers (paths relative to `/api/esc`, as in the spec). HEAD
 * is answered by the GET handler without a body. Handlers validate (definition.ts), act on the state (state.ts),
 * evaluate opens (evaluate.ts) and answer views (views.ts).
 */
import { routeTable, type Route } from '../core/routes';
import type { EmulatorRequest } from '../core/types';
import { decryptDefinition, durationMs, encryptDefinition, validNames } from './definition';
import { badRequest, conflict, forbidden, noContent, notFound, ok, withDiagnostics, yamlAnswer, type Answer } from './errors';
import { EvalError, evaluateEnvironment, parsePath, type Val } from './evaluate';
import { envKey, type EscState, type StoredEnv } from './state';
import { orgEnvironmentView, revisionView, valueView } from './views';

export interface RouteContext {
  state: EscState;
  req: EmulatorRequest;
  params: Record<string, string>;
  /** Page size of the environment list. */
  pageSize: number;
  /** Who the token is (revisions' creatorLogin, `context.pulumi.user.login`). */
  login: string;
}

type Handler = (c: RouteContext) => Answer;

const ENV = '/environments/:org/:project/:env';
const envOf = ({ state, params }: RouteContext) => state.env(params.org!, params.project!, params.env!);
const revisionHeader = (n: number) => ({ 'Pulumi-ESC-Revision': String(n) });

function list({ state, req, params, pageSize }: RouteContext): Answer {
  const all = [...state.envs.values()].filter((e) => e.org === params.org).sort((a, b) => `${a.project}/${a.name}`.localeCompare(`${b.project}/${b.name}`));
  const token = req.query.get('continuationToken');
  const start = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) throw badRequest('invalid continuation token');
  const next = start + pageSize < all.length ? Buffer.from(String(start + pageSize)).toString('base64url') : undefined;
  return ok({ environments: all.slice(start, start + pageSize).map(orgEnvironmentView), ...(next ? { nextToken: next } : {}) });
}

function update(c: RouteContext): Answer {
  const e = envOf(c);
  if (c.state.approvals.get(envKey(e.org, e.project, e.name))?.update) {
    throw forbidden(`Environment '${e.project}/${e.name}' is protected by an approval ruleset: direct updates are blocked; propose the change as a change request (draft)`);
  }
  // The CLI sends the ETag it read back as `ETag`; drafts use `If-Match`. Either is honoured.
  const expected = (c.req.headers['etag'] ?? c.req.headers['if-match']) as string | undefined;
  if (expected !== undefined && expected !== c.state.etag(e)) throw conflict('The environment was modified since it was read (ETag mismatch)');
  const encrypted = encryptDefinition(c.req.body.toString('utf8'));
  if (typeof encrypted !== 'string') throw withDiagnostics(encrypted.diagnostics);
  const r = c.state.write(e, encrypted);
  return ok({ diagnostics: [] }, revisionHeader(r.number));
}

function open(c: RouteContext, version?: string): Answer {
  const e = envOf(c);
  if (c.state.approvals.get(envKey(e.org, e.project, e.name))?.open) {
    throw forbidden(`Opening environment '${e.project}/${e.name}' requires an approved access request (open approval ruleset)`);
  }
  const ttl = durationMs(c.req.query.get('duration'));
  if (version !== undefined) c.state.revision(e, version);
  let properties: Record<string, Val>;
  try {
    properties = evaluateEnvironment({ org: e.org, login: c.login, definition: (p, n, v) => c.state.definition(e.org, p, n, v) }, e.project, e.name, version);
  } catch (err) {
    if (err instanceof EvalError) throw withDiagnostics([err.diagnostic]);
    throw err;
  }
  const session = c.state.openSession(envKey(e.org, e.project, e.name), properties, ttl);
  return ok({ id: session.id, diagnostics: { diagnostics: [] } });
}

function read(c: RouteContext): Answer {
  const e = envOf(c);
  const session = c.state.session(envKey(e.org, e.project, e.name), c.params.session!);
  const property = c.req.query.get('property');
  if (property === null) {
    return ok({ properties: Object.fromEntries(Object.entries(session.properties).map(([k, v]) => [k, valueView(v)])) });
  }
  let path;
  try {
    path = parsePath(property);
  } catch (err) {
    throw err instanceof EvalError ? badRequest(err.message) : err;
  }
  let cur: Val | undefined = { value: session.properties, secret: false };
  for (const seg of path) {
    const v: Val['value'] | undefined = cur?.value;
    cur = Array.isArray(v) && typeof seg === 'number' ? v[seg] : v && typeof v === 'object' && !Array.isArray(v) && typeof seg === 'string' ? v[seg] : undefined;
  }
  if (!cur) throw notFound(`Property ${property} not found`);
  return ok(valueView(cur));
}

function revisions(c: RouteContext): Answer {
  const e = envOf(c);
  const before = c.req.query.get('before');
  const count = c.req.query.get('count');
  const n = count === null ? 100 : Number(count);
  if ((before !== null && !/^\d+$/.test(before)) || !Number.isInteger(n) || n < 1) throw badRequest('before and count must be positive integers');
  const latest = c.state.latest(e).number;
  const list = [...e.revisions].reverse().filter((r) => before === null || r.number < Number(before)).slice(0, n);
  return ok(list.map((r) => revisionView(r, latest)));
}

const definitionAnswer = (c: RouteContext, e: StoredEnv, text: string) => yamlAnswer(text, { ETag: c.state.etag(e), ...revisionHeader(c.state.latest(e).number) });

export const ROUTES: Array<Route<Handler>> = [
  {
    path: '/environments/:org',
    GET: list,
    POST: (c) => {
      let body: { project?: unknown; name?: unknown };
      try {
        body = c.req.json();
      } catch {
        throw badRequest('invalid JSON body');
      }
      const { project, name } = validNames(body ?? {});
      c.state.create(c.params.org!, project, name);
      return noContent();
    },
  },
  {
    path: ENV,
    GET: (c) => {
      const e = envOf(c);
      return definitionAnswer(c, e, c.state.latest(e).yaml);
    },
    PATCH: update,
    DELETE: (c) => (c.state.delete(c.params.org!, c.params.project!, c.params.env!), noContent()),
  },
  {
    path: `${ENV}/decrypt`,
    GET: (c) => yamlAnswer(decryptDefinition(c.state.latest(envOf(c)).yaml)),
  },
  { path: `${ENV}/open`, POST: (c) => open(c) },
  { path: `${ENV}/open/:session`, GET: read },
  // The spec (and so the SDK's readOpenEnvironmentProperty) spells this path with a double slash.
  { path: `${ENV}/open//:session`, GET: read },
  { path: `${ENV}/versions`, GET: revisions },
  {
    path: `${ENV}/versions/:version`,
    GET: (c) => yamlAnswer(c.state.revision(envOf(c), c.params.version!).yaml, revisionHeader(c.state.revision(envOf(c), c.params.version!).number)),
  },
  { path: `${ENV}/versions/:version/open`, POST: (c) => open(c, c.params.version!) },
];

const find = routeTable(ROUTES);

/** The handler of a request under `/api/esc`, path parameters URL-decoded; HEAD uses GET's. */
export function findRoute(method: string, path: string) {
  const found = find(method === 'HEAD' ? 'GET' : method, path);
  if (!found) return undefined;
  return { handler: found.handler, params: Object.fromEntries(Object.entries(found.params).map(([k, v]) => [k, decodeURIComponent(v)])) };
}

