/**
 * What GitHub answers about its objects (the spec's schemas): secrets without values, organisation secrets with
 * visibility, repositories (`minimal-repository`), environments, the authenticated user, rate-limit status, and
 * pages (`total_count` + `Link` header).
 */
import type { EnvironmentRecord, OrgRecord, RepositoryRecord, SecretRecord } from './state';

export const secretView = (s: SecretRecord) => ({ name: s.name, created_at: s.created_at, updated_at: s.updated_at });

export function orgSecretView(base: string, org: OrgRecord, s: SecretRecord) {
  return {
    ...secretView(s),
    visibility: s.visibility ?? 'private',
    ...(s.visibility === 'selected' ? { selected_repositories_url: `${base}/orgs/${org.login}/actions/secrets/${s.name}/repositories` } : {}),
  };
}

const nodeId = (kind: string, id: number) => Buffer.from(`${kind}${id}`).toString('base64');

export function simpleUserView(base: string, login: string, id: number, type: 'User' | 'Organization') {
  const url = `${base}/users/${login}`;
  return {
    login, id, node_id: nodeId('04:User', id), avatar_url: `${base}/avatars/${id}`, gravatar_id: '', url, html_url: `${base}/${login}`,
    followers_url: `${url}/followers`, following_url: `${url}/following{/other_user}`, gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`, subscriptions_url: `${url}/subscriptions`, organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`, events_url: `${url}/events{/privacy}`, received_events_url: `${url}/received_events`, type, site_admin: false,
  };
}

export function repositoryView(base: string, r: RepositoryRecord, ownerId: number) {
  const url = `${base}/repos/${r.owner}/${r.name}`;
  const t = (suffix: string) => `${url}/${suffix}`;
  return {
    id: r.id, node_id: nodeId('010:Repository', r.id), name: r.name, full_name: `${r.owner}/${r.name}`,
    owner: simpleUserView(base, r.owner, ownerId, 'Organization'), private: r.private, html_url: `${base}/${r.owner}/${r.name}`,
    description: null, fork: false, url,
    archive_url: t('{archive_format}{/ref}'), assignees_url: t('assignees{/user}'), blobs_url: t('git/blobs{/sha}'), branches_url: t('branches{/branch}'),
    collaborators_url: t('collaborators{/collaborator}'), comments_url: t('comments{/number}'), commits_url: t('commits{/sha}'),
    compare_url: t('compare/{base}...{head}'), contents_url: t('contents/{+path}'), contributors_url: t('contributors'), deployments_url: t('deployments'),
    downloads_url: t('downloads'), events_url: t('events'), forks_url: t('forks'), git_commits_url: t('git/commits{/sha}'), git_refs_url: t('git/refs{/sha}'),
    git_tags_url: t('git/tags{/sha}'), hooks_url: t('hooks'), issue_comment_url: t('issues/comments{/number}'), issue_events_url: t('issues/events{/number}'),
    issues_url: t('issues{/number}'), keys_url: t('keys{/key_id}'), labels_url: t('labels{/name}'), languages_url: t('languages'), merges_url: t('merges'),
    milestones_url: t('milestones{/number}'), notifications_url: t('notifications{?since,all,participating}'), pulls_url: t('pulls{/number}'),
    releases_url: t('releases{/id}'), stargazers_url: t('stargazers'), statuses_url: t('statuses/{sha}'), subscribers_url: t('subscribers'),
    subscription_url: t('subscription'), tags_url: t('tags'), teams_url: t('teams'), trees_url: t('git/trees{/sha}'),
  };
}

export function environmentView(base: string, repo: RepositoryRecord, e: EnvironmentRecord) {
  const rules: Array<Record<string, unknown>> = [];
  if (e.wait_timer) rules.push({ id: e.id * 10 + 1, node_id: nodeId('04:Gate', e.id * 10 + 1), type: 'wait_timer', wait_timer: e.wait_timer });
  if (e.reviewers.length) {
    rules.push({
      id: e.id * 10 + 2, node_id: nodeId('04:Gate', e.id * 10 + 2), type: 'required_reviewers', prevent_self_review: e.prevent_self_review ?? false,
      // Team reviewers are answered with their type only: the emulator holds no teams.
      reviewers: e.reviewers.map((r) => (r.type === 'User' ? { type: r.type, reviewer: simpleUserView(base, `user-${r.id}`, r.id, 'User') } : { type: r.type })),
    });
  }
  if (e.deployment_branch_policy) rules.push({ id: e.id * 10 + 3, node_id: nodeId('04:Gate', e.id * 10 + 3), type: 'branch_policy' });
  return {
    id: e.id, node_id: nodeId('011:Environment', e.id), name: e.name,
    url: `${base}/repos/${repo.owner}/${repo.name}/environments/${encodeURIComponent(e.name)}`,
    html_url: `${base}/${repo.owner}/${repo.name}/deployments/activity_log?environments_filter=${encodeURIComponent(e.name)}`,
    created_at: e.created_at, updated_at: e.updated_at, protection_rules: rules, deployment_branch_policy: e.deployment_branch_policy,
  };
}

export function privateUserView(base: string, login: string, id: number, createdAt: string) {
  return {
    ...simpleUserView(base, login, id, 'User'), name: null, company: null, blog: null, location: null, email: null, hireable: null, bio: null,
    public_repos: 0, public_gists: 0, followers: 0, following: 0, created_at: createdAt, updated_at: createdAt,
    private_gists: 0, total_private_repos: 0, owned_private_repos: 0, disk_usage: 0, collaborators: 0, two_factor_authentication: true,
  };
}

export interface RateWindow {
  limit: number;
  remaining: number;
  reset: number;
  used: number;
  resource: string;
}

export const rateLimitHeaders = (w: RateWindow): Record<string, string> => ({
  'x-ratelimit-limit': String(w.limit),
  'x-ratelimit-remaining': String(w.remaining),
  'x-ratelimit-reset': String(w.reset),
  'x-ratelimit-used': String(w.used),
  'x-ratelimit-resource': w.resource,
});

/**
 * One page of `items` and its `Link` header (`next`, `last`, `first`, `prev` as GitHub sends them; none when
 * everything fits on one page).
 */
export function paged<T>(items: T[], perPage: number, page: number, url: string): { items: T[]; headers: Record<string, string> } {
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string) => {
    const u = new URL(url);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(p));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(Math.min(page - 1, last), 'prev'));
  return { items: items.slice((page - 1) * perPage, page * perPage), headers: links.length ? { link: links.join(', ') } : {} };
}
