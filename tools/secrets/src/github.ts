/*
 * GitHub Actions secrets through Octokit (throttling + retry plugins): list names and updated_at per scope (every
 * page), one public-key fetch per scope per run, sealed writes (libsodium crypto_box_seal), deletes. Writes are
 * paced (≥ 1 s apart by default, GitHub's advice for mutative requests) and never retried after the request may
 * have reached GitHub: a write that may have landed is settled by the ledger's intent on the next run instead of
 * being sent twice.
 */
import sodium from 'libsodium-wrappers';
import { createGithubClient, DEFAULT_WRITE_INTERVAL_MS, githubBaseUrl, githubFailure, GithubRequestError, type GithubClient } from '@sophia-ai/github-issues';
import type { GithubScope } from './manifest';

export { DEFAULT_GITHUB_API_URL, DEFAULT_WRITE_INTERVAL_MS } from '@sophia-ai/github-issues';
/** A GitHub API failure without headers, tokens or request bodies (sealed values never reach a message). */
export { GithubRequestError as GithubApiError };

export interface GithubSecretMeta {
  name: string;
  updatedAt: string;
}

export interface GithubClientOptions {
  token: string;
  /** Default GITHUB_API_URL, else https://api.github.com. */
  baseUrl?: string;
  writeIntervalMs?: number;
}

function failure(what: string, e: unknown): GithubRequestError {
  const status = (e as { response?: unknown; status?: number }).response ? (e as { status?: number }).status : undefined;
  const hint = status === 401 ? ' (check the token)' : status === 403 || status === 404 ? ' (the token needs Secrets read/write on this scope, and the scope must exist)' : '';
  return githubFailure(what, e, hint);
}

function scopeRoute(s: GithubScope): { base: string; params: Record<string, string> } {
  if (s.kind === 'organization') return { base: '/orgs/{org}/actions/secrets', params: { org: s.owner } };
  if (s.kind === 'repository') return { base: '/repos/{owner}/{repo}/actions/secrets', params: { owner: s.owner, repo: s.repository } };
  return { base: '/repos/{owner}/{repo}/environments/{environment_name}/secrets', params: { owner: s.owner, repo: s.repository, environment_name: s.environment } };
}

export class GithubSecrets {
  readonly baseUrl: string;
  private readonly octokit: GithubClient;
  private readonly keys = new Map<string, Promise<{ key_id: string; key: string }>>();
  private readonly repoIds = new Map<string, Promise<number>>();

  constructor(opts: GithubClientOptions) {
    this.baseUrl = githubBaseUrl(opts.baseUrl);
    const writeIntervalMs = opts.writeIntervalMs ?? (Number(process.env.SOPHIA_SECRETS_WRITE_INTERVAL_MS) || DEFAULT_WRITE_INTERVAL_MS);
    this.octokit = createGithubClient({ token: opts.token, baseUrl: this.baseUrl, userAgent: 'sophia-secrets', writeIntervalMs });
  }

  /** Names (upper-cased, as GitHub stores them) and updated_at of a scope's secrets, every page. */
  async list(scope: GithubScope): Promise<Map<string, GithubSecretMeta>> {
    const { base, params } = scopeRoute(scope);
    try {
      const all = await this.octokit.paginate(`GET ${base}`, { ...params, per_page: 100 });
      return new Map((all as Array<{ name: string; updated_at: string }>).map((s) => [s.name.toUpperCase(), { name: s.name.toUpperCase(), updatedAt: s.updated_at }]));
    } catch (e) {
      throw failure(`listing secrets of ${describeScope(scope)}`, e);
    }
  }

  private publicKey(scope: GithubScope): Promise<{ key_id: string; key: string }> {
    const id = describeScope(scope);
    let key = this.keys.get(id);
    if (!key) {
      const { base, params } = scopeRoute(scope);
      key = this.octokit.request(`GET ${base}/public-key`, params).then(
        (r) => r.data as { key_id: string; key: string },
        (e) => {
          throw failure(`reading the public key of ${id}`, e);
        },
      );
      key.catch(() => this.keys.delete(id));
      this.keys.set(id, key);
    }
    return key;
  }

  private repositoryId(owner: string, repo: string): Promise<number> {
    const id = `${owner}/${repo}`;
    let p = this.repoIds.get(id);
    if (!p) {
      p = this.octokit.request('GET /repos/{owner}/{repo}', { owner, repo }).then(
        (r) => (r.data as { id: number }).id,
        (e) => {
          throw failure(`reading repository ${id}`, e);
        },
      );
      this.repoIds.set(id, p);
    }
    return p;
  }

  /** Seals `value` to the scope's public key and writes it. Returns GitHub's clock at the write (its Date header). */
  async put(scope: GithubScope, name: string, value: string): Promise<{ updatedAt: string }> {
    const { key_id, key } = await this.publicKey(scope);
    await sodium.ready;
    const sealed = sodium.crypto_box_seal(sodium.from_string(value), sodium.from_base64(key, sodium.base64_variants.ORIGINAL));
    const encrypted_value = sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
    const { base, params } = scopeRoute(scope);
    const body: Record<string, unknown> = { ...params, secret_name: name, encrypted_value, key_id, request: { retries: 0 } };
    if (scope.kind === 'organization') {
      body.visibility = scope.visibility;
      if (scope.visibility === 'selected') body.selected_repository_ids = await Promise.all(scope.repositories.map((r) => this.repositoryId(scope.owner, r)));
    }
    try {
      const res = await this.octokit.request(`PUT ${base}/{secret_name}`, body);
      return { updatedAt: githubTime(res.headers.date) };
    } catch (e) {
      throw failure(`writing ${name} in ${describeScope(scope)}`, e);
    }
  }

  async delete(scope: GithubScope, name: string): Promise<void> {
    const { base, params } = scopeRoute(scope);
    try {
      await this.octokit.request(`DELETE ${base}/{secret_name}`, { ...params, secret_name: name, request: { retries: 0 } });
    } catch (e) {
      if ((e as { status?: number }).status === 404) return; // already gone: the goal state
      throw failure(`deleting ${name} in ${describeScope(scope)}`, e);
    }
  }
}

/** GitHub's timestamps are ISO 8601 to the second. */
function githubTime(date: string | undefined): string {
  const ms = date ? Date.parse(date) : NaN;
  return new Date(Number.isFinite(ms) ? ms : Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function describeScope(s: GithubScope): string {
  if (s.kind === 'organization') return `organisation ${s.owner}`;
  if (s.kind === 'repository') return `repository ${s.owner}/${s.repository}`;
  return `environment ${s.environment} of ${s.owner}/${s.repository}`;
}
