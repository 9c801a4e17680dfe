/**
 * Issues and issue comments (PR conversation comments are issue comments): create, list by state and labels,
 * get, update (title, body, state with state_reason, labels); list, create and update comments. Bodies are
 * checked as GitHub checks them (the spec's request schemas; title required; bodies at most 65536 characters).
 */
import type { Route } from '../core/routes';
import { invalid, notFound, ok, unprocessable, type Answer } from './errors';
import type { IssueChange, IssueRecord } from './issue-state';
import { commentView, issueView } from './issue-views';
import type { RouteContext } from './routes';
import { pageParams, requireObject } from './validation';
import { paged } from './views';

type Handler = (c: RouteContext) => Answer;

/** GitHub refuses issue and comment bodies longer than this (`body is too long (maximum is 65536 characters)`). */
export const ISSUE_BODY_MAX_CHARS = 65_536;
const STATE_REASONS = new Set(['completed', 'not_planned', 'duplicate', 'reopened']);

/** `owner/name` of the addressed repository (404 when it does not exist). */
const existingRepo = (c: RouteContext) => (c.state.repo(c.params.owner!, c.params.repo!), `${c.params.owner}/${c.params.repo}`);

function positive(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw notFound();
  return n;
}

function validBody(value: unknown, resource: 'Issue' | 'IssueComment', required: boolean): string | null | undefined {
  if (value === undefined) {
    if (required) throw invalid('"body" wasn\'t supplied.', [{ resource, field: 'body', code: 'missing_field' }]);
    return undefined;
  }
  if (value === null && !required) return null;
  if (typeof value !== 'string') throw invalid('"body" must be a string.', [{ resource, field: 'body', code: 'invalid' }]);
  if (value.length > ISSUE_BODY_MAX_CHARS) throw unprocessable('Validation Failed', [{ resource, field: 'body', code: 'custom', message: `body is too long (maximum is ${ISSUE_BODY_MAX_CHARS} characters)` }]);
  return value;
}

function validLabels(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const names = Array.isArray(value) ? value.map((l) => (typeof l === 'string' ? l : l && typeof l === 'object' ? (l as { name?: unknown }).name : undefined)) : undefined;
  if (!names || !names.every((n): n is string => typeof n === 'string' && n.trim().length > 0)) throw invalid('"labels" must be an array of label names.', [{ resource: 'Issue', field: 'labels', code: 'invalid' }]);
  return names;
}

function validTitle(value: unknown, required: boolean): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw unprocessable('Validation Failed', [{ resource: 'Issue', field: 'title', code: 'missing_field' }]);
    return undefined;
  }
  if (typeof value !== 'string' && typeof value !== 'number') throw invalid('"title" must be a string.', [{ resource: 'Issue', field: 'title', code: 'invalid' }]);
  if (String(value).trim() === '') throw unprocessable('Validation Failed', [{ resource: 'Issue', field: 'title', code: 'missing_field' }]);
  return String(value);
}

function validChange(body: unknown): IssueChange {
  const b = requireObject(body);
  if (b.state !== undefined && b.state !== 'open' && b.state !== 'closed') throw invalid('"state" must be one of open, closed.', [{ resource: 'Issue', field: 'state', code: 'invalid' }]);
  if (b.state_reason !== undefined && b.state_reason !== null && !STATE_REASONS.has(String(b.state_reason))) {
    throw invalid('"state_reason" must be one of completed, not_planned, duplicate, reopened.', [{ resource: 'Issue', field: 'state_reason', code: 'invalid' }]);
  }
  return {
    title: validTitle(b.title, false),
    body: validBody(b.body, 'Issue', false),
    state: b.state as IssueChange['state'],
    state_reason: (b.state_reason ?? undefined) as IssueChange['state_reason'],
    labels: validLabels(b.labels),
  };
}

/** `GET /repos/{o}/{r}/issues`: `state` (open | closed | all), `labels` (all of them, comma-separated), `sort`, `direction`. */
function listIssues(c: RouteContext): Answer {
  const q = c.req.query;
  const state = q.get('state') ?? 'open';
  if (!['open', 'closed', 'all'].includes(state)) throw invalid('"state" must be one of open, closed, all.');
  const sort = q.get('sort') ?? 'created';
  if (!['created', 'updated', 'comments'].includes(sort)) throw invalid('"sort" must be one of created, updated, comments.');
  const direction = q.get('direction') ?? 'desc';
  const wanted = (q.get('labels') ?? '').split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
  const key = (i: IssueRecord) => (sort === 'comments' ? i.comments.length : sort === 'updated' ? i.updated_at : i.created_at);
  const issues = c.state.issues
    .list(existingRepo(c))
    .filter((i) => state === 'all' || i.state === state)
    .filter((i) => wanted.every((w) => i.labels.some((l) => l.name.toLowerCase() === w)))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.number - b.number) * (direction === 'asc' ? 1 : -1));
  const { perPage, page } = pageParams(q);
  const p = paged(issues, perPage, page, `${c.base}${c.req.path}${q.size ? `?${q}` : ''}`);
  return ok(p.items.map((i) => issueView(c.base, i)), 200, p.headers);
}

export const ISSUE_ROUTES: Array<Route<Handler>> = [
  {
    path: '/repos/:owner/:repo/issues',
    GET: listIssues,
    POST: (c) => {
      const repo = existingRepo(c);
      const b = requireObject(c.req.json());
      const issue = c.state.issues.create(repo, c.user, { title: validTitle(b.title, true)!, body: validBody(b.body, 'Issue', false), labels: validLabels(b.labels) });
      return ok(issueView(c.base, issue), 201, { location: `${c.base}/repos/${repo}/issues/${issue.number}` });
    },
  },
  {
    path: '/repos/:owner/:repo/issues/comments/:commentId',
    PATCH: (c) => {
      const body = validBody(requireObject(c.req.json()).body, 'IssueComment', true)!;
      return ok(commentView(c.base, c.state.issues.updateComment(existingRepo(c), positive(c.params.commentId!), body)));
    },
  },
  {
    path: '/repos/:owner/:repo/issues/:number',
    GET: (c) => ok(issueView(c.base, c.state.issues.get(existingRepo(c), positive(c.params.number!)))),
    PATCH: (c) => {
      const repo = existingRepo(c);
      const number = positive(c.params.number!);
      c.state.issues.get(repo, number);
      return ok(issueView(c.base, c.state.issues.update(repo, number, c.user, validChange(c.req.json()))));
    },
  },
  {
    path: '/repos/:owner/:repo/issues/:number/comments',
    GET: (c) => {
      const issue = c.state.issues.get(existingRepo(c), positive(c.params.number!));
      const since = c.req.query.get('since');
      const comments = issue.comments.filter((x) => !since || x.updated_at >= since);
      const { perPage, page } = pageParams(c.req.query);
      const p = paged(comments, perPage, page, `${c.base}${c.req.path}${c.req.query.size ? `?${c.req.query}` : ''}`);
      return ok(p.items.map((x) => commentView(c.base, x)), 200, p.headers);
    },
    POST: (c) => {
      const repo = existingRepo(c);
      const number = positive(c.params.number!);
      c.state.issues.get(repo, number);
      const body = validBody(requireObject(c.req.json()).body, 'IssueComment', true)!;
      const comment = c.state.issues.addComment(repo, number, c.user, body);
      return ok(commentView(c.base, comment), 201, { location: commentView(c.base, comment).url });
    },
  },
];
