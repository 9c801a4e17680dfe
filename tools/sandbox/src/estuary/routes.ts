/**
 * The route table (core/routes.ts) of the PostgREST API, paths relative to `/rest/v1` (service-apis §3.2 steps
 * 1–6 and the live specs read). Handlers validate (validation.ts), act on the state (state.ts) and answer rows
 * (query.ts, views.ts).
 */
import { routeTable, type Route } from '../core/routes';
import type { EmulatorRequest } from '../core/types';
import { invalid, type Answer } from './errors';
import { answerRows, filtersOf } from './query';
import type { EstuaryState } from './state';
import { requireObject, validDraftSpec } from './validation';
import { connectorView, liveSpecView, publicationView } from './views';

export interface RouteContext {
  state: EstuaryState;
  req: EmulatorRequest;
  /** The authenticated user (the access token's subject). */
  user: string;
}

type Handler = (c: RouteContext) => Answer;

const prefers = (req: EmulatorRequest, what: string) => String(req.headers.prefer ?? '').split(',').map((s) => s.trim()).includes(what);
/** Inserts answer their rows when asked (`Prefer: return=representation` or a `select`), else 201 with no body. */
const inserted = (req: EmulatorRequest, rows: Array<Record<string, unknown>>): Answer =>
  prefers(req, 'return=representation') || req.query.has('select') ? answerRows(req, rows, 201) : { status: 201 };

export const ROUTES: Array<Route<Handler>> = [
  {
    path: '/drafts',
    GET: ({ state, req, user }) => answerRows(req, [...state.drafts.values()].filter((d) => d.user_id === user).map((d) => ({ ...d })).filter(filtersOf(req.query))),
    POST: ({ state, req, user }) => {
      const body = requireObject(req.json());
      if (body.detail !== undefined && body.detail !== null && typeof body.detail !== 'string') throw invalid('detail: a string');
      return inserted(req, [{ ...state.createDraft((body.detail as string | undefined) ?? null, user) }]);
    },
    DELETE: ({ state, req, user }) => {
      const where = filtersOf(req.query);
      if (![...req.query.keys()].some((k) => k !== 'select')) throw invalid('DELETE requires a filter', 'PostgREST refuses unfiltered deletes here');
      const gone = state.deleteDrafts((d) => d.user_id === user && where({ ...d }));
      return prefers(req, 'return=representation') ? answerRows(req, gone.map((d) => ({ ...d }))) : { status: 204 };
    },
  },
  {
    path: '/draft_specs',
    GET: ({ state, req }) => answerRows(req, [...state.draftSpecs.values()].map((s) => ({ ...s })).filter(filtersOf(req.query))),
    POST: ({ state, req }) => {
      const body = req.json();
      const rows = (Array.isArray(body) ? body : [body]).map(validDraftSpec);
      const merge = req.query.get('on_conflict') === 'draft_id,catalog_name' && prefers(req, 'resolution=merge-duplicates');
      return inserted(req, state.upsertDraftSpecs(rows, merge).map((r) => ({ ...r })));
    },
  },
  {
    path: '/publications',
    GET: ({ state, req, user }) =>
      // Only the publications asked for advance (a read is what moves a queued job on, see state.ts).
      answerRows(req, [...state.publications.values()].filter((p) => p.user_id === user && filtersOf(req.query)(publicationView(p))).map((p) => publicationView(state.observe(p)))),
    POST: ({ state, req, user }) => {
      const b = requireObject(req.json());
      if (typeof b.draft_id !== 'string') throw invalid('draft_id: required');
      if (b.dry_run !== undefined && typeof b.dry_run !== 'boolean') throw invalid('dry_run: a boolean');
      const p = state.createPublication({ draft_id: b.draft_id, dry_run: b.dry_run === true, detail: typeof b.detail === 'string' ? b.detail : null, data_plane_name: typeof b.data_plane_name === 'string' ? b.data_plane_name : null }, user);
      return inserted(req, [publicationView(p)]);
    },
  },
  {
    path: '/draft_errors',
    GET: ({ state, req }) => answerRows(req, state.draftErrors.map((e) => ({ ...e })).filter(filtersOf(req.query))),
  },
  {
    path: '/live_specs_ext',
    GET: ({ state, req }) => answerRows(req, [...state.liveSpecs.values()].sort((a, b) => a.catalog_name.localeCompare(b.catalog_name)).map(liveSpecView).filter(filtersOf(req.query))),
  },
  {
    path: '/connectors',
    GET: ({ state, req }) => {
      const tagFilter = req.query.get('connector_tags.image_tag');
      const images = [...new Set(state.connectors.map((c) => c.imageName))];
      const rows = images
        .map((image) => connectorView(image, state.connectors.filter((c) => c.imageName === image && (!tagFilter || `eq.${c.imageTag}` === tagFilter))))
        .filter(filtersOf(req.query));
      return answerRows(req, rows);
    },
  },
];

export const findRoute = routeTable(ROUTES);
