/**
 * The route table: every endpoint the emulator answers (paths relative to `/api/v1`), in the spec's order of
 * concerns. The first path that matches wins; a method it does not list is "no such route" (404).
 * Handlers validate (validation.ts), act on the state (state.ts) and answer its views (views.ts).
 */
import { routeTable, type Route } from '../core/routes';
import type { EmulatorRequest } from '../core/types';
import { invalid, ok, RateLimited, type Answer } from './errors';
import type { LambdaState } from './state';
import { NAME_MAX, requireObject, validFilesystemName, validLaunch, validName, validPublicKey, validRegion, validRules } from './validation';
import { filesystemView, globalRulesetView, instanceTypesView, instanceView, rulesetView } from './views';

export interface RouteContext {
  state: LambdaState;
  req: EmulatorRequest;
  /** Path parameters (`:id`). */
  params: Record<string, string>;
  /** Launch rate-limit window in ms (0: off). */
  launchWindowMs: number;
}

type Handler = (c: RouteContext) => Answer;

export const ROUTES: Array<Route<Handler>> = [
  { path: '/instance-types', GET: () => ok(instanceTypesView()) },
  { path: '/instance-operations/launch', POST: launch },
  {
    path: '/instance-operations/terminate',
    POST: ({ state, req }) => {
      const ids = req.json<{ instance_ids?: unknown }>()?.instance_ids;
      if (!Array.isArray(ids) || ids.length === 0 || ids.some((i) => typeof i !== 'string')) throw invalid('instance_ids: Field required');
      // The spec's example shows `terminating` in the answer, whatever the configured terminate time.
      return ok({ terminated_instances: state.terminate(ids).map((r) => ({ ...instanceView(state, r), status: 'terminating' })) });
    },
  },
  { path: '/instances', GET: ({ state, req }) => ok(state.listInstances(req.query.get('cluster_id')).map((r) => instanceView(state, r))) },
  {
    path: '/instances/:id',
    GET: ({ state, params }) => ok(instanceView(state, state.liveInstance(params.id))),
    POST: ({ state, req, params }) => {
      const r = state.liveInstance(params.id);
      const body = req.json<{ name?: unknown }>();
      if (body?.name !== undefined) {
        if (typeof body.name !== 'string' || body.name.length > NAME_MAX) throw invalid('name: String should have at most 64 characters');
        r.name = body.name;
      }
      return ok(instanceView(state, r));
    },
  },
  {
    path: '/ssh-keys',
    GET: ({ state }) => ok([...state.sshKeys.values()]),
    POST: ({ state, req }) => {
      const body = req.json<{ name?: unknown; public_key?: unknown }>();
      const name = validName(body?.name, 'name', 1, 64);
      return ok(state.addSshKey(name, body.public_key === undefined ? undefined : validPublicKey(body.public_key)));
    },
  },
  { path: '/ssh-keys/:id', DELETE: ({ state, params }) => (state.deleteSshKey(params.id), ok({})) },
  { path: '/file-systems', GET: ({ state }) => ok([...state.filesystems.values()].map((f) => filesystemView(state, f))) },
  {
    path: '/filesystems',
    POST: ({ state, req }) => {
      const body = req.json<{ name?: unknown; region?: unknown }>();
      const name = validFilesystemName(body?.name);
      return ok(filesystemView(state, state.createFilesystem(name, validRegion(body.region))));
    },
  },
  { path: '/filesystems/:id', DELETE: ({ state, params }) => (state.deleteFilesystem(params.id), ok({ deleted_ids: [params.id] })) },
  { path: '/images', GET: ({ state }) => ok(state.imageList) },
  {
    path: '/firewall-rules',
    GET: ({ state }) => ok(state.globalRules),
    PUT: ({ state, req }) => {
      state.globalRules = validRules(req.json<{ data?: unknown }>().data, 'data', 'Field required');
      return ok(state.globalRules);
    },
  },
  {
    path: '/firewall-rulesets',
    GET: ({ state }) => ok([...state.rulesets.values()].map((r) => rulesetView(state, r))),
    POST: ({ state, req }) => {
      const body = req.json<{ name?: unknown; region?: unknown; rules?: unknown }>();
      const name = validName(body?.name, 'name', 1, NAME_MAX);
      const region = validRegion(body.region);
      return ok(rulesetView(state, state.createRuleset(name, region, validRules(body.rules, 'rules', 'Field required'))));
    },
  },
  {
    path: '/firewall-rulesets/global',
    GET: ({ state }) => ok(globalRulesetView(state)),
    PATCH: ({ state, req }) => {
      const body = req.json<{ rules?: unknown }>();
      if (body.rules !== undefined) state.globalRules = validRules(body.rules, 'rules');
      return ok(globalRulesetView(state));
    },
  },
  {
    path: '/firewall-rulesets/:id',
    GET: ({ state, params }) => ok(rulesetView(state, state.ruleset(params.id))),
    PATCH: ({ state, req, params }) => {
      const rs = state.ruleset(params.id);
      const body = req.json<{ name?: unknown; rules?: unknown }>();
      if (body.name !== undefined) rs.name = validName(body.name, 'name', 1, NAME_MAX);
      if (body.rules !== undefined) rs.rules = validRules(body.rules, 'rules');
      return ok(rulesetView(state, rs));
    },
    DELETE: ({ state, params }) => (state.deleteRuleset(params.id), ok({})),
  },
];

/** Launch: one instance per request, limited to one request per `launchWindowMs` (checked before the body's fields). */
function launch({ state, req, launchWindowMs }: RouteContext): Answer {
  const body = requireObject(req.json());
  const t = state.now();
  if (launchWindowMs > 0 && state.lastLaunch !== undefined && t - state.lastLaunch < launchWindowMs) {
    const seconds = Math.ceil((state.lastLaunch + launchWindowMs - t) / 1000);
    return new RateLimited(seconds, 'Too many launch requests. Launches are limited to one request per 12 seconds.').answer();
  }
  return ok({ instance_ids: [state.launch(validLaunch(body))] });
}

/** The handler for a path under `/api/v1` (trailing slashes ignored) and method, with its parameters. */
export const findRoute = routeTable(ROUTES);
