/** What GitHub answers about issues (the spec's `issue` schema) and their comments (`issue-comment`). */
import type { CommentRecord, IssueRecord, LabelRecord } from './issue-state';
import { simpleUserView } from './views';

const nodeId = (kind: string, id: number) => Buffer.from(`${kind}${id}`).toString('base64');
const userView = (base: string, u: { login: string; id: number }) => simpleUserView(base, u.login, u.id, 'User');

const labelView = (base: string, repo: string, l: LabelRecord) => ({
  id: l.id, node_id: nodeId('08:Label', l.id), url: `${base}/repos/${repo}/labels/${encodeURIComponent(l.name)}`, name: l.name, description: null, color: l.color, default: false,
});

export function issueView(base: string, i: IssueRecord) {
  const url = `${base}/repos/${i.repo}/issues/${i.number}`;
  const html = `${base}/${i.repo}/${i.pullRequest ? 'pull' : 'issues'}/${i.number}`;
  return {
    id: i.id, node_id: nodeId(i.pullRequest ? '011:PullRequest' : '05:Issue', i.id), url, repository_url: `${base}/repos/${i.repo}`,
    labels_url: `${url}/labels{/name}`, comments_url: `${url}/comments`, events_url: `${url}/events`, html_url: html, number: i.number,
    state: i.state, state_reason: i.state_reason, title: i.title, body: i.body, user: userView(base, i.user),
    labels: i.labels.map((l) => labelView(base, i.repo, l)), assignee: null, assignees: [], milestone: null, locked: false, active_lock_reason: null,
    comments: i.comments.length, closed_at: i.closed_at, created_at: i.created_at, updated_at: i.updated_at,
    closed_by: i.closed_by && userView(base, i.closed_by), author_association: 'MEMBER', timeline_url: `${url}/timeline`,
    ...(i.pullRequest
      ? { pull_request: { url: `${base}/repos/${i.repo}/pulls/${i.number}`, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`, merged_at: null }, draft: false }
      : {}),
  };
}

export function commentView(base: string, c: CommentRecord) {
  return {
    id: c.id, node_id: nodeId('012:IssueComment', c.id), url: `${base}/repos/${c.issue.repo}/issues/comments/${c.id}`,
    html_url: `${base}/${c.issue.repo}/${c.issue.pullRequest ? 'pull' : 'issues'}/${c.issue.number}#issuecomment-${c.id}`,
    body: c.body, user: userView(base, c.user), created_at: c.created_at, updated_at: c.updated_at,
    issue_url: `${base}/repos/${c.issue.repo}/issues/${c.issue.number}`, author_association: 'MEMBER', performed_via_github_app: null,
  };
}
