/**
 * What the emulated GitHub holds: organisations, their repositories and environments, the Actions secrets of
 * each scope with its keypair, and the repositories' issues (issue-state.ts). Names compare case-insensitively (GitHub stores secret names upper-cased). Values
 * are kept decrypted (the emulator opened the sealed box) and leave only through the emulator's test accessors.
 */
import { newScopeKey, type ScopeKey } from './crypto';
import { conflict, notFound, unprocessable } from './errors';
import { IssueStore } from './issue-state';

export type Visibility = 'all' | 'private' | 'selected';

export interface SecretRecord {
  name: string;
  created_at: string;
  updated_at: string;
  plaintext: string;
  /** Organisation secrets only. */
  visibility?: Visibility;
  selected?: Set<number>;
}

export interface RepositoryRecord {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  environments: Map<string, EnvironmentRecord>;
  secrets: Map<string, SecretRecord>;
}

export interface EnvironmentRecord {
  id: number;
  name: string;
  created_at: string;
  updated_at: string;
  wait_timer?: number;
  prevent_self_review?: boolean;
  reviewers: Array<{ type: 'User' | 'Team'; id: number }>;
  deployment_branch_policy: { protected_branches: boolean; custom_branch_policies: boolean } | null;
  secrets: Map<string, SecretRecord>;
}

export interface OrgRecord {
  login: string;
  id: number;
  secrets: Map<string, SecretRecord>;
}

/** Which secrets: an organisation's, a repository's (`owner/name`), or one of its environments'. */
export type SecretScope = { org: string } | { repo: string; environment?: string };

/** Secret count limits per scope (docs "Limits for secrets"). */
export interface SecretLimits {
  org: number;
  repo: number;
  environment: number;
}
export const GITHUB_SECRET_LIMITS: SecretLimits = { org: 1000, repo: 100, environment: 100 };

/** GitHub's timestamps: ISO 8601 to the second. */
export const timestamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class GithubState {
  readonly orgs = new Map<string, OrgRecord>();
  readonly repos = new Map<string, RepositoryRecord>();
  private readonly keys = new Map<string, ScopeKey>();
  private nextId = 1_000_001;
  /** Issues, pull requests and their comments, per repository. */
  readonly issues: IssueStore;

  constructor(
    private readonly now: () => number,
    readonly limits: SecretLimits,
  ) {
    this.issues = new IssueStore(now);
  }

  addOrg(login: string): OrgRecord {
    const key = login.toLowerCase();
    let org = this.orgs.get(key);
    if (!org) this.orgs.set(key, (org = { login, id: this.nextId++, secrets: new Map() }));
    return org;
  }

  addRepository(owner: string, name: string, isPrivate = true): RepositoryRecord {
    this.addOrg(owner);
    const key = `${owner}/${name}`.toLowerCase();
    let repo = this.repos.get(key);
    if (!repo) this.repos.set(key, (repo = { id: this.nextId++, owner, name, private: isPrivate, environments: new Map(), secrets: new Map() }));
    return repo;
  }

  org(login: string): OrgRecord {
    const org = this.orgs.get(login.toLowerCase());
    if (!org) throw notFound();
    return org;
  }
  repo(owner: string, name: string): RepositoryRecord {
    const repo = this.repos.get(`${owner}/${name}`.toLowerCase());
    if (!repo) throw notFound();
    return repo;
  }
  repoById(id: number): RepositoryRecord | undefined {
    return [...this.repos.values()].find((r) => r.id === id);
  }
  environment(owner: string, repo: string, name: string): EnvironmentRecord {
    const env = this.repo(owner, repo).environments.get(name.toLowerCase());
    if (!env) throw notFound();
    return env;
  }

  /** Creates or updates an environment (GitHub's PUT does both). */
  putEnvironment(owner: string, repoName: string, name: string, settings: Partial<Pick<EnvironmentRecord, 'wait_timer' | 'prevent_self_review' | 'reviewers' | 'deployment_branch_policy'>>): EnvironmentRecord {
    const repo = this.repo(owner, repoName);
    const at = timestamp(this.now());
    let env = repo.environments.get(name.toLowerCase());
    if (!env) repo.environments.set(name.toLowerCase(), (env = { id: this.nextId++, name, created_at: at, updated_at: at, reviewers: [], deployment_branch_policy: null, secrets: new Map() }));
    Object.assign(env, Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)), { updated_at: at });
    return env;
  }

  deleteEnvironment(owner: string, repo: string, name: string): void {
    this.environment(owner, repo, name);
    this.repo(owner, repo).environments.delete(name.toLowerCase());
    this.keys.delete(this.scopeId({ repo: `${owner}/${repo}`, environment: name }));
  }

  /** The secrets map of a scope (404 when the organisation, repository or environment does not exist). */
  secrets(scope: SecretScope): Map<string, SecretRecord> {
    if ('org' in scope) return this.org(scope.org).secrets;
    const [owner = '', name = ''] = scope.repo.split('/');
    return scope.environment === undefined ? this.repo(owner, name).secrets : this.environment(owner, name, scope.environment).secrets;
  }

  secret(scope: SecretScope, name: string): SecretRecord {
    const s = this.secrets(scope).get(name.toUpperCase());
    if (!s) throw notFound();
    return s;
  }

  /** The scope's keypair, made on first use (the scope must exist). */
  key(scope: SecretScope): ScopeKey {
    this.secrets(scope);
    const id = this.scopeId(scope);
    let key = this.keys.get(id);
    if (!key) this.keys.set(id, (key = newScopeKey()));
    return key;
  }

  /** Replaces a scope's keypair (GitHub may rotate it; values sealed to the old key are then rejected). */
  rotateKey(scope: SecretScope): ScopeKey {
    this.keys.delete(this.scopeId(scope));
    return this.key(scope);
  }

  /** Stores a decrypted value; `created` tells 201 from 204. Every PUT moves `updated_at` (GitHub cannot compare values). */
  putSecret(scope: SecretScope, name: string, plaintext: string, org?: { visibility: Visibility; selected?: number[] }): { created: boolean; secret: SecretRecord } {
    const secrets = this.secrets(scope);
    const key = name.toUpperCase();
    const at = timestamp(this.now());
    const existing = secrets.get(key);
    if (!existing) {
      const limit = 'org' in scope ? this.limits.org : scope.environment === undefined ? this.limits.repo : this.limits.environment;
      if (secrets.size >= limit) throw unprocessable(`Secret limit reached: this ${'org' in scope ? 'organization' : scope.environment === undefined ? 'repository' : 'environment'} can have at most ${limit} secrets.`);
    }
    if (org?.selected) this.requireRepositories(org.selected);
    const secret: SecretRecord = existing ?? { name: key, created_at: at, updated_at: at, plaintext };
    secret.plaintext = plaintext;
    secret.updated_at = at;
    if (org) {
      secret.visibility = org.visibility;
      if (org.visibility !== 'selected') secret.selected = new Set();
      else if (org.selected) secret.selected = new Set(org.selected);
      else secret.selected ??= new Set();
    }
    secrets.set(key, secret);
    return { created: !existing, secret };
  }

  deleteSecret(scope: SecretScope, name: string): void {
    this.secret(scope, name);
    this.secrets(scope).delete(name.toUpperCase());
  }

  /** Selected repositories of an organisation secret; changing them needs visibility `selected` (409 otherwise). */
  setSelected(org: string, name: string, ids: number[]): void {
    const s = this.selectedSecret(org, name);
    this.requireRepositories(ids);
    s.selected = new Set(ids);
  }
  addSelected(org: string, name: string, id: number): void {
    const s = this.selectedSecret(org, name);
    this.requireRepositories([id]);
    s.selected!.add(id);
  }
  removeSelected(org: string, name: string, id: number): void {
    this.selectedSecret(org, name).selected!.delete(id);
  }

  private selectedSecret(org: string, name: string): SecretRecord {
    const s = this.secret({ org }, name);
    if (s.visibility !== 'selected') throw conflict("The secret's visibility is not 'selected'.");
    return s;
  }

  private requireRepositories(ids: number[]): void {
    const unknown = ids.filter((id) => !this.repoById(id));
    if (unknown.length) throw unprocessable(`Repository ${unknown.join(', ')} not found.`, unknown.map(() => ({ resource: 'Secret', field: 'selected_repository_ids', code: 'invalid' as const })));
  }

  private scopeId(scope: SecretScope): string {
    if ('org' in scope) return `org:${scope.org.toLowerCase()}`;
    return scope.environment === undefined ? `repo:${scope.repo.toLowerCase()}` : `env:${scope.repo.toLowerCase()}/${scope.environment.toLowerCase()}`;
  }
}
