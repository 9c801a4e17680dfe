/**
 * The route table: the Actions-secrets endpoints of organisations, repositories and environments, environments,
 * `GET /repos/{owner}/{repo}` and its `actions/organization-secrets`, issues and issue comments (issue-routes.ts), `/user` and `/rate_limit` (paths as in the spec; `environment_name` arrives URL-encoded). Literal segments come
 * before parameters (`public-key` before `{secret_name}`). Handlers validate (validation.ts), act on the state
 * (state.ts) and answer its views (views.ts).
 */
import { routeTable, type Route } from '../core/routes';
import type { EmulatorRequest } from '../core/types';
import { openSealed } from './crypto';
import { ISSUE_ROUTES } from './issue-routes';
import { noContent, ok, unprocessable, type Answer } from './errors';
import type { GithubState, SecretScope } from './state';
import { pageParams, validEnvironment, validRepositoryId, validSecretName, validSecretPut, validSelectedIds, validValueSize } from './validation';
import { environmentView, orgSecretView, paged, repositoryView, secretView } from './views';

export interface RouteContext {
  state: GithubState;
  req: EmulatorRequest;
  params: Record<string, string>;
  /** `http://<host>` the client called (for URLs in answers and `Link` headers). */
  base: string;
  /** The authenticated user (the author of issues and comments it creates). */
  user: { login: string; id: number };
}

type Handler = (c: RouteContext) => Answer;

const orgScope = (p: Record<string, string>): SecretScope => ({ org: p.org! });
const repoScope = (p: Record<string, string>): SecretScope => ({ repo: `${p.owner}/${p.repo}` });
const envScope = (p: Record<string, string>): SecretScope => ({ repo: `${p.owner}/${p.repo}`, environment: p.env! });

function list<T>(c: RouteContext, items: T[], key: string): Answer {
  const { perPage, page } = pageParams(c.req.query);
  const url = `${c.base}${c.req.path}${c.req.query.size ? `?${c.req.query}` : ''}`;
  const p = paged(items, perPage, page, url);
  return ok({ total_count: items.length, [key]: p.items }, 200, p.headers);
}

const sortedSecrets = (c: RouteContext, scope: SecretScope) => [...c.state.secrets(scope).values()].sort((a, b) => a.name.localeCompare(b.name));

/** The PUT every scope shares: the sealed box must open with the scope's current key (422 otherwise). */
function putSecret(c: RouteContext, scope: SecretScope): Answer {
  const name = validSecretName(c.params.name!);
  const org = 'org' in scope;
  const body = validSecretPut(c.req.json(), org);
  const key = c.state.key(scope);
  if (body.key_id !== key.key_id) throw unprocessable('Bad request - key_id does not match the current public key of this scope.', [{ resource: 'Secret', field: 'key_id', code: 'invalid' }]);
  const plain = openSealed(body.encrypted_value, key);
  if (!plain) throw unprocessable('Bad request - encrypted_value could not be decrypted with the public key of key_id.', [{ resource: 'Secret', field: 'encrypted_value', code: 'invalid' }]);
  validValueSize(plain.length);
  const { created } = c.state.putSecret(scope, name, Buffer.from(plain).toString('utf8'), org ? { visibility: body.visibility!, selected: body.selected_repository_ids } : undefined);
  return created ? ok({}, 201) : noContent();
}

function secretRoutes(prefix: string, scopeOf: (p: Record<string, string>) => SecretScope): Array<Route<Handler>> {
  const isOrg = prefix.startsWith('/orgs');
  return [
    {
      path: `${prefix}/public-key`,
      GET: ({ state, params }) => {
        const k = state.key(scopeOf(params));
        return ok({ key_id: k.key_id, key: k.key });
      },
    },
    {
      path: prefix,
      GET: (c) => {
        const scope = scopeOf(c.params);
        const secrets = sortedSecrets(c, scope);
        return list(c, isOrg ? secrets.map((s) => orgSecretView(c.base, c.state.org(c.params.org!), s)) : secrets.map(secretView), 'secrets');
      },
    },
    {
      path: `${prefix}/:name`,
      GET: ({ state, params, base }) => {
        const s = state.secret(scopeOf(params), params.name!);
        return ok(isOrg ? orgSecretView(base, state.org(params.org!), s) : secretView(s));
      },
      PUT: (c) => putSecret(c, scopeOf(c.params)),
      DELETE: ({ state, params }) => (state.deleteSecret(scopeOf(params), params.name!), noContent()),
    },
  ];
}

export const ROUTES: Array<Route<Handler>> = [
  ...secretRoutes('/orgs/:org/actions/secrets', orgScope),
  {
    path: '/orgs/:org/actions/secrets/:name/repositories',
    GET: (c) => {
      const s = c.state.secret(orgScope(c.params), c.params.name!);
      const org = c.state.org(c.params.org!);
      const repos = [...(s.selected ?? [])].map((id) => c.state.repoById(id)).filter((r) => r !== undefined).sort((a, b) => a.id - b.id);
      return list(c, repos.map((r) => repositoryView(c.base, r, org.id)), 'repositories');
    },
    PUT: ({ state, req, params }) => (state.setSelected(params.org!, params.name!, validSelectedIds(req.json())), noContent()),
  },
  {
    path: '/orgs/:org/actions/secrets/:name/repositories/:repositoryId',
    PUT: ({ state, params }) => (state.addSelected(params.org!, params.name!, validRepositoryId(params.repositoryId!)), noContent()),
    DELETE: ({ state, params }) => (state.removeSelected(params.org!, params.name!, validRepositoryId(params.repositoryId!)), noContent()),
  },
  {
    // Outside the vendored subset (clients resolve selected repositories' ids with it); answered as minimal-repository.
    path: '/repos/:owner/:repo',
    GET: ({ state, params, base }) => {
      const repo = state.repo(params.owner!, params.repo!);
      return ok(repositoryView(base, repo, state.org(repo.owner).id));
    },
  },
  {
    // Outside the vendored subset: the organisation secrets a repository sees (all; private ones for private
    // repositories; selected ones where it is selected). Metadata only, as every list.
    path: '/repos/:owner/:repo/actions/organization-secrets',
    GET: (c) => {
      const repo = c.state.repo(c.params.owner!, c.params.repo!);
      const visible = sortedSecrets(c, { org: repo.owner }).filter((s) => s.visibility === 'all' || (s.visibility === 'private' && repo.private) || (s.visibility === 'selected' && s.selected?.has(repo.id)));
      return list(c, visible.map(secretView), 'secrets');
    },
  },
  ...secretRoutes('/repos/:owner/:repo/actions/secrets', repoScope),
  {
    path: '/repos/:owner/:repo/environments',
    GET: (c) => {
      const repo = c.state.repo(c.params.owner!, c.params.repo!);
      const envs = [...repo.environments.values()].sort((a, b) => a.name.localeCompare(b.name));
      return list(c, envs.map((e) => environmentView(c.base, repo, e)), 'environments');
    },
  },
  ...secretRoutes('/repos/:owner/:repo/environments/:env/secrets', envScope),
  {
    path: '/repos/:owner/:repo/environments/:env',
    GET: ({ state, params, base }) => ok(environmentView(base, state.repo(params.owner!, params.repo!), state.environment(params.owner!, params.repo!, params.env!))),
    PUT: ({ state, req, params, base }) => {
      const settings = validEnvironment(req.body.length ? req.json() : undefined);
      const env = state.putEnvironment(params.owner!, params.repo!, params.env!, settings);
      return ok(environmentView(base, state.repo(params.owner!, params.repo!), env));
    },
    DELETE: ({ state, params }) => (state.deleteEnvironment(params.owner!, params.repo!, params.env!), noContent()),
  },
  ...ISSUE_ROUTES,
];

const find = routeTable(ROUTES);

/** The handler of a request, path parameters URL-decoded (`environment_name` may hold `%2F`). */
export function findRoute(method: string, path: string) {
  const found = find(method, path);
  if (!found) return undefined;
  return { handler: found.handler, params: Object.fromEntries(Object.entries(found.params).map(([k, v]) => [k, decodeURIComponent(v)])) };
}
