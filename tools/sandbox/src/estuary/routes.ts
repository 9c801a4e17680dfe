/**
 * The route table (core/routes.ts): every endpoint the emulator answers (paths relative to `/v1`). Handlers
 * validate (validation.ts), act on the state (state.ts) and answer its views (views.ts).
 */
import { routeTable, type Route } from '../core/routes';
import type { EmulatorRequest } from '../core/types';
import { ok, type Answer } from './errors';
import type { EstuaryState } from './state';
import { requireObject, validItem } from './validation';
import { itemView } from './views';

export interface RouteContext {
  state: EstuaryState;
  req: EmulatorRequest;
  params: Record<string, string>;
}

type Handler = (c: RouteContext) => Answer;

export const ROUTES: Array<Route<Handler>> = [
  {
    path: '/items',
    GET: ({ state }) => ok([...state.items.values()].map(itemView)),
    POST: ({ state, req }) => ok(itemView(state.create(validItem(requireObject(req.json())))), 201),
  },
  {
    path: '/items/:id',
    GET: ({ state, params }) => ok(itemView(state.get(params.id!))),
    PATCH: ({ state, req, params }) => ok(itemView(state.update(params.id!, validItem(requireObject(req.json()), true)))),
    DELETE: ({ state, params }) => {
      state.delete(params.id!);
      return { status: 204 };
    },
  },
];

export const findRoute = routeTable(ROUTES);
