/**
 * The route table: every endpoint the emulator answers (paths relative to `/v1`, as in the spec). The first path
 * that matches wins; a method it does not list is "no such route" (404). Handlers validate (validation.ts), act
 * on the state (state.ts) and answer its views (views.ts).
 */
import { routeTable, type Route } from '../core/routes';
import type { EmulatorRequest } from '../core/types';
import { ok, type Answer } from './errors';
import type { PortkeyState } from './state';
import { invalid } from './errors';
import { page, requireObject, validMemberRole, validMembersAdd, validWorkspaceAccess, validPolicy, type PolicyKind, validApiKey, validRotation, validConfig, validIntegration, validProvider, validWorkspace, validWorkspaceDelete } from './validation';
import { apiKeyView, memberView, userView, policyView, configListItem, configView, integrationDetailView, integrationView, listPage, providerView, workspaceView, workspaceWithUsersView } from './views';

/** Documented answer shapes a test can switch (the spec and the clients disagree; stacks must take both). */
export interface Answers {
  /** `POST /configs`: the spec's `{success,data:{id,version_id,slug}}`, or the SDKs' flat `{id,slug,version_id,object}`. */
  configCreate: 'spec' | 'flat';
  /** `GET /configs/{slug}`: `config` as an object, or as a JSON string. */
  configAsString: boolean;
}

export interface RouteContext {
  state: PortkeyState;
  req: EmulatorRequest;
  params: Record<string, string>;
  answers: Answers;
}

type Handler = (c: RouteContext) => Answer;

const body = (req: EmulatorRequest) => requireObject(req.json());
const scope = (req: EmulatorRequest) => req.query.get('workspace_id');

export const ROUTES: Array<Route<Handler>> = [
  {
    path: '/admin/workspaces',
    GET: ({ state, req }) => {
      const name = req.query.get('name');
      const exact = req.query.get('exact_name');
      const all = [...state.workspaces.values()].filter((w) => (exact === null || w.name === exact) && (name === null || w.name.toLowerCase().includes(name.toLowerCase())));
      const list = listPage(all.map(workspaceView), page(req.query, 50));
      return ok(list);
    },
    POST: ({ state, req }) => ok(workspaceView(state.createWorkspace(validWorkspace(body(req))))),
  },
  {
    path: '/admin/workspaces/:id',
    GET: ({ state, params }) => ok(workspaceWithUsersView(state, state.workspace(params.id!))),
    // The API answers an empty object; clients re-read.
    PUT: ({ state, req, params }) => (state.updateWorkspace(params.id!, validWorkspace(body(req), true)), ok({})),
    DELETE: ({ state, req, params }) => {
      const b = validWorkspaceDelete(req.body.length ? req.json() : undefined);
      state.deleteWorkspace(params.id!, b.name, b.force);
      return ok({});
    },
  },
  {
    path: '/admin/workspaces/:id/users',
    GET: ({ state, req, params }) => {
      const w = state.workspace(params.id!);
      const role = req.query.get('role');
      const email = req.query.get('email')?.toLowerCase();
      const members = [...w.members.values()].map((m) => memberView(w, state.user(m.user_id), m)).filter((m) => (!role || m.role === role) && (!email || m.email.toLowerCase() === email));
      return ok(listPage(members, page(req.query, 50)));
    },
    // The API answers an empty object; clients read the member.
    POST: ({ state, req, params }) => (state.addMembers(params.id!, validMembersAdd(body(req))), ok({})),
  },
  {
    path: '/admin/workspaces/:id/users/:userId',
    GET: ({ state, params }) => {
      const { workspace, user, membership } = state.member(params.id!, params.userId!);
      return ok(memberView(workspace, user, membership));
    },
    PUT: ({ state, req, params }) => (state.updateMember(params.id!, params.userId!, validMemberRole(body(req))), ok({})),
    DELETE: ({ state, params }) => (state.removeMember(params.id!, params.userId!), ok({})),
  },
  {
    // The organisation's users; this list pages with `currentPage`/`pageSize` (camelCase, unlike the others).
    path: '/admin/users',
    GET: ({ state, req }) => {
      const email = req.query.get('email')?.toLowerCase();
      const role = req.query.get('role');
      const users = [...state.users.values()].filter((u) => (!email || u.email.toLowerCase() === email) && (!role || u.role === role)).map(userView);
      const q = new URLSearchParams({ current_page: req.query.get('currentPage') ?? '0', page_size: req.query.get('pageSize') ?? '50' });
      return ok(listPage(users, page(q, 50)));
    },
  },
  {
    path: '/admin/users/:userId',
    GET: ({ state, params }) => ok(userView(state.user(params.userId!))),
  },
  {
    path: '/integrations',
    GET: ({ state, req }) => ok(listPage([...state.integrations.values()].filter((i) => !scope(req) || !i.workspace_id || i.workspace_id === scope(req)).map(integrationView), page(req.query, 100))),
    POST: ({ state, req }) => {
      const r = state.createIntegration(validIntegration(body(req)));
      return ok({ id: r.id, slug: r.slug });
    },
  },
  {
    path: '/integrations/:slug',
    GET: ({ state, params }) => ok(integrationDetailView(state.integration(params.slug!))),
    PUT: ({ state, req, params }) => (state.updateIntegration(params.slug!, validIntegration(body(req), true)), ok({})),
    DELETE: ({ state, params }) => (state.deleteIntegration(params.slug!), ok({})),
  },
  {
    path: '/integrations/:slug/workspaces',
    GET: ({ state, params }) => {
      const access = [...state.integration(params.slug!).access.values()];
      return ok({ total: access.length, workspaces: access });
    },
    PUT: ({ state, req, params }) => (state.setWorkspaceAccess(params.slug!, validWorkspaceAccess(body(req))), ok({})),
  },
  {
    path: '/providers',
    GET: ({ state, req }) => {
      const ws = scope(req) ? state.workspace(scope(req)!).id : undefined;
      return ok(listPage([...state.providers.values()].filter((p) => !ws || p.workspace_id === ws).map((p) => providerView(state, p)), page(req.query, 50)));
    },
    POST: ({ state, req }) => {
      const r = state.createProvider(validProvider(body(req)));
      return ok({ id: r.id, slug: r.slug });
    },
  },
  {
    path: '/providers/:slug',
    GET: ({ state, req, params }) => ok(providerView(state, state.provider(params.slug!, scope(req)))),
    PUT: ({ state, req, params }) => {
      const r = state.updateProvider(params.slug!, scope(req), validProvider(body(req), true));
      return ok({ id: r.id, slug: r.slug });
    },
    DELETE: ({ state, req, params }) => (state.deleteProvider(params.slug!, scope(req)), ok({})),
  },
  {
    path: '/configs',
    GET: ({ state, req }) => ok({ success: true, data: [...state.configs.values()].filter((c) => !scope(req) || c.workspace_id === state.workspace(scope(req)!).id).map(configListItem) }),
    POST: ({ state, req, answers }) => {
      const r = state.createConfig(validConfig(body(req)));
      return ok(answers.configCreate === 'flat' ? { id: r.id, slug: r.slug, version_id: r.version_id, object: 'config' } : { success: true, data: { id: r.id, version_id: r.version_id, slug: r.slug } });
    },
  },
  {
    path: '/configs/:slug',
    GET: ({ state, params, answers }) => ok({ success: true, data: configView(state.config(params.slug!), answers.configAsString) }),
    PUT: ({ state, req, params }) => ok({ success: true, data: { version_id: state.updateConfig(params.slug!, validConfig(body(req), true)).version_id } }),
    DELETE: ({ state, params }) => (state.deleteConfig(params.slug!), ok({})),
  },
];

ROUTES.push(
  {
    path: '/api-keys',
    GET: ({ state, req }) => {
      const ws = scope(req) ? state.workspace(scope(req)!).id : undefined;
      return ok(listPage([...state.apiKeys.values()].filter((k) => !ws || k.workspace_id === ws).map(apiKeyView), page(req.query, 50)));
    },
  },
  {
    path: '/api-keys/:id/rotate',
    POST: ({ state, req, params }) => {
      const r = state.rotateApiKey(params.id!, validRotation(req.body.length ? body(req) : {}));
      return ok({ id: r.id, key: r.key, key_transition_expires_at: new Date(r.previous_expires_at!).toISOString() });
    },
  },
  {
    path: '/api-keys/:id',
    GET: ({ state, params }) => ok(apiKeyView(state.apiKey(params.id!))),
    PUT: ({ state, req, params }) => (state.updateApiKey(params.id!, validApiKey(body(req), true)), ok({})),
    DELETE: ({ state, params }) => (state.deleteApiKey(params.id!), ok({})),
  },
  {
    path: '/api-keys/:type/:subType',
    POST: ({ state, req, params }) => {
      // Service keys only: user keys need users, which the emulator does not hold.
      if (!['workspace', 'organisation'].includes(params.type!) || params.subType !== 'service') throw invalid('type/sub-type: the sandbox emulates workspace and organisation service keys');
      const r = state.createApiKey(params.type as 'workspace' | 'organisation', validApiKey(body(req)));
      return ok({ id: r.id, key: r.key, object: 'api-key' });
    },
  },
);

/** The two policy collections: the same routes over usage limits and rate limits. */
for (const kind of ['usage-limits', 'rate-limits'] as PolicyKind[]) {
  ROUTES.push(
    {
      path: `/policies/${kind}`,
      GET: ({ state, req }) => {
        const ws = scope(req) ? state.workspace(scope(req)!).id : undefined;
        const status = req.query.get('status');
        const all = [...state.policies.values()].filter((p) => p.kind === kind && (!ws || p.workspace_id === ws) && (!status || p.status === status));
        return ok({ ...listPage(all.map((p) => policyView(state, p)), page(req.query, 50)), object: 'list' });
      },
      POST: ({ state, req }) => ok({ id: state.createPolicy(kind, validPolicy(kind, body(req))).id, object: `policy_${kind.replace('-', '_')}` }),
    },
    {
      path: `/policies/${kind}/:id`,
      GET: ({ state, params }) => ok({ ...policyView(state, state.policy(kind, params.id!)), object: `policy_${kind.replace('-', '_')}` }),
      PUT: ({ state, req, params }) => (state.updatePolicy(kind, params.id!, validPolicy(kind, body(req), true)), ok({})),
      DELETE: ({ state, params }) => (state.archivePolicy(kind, params.id!), ok({})),
    },
  );
}

export const findRoute = routeTable(ROUTES);
