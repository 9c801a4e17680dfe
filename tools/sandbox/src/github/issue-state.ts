/**
 * Issues and their comments, per repository. Pull requests are issues too (GitHub numbers both from one sequence
 * and answers a PR's conversation comments on the issue-comment endpoints), so a test can open one with
 * `openPullRequest` and comment on it like an issue. Labels named on an issue that the repository lacks are
 * created with GitHub's default colour, as GitHub does for a caller with push access.
 */
import { notFound } from './errors';
import { timestamp } from './state';

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
}

export interface IssueRecord {
  id: number;
  number: number;
  /** `owner/name` of the repository. */
  repo: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null;
  labels: LabelRecord[];
  pullRequest: boolean;
  user: { login: string; id: number };
  closed_by: { login: string; id: number } | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  comments: CommentRecord[];
}

export interface CommentRecord {
  id: number;
  issue: IssueRecord;
  body: string;
  user: { login: string; id: number };
  created_at: string;
  updated_at: string;
}

export interface IssueChange {
  title?: string;
  body?: string | null;
  state?: 'open' | 'closed';
  state_reason?: IssueRecord['state_reason'];
  labels?: string[];
}

/** GitHub's colour for a label created on the fly. */
const DEFAULT_LABEL_COLOR = 'ededed';

export class IssueStore {
  private readonly byRepo = new Map<string, IssueRecord[]>();
  private readonly labels = new Map<string, Map<string, LabelRecord>>();
  private readonly comments = new Map<number, CommentRecord>();
  private nextId = 5_000_001;

  constructor(private readonly now: () => number) {}

  list(repo: string): IssueRecord[] {
    return this.byRepo.get(repo.toLowerCase()) ?? [];
  }

  get(repo: string, number: number): IssueRecord {
    const issue = this.list(repo).find((i) => i.number === number);
    if (!issue) throw notFound();
    return issue;
  }

  create(repo: string, user: IssueRecord['user'], fields: { title: string; body?: string | null; labels?: string[] }, pullRequest = false): IssueRecord {
    const issues = this.byRepo.get(repo.toLowerCase()) ?? [];
    this.byRepo.set(repo.toLowerCase(), issues);
    const at = timestamp(this.now());
    const issue: IssueRecord = {
      id: this.nextId++, number: issues.length + 1, repo, title: fields.title, body: fields.body ?? null, state: 'open', state_reason: null,
      labels: this.labelsOf(repo, fields.labels ?? []), pullRequest, user, closed_by: null, created_at: at, updated_at: at, closed_at: null, comments: [],
    };
    issues.push(issue);
    return issue;
  }

  /** PATCH semantics: only the given fields change; closing records who and when, reopening clears both. */
  update(repo: string, number: number, user: IssueRecord['user'], change: IssueChange): IssueRecord {
    const issue = this.get(repo, number);
    const at = timestamp(this.now());
    if (change.title !== undefined) issue.title = change.title;
    if (change.body !== undefined) issue.body = change.body;
    if (change.labels !== undefined) issue.labels = this.labelsOf(repo, change.labels);
    if (change.state !== undefined && change.state !== issue.state) {
      issue.state = change.state;
      issue.closed_at = change.state === 'closed' ? at : null;
      issue.closed_by = change.state === 'closed' ? user : null;
      // `state_reason` is ignored unless the state changes (the spec); GitHub's defaults are completed / reopened.
      issue.state_reason = change.state === 'closed' ? (change.state_reason ?? 'completed') : 'reopened';
    }
    issue.updated_at = at;
    return issue;
  }

  addComment(repo: string, number: number, user: IssueRecord['user'], body: string): CommentRecord {
    const issue = this.get(repo, number);
    const at = timestamp(this.now());
    const comment: CommentRecord = { id: this.nextId++, issue, body, user, created_at: at, updated_at: at };
    issue.comments.push(comment);
    issue.updated_at = at;
    this.comments.set(comment.id, comment);
    return comment;
  }

  comment(repo: string, id: number): CommentRecord {
    const comment = this.comments.get(id);
    if (!comment || comment.issue.repo.toLowerCase() !== repo.toLowerCase()) throw notFound();
    return comment;
  }

  updateComment(repo: string, id: number, body: string): CommentRecord {
    const comment = this.comment(repo, id);
    comment.body = body;
    comment.updated_at = timestamp(this.now());
    return comment;
  }

  private labelsOf(repo: string, names: string[]): LabelRecord[] {
    let known = this.labels.get(repo.toLowerCase());
    if (!known) this.labels.set(repo.toLowerCase(), (known = new Map()));
    const out = new Map<string, LabelRecord>();
    for (const name of names) {
      let label = known.get(name.toLowerCase());
      if (!label) known.set(name.toLowerCase(), (label = { id: this.nextId++, name, color: DEFAULT_LABEL_COLOR }));
      out.set(name.toLowerCase(), label);
    }
    return [...out.values()];
  }
}
