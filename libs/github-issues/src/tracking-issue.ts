/**
 * One open issue per concern (an environment's failing secrets, a stack's drift): found by its label and the
 * hidden marker at the top of its body, updated instead of duplicated, created when there is none, closed with a
 * comment when the concern is resolved. A closed issue stays closed: the next failure opens a fresh one, so each
 * issue tells one incident.
 */
import type { GithubClient } from './client';
import { githubFailure } from './client';
import { findOrCreate, type Outcome } from './converge';
import { carriesMarker, markedBody, markerLine } from './marker';

export interface TrackingIssueRef {
  owner: string;
  repo: string;
  /** The label the issue carries (and is listed by), e.g. `secrets:production`. */
  label: string;
  /** What makes the issue this concern's, e.g. `secrets-validate:production`. */
  marker: string;
}

export interface TrackedIssue {
  number: number;
  url: string;
}

interface IssueItem {
  number: number;
  title: string;
  body?: string | null;
  html_url: string;
  pull_request?: unknown;
}

interface Labelled extends IssueItem {
  labels?: Array<string | { name?: string }>;
}

/**
 * The open issues of this concern, oldest first (pull requests, which the issues list also answers, excluded):
 * those with the label, else any open issue with the marker. GitHub silently drops labels a token may not set,
 * and an issue found by the label only would then be opened again by every run.
 */
async function openIssues(octokit: GithubClient, ref: TrackingIssueRef): Promise<Labelled[]> {
  const line = markerLine(ref.marker);
  const list = async (labels?: string) => {
    const all = (await octokit.paginate(octokit.rest.issues.listForRepo, { owner: ref.owner, repo: ref.repo, state: 'open', per_page: 100, ...(labels ? { labels } : {}) })) as Labelled[];
    return all.filter((i) => !i.pull_request && carriesMarker(i.body, line)).sort((a, b) => a.number - b.number);
  };
  try {
    const labelled = await list(ref.label);
    return labelled.length ? labelled : await list();
  } catch (e) {
    throw githubFailure(`listing the open issues labelled ${ref.label} in ${ref.owner}/${ref.repo}`, e, ' (the token needs Issues read/write on the repository)');
  }
}

const hasLabel = (i: Labelled, label: string) => (i.labels ?? []).some((l) => (typeof l === 'string' ? l : l.name) === label);

/** The issue of this concern with `title` and `body`: the open one updated (when it differs), or a new one. */
export async function upsertTrackingIssue(octokit: GithubClient, ref: TrackingIssueRef & { title: string; body: string }): Promise<TrackedIssue & { outcome: Outcome }> {
  const body = markedBody(markerLine(ref.marker), ref.body);
  const where = `${ref.owner}/${ref.repo}`;
  const { outcome, value } = await findOrCreate<Labelled>({
    find: async () => (await openIssues(octokit, ref))[0],
    update: async (issue) => {
      const labelled = hasLabel(issue, ref.label);
      if (issue.title === ref.title && issue.body === body && labelled) return false;
      try {
        // `labels` replaces the set: the issue's own labels are kept, ours put back if it was dropped.
        const labels = labelled ? {} : { labels: [...(issue.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name ?? '')).filter(Boolean), ref.label] };
        await octokit.rest.issues.update({ owner: ref.owner, repo: ref.repo, issue_number: issue.number, title: ref.title, body, ...labels });
      } catch (e) {
        throw githubFailure(`updating issue #${issue.number} in ${where}`, e);
      }
      return true;
    },
    create: async () => (await octokit.rest.issues.create({ owner: ref.owner, repo: ref.repo, title: ref.title, body, labels: [ref.label], request: { retries: 0 } })).data as Labelled,
    createFailed: (e) => githubFailure(`creating an issue in ${where}`, e, ' (the token needs Issues read/write on the repository)'),
  });
  return { outcome, number: value.number, url: value.html_url };
}

/**
 * Closes this concern's open issue (every one, should there be several) with `comment` and state_reason
 * `completed`. Nothing open: nothing to do. A close interrupted after its comment posts no second comment.
 */
export async function closeTrackingIssue(octokit: GithubClient, ref: TrackingIssueRef & { comment: string }): Promise<TrackedIssue[]> {
  const closing = markerLine(`${ref.marker}:resolved`);
  const closed: TrackedIssue[] = [];
  for (const issue of await openIssues(octokit, ref)) {
    const at = `issue #${issue.number} in ${ref.owner}/${ref.repo}`;
    const params = { owner: ref.owner, repo: ref.repo, issue_number: issue.number };
    try {
      await findOrCreate({
        // The closing comment of an earlier, interrupted close is the issue's last comment.
        find: async () => {
          const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...params, per_page: 100 });
          return carriesMarker(comments.at(-1)?.body, closing) ? true : undefined;
        },
        update: async () => false,
        create: async () => (await octokit.rest.issues.createComment({ ...params, body: markedBody(closing, ref.comment), request: { retries: 0 } }), true),
        createFailed: (e) => e as Error,
      });
      await octokit.rest.issues.update({ ...params, state: 'closed', state_reason: 'completed' });
    } catch (e) {
      throw githubFailure(`closing ${at}`, e);
    }
    closed.push({ number: issue.number, url: issue.html_url });
  }
  return closed;
}
