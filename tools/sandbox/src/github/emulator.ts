/**
 * GitHub REST emulator for Actions secrets (spec api.github.com 1.1.4): organisation secrets (visibility all /
 * private / selected and their selected repositories), repository secrets, environment secrets and environments,
 * the public key of every scope, `GET /repos/{owner}/{repo}` (repository ids), issues and issue comments (also a
 * pull request's conversation comments), `GET /user` and `GET /rate_limit`. Serve it like every emulator:
 *
 *   const github = new GithubEmulator();                      // org `sophia-ai` with SANDBOX_GITHUB_REPOSITORIES
 *   const server = await serveEmulator(github);               // server.url → Octokit `baseUrl` (GITHUB_API_URL)
 *   // Authorization: `Bearer <t>` or `token <t>` with SANDBOX_GITHUB_TOKEN (or the `tokens` option)
 *   github.secretPlaintext({ repo: 'sophia-ai/sophia-ml-models' }, 'OPENAI_API_KEY');      // test-only, never over HTTP
 *   github.secretPlaintext({ repo: 'sophia-ai/sophia-ml-models', environment: 'production' }, 'X');
 *   github.secretPlaintext({ org: 'sophia-ai' }, 'X');
 *   server.faults.dropAfterHandle({ next: 1, method: 'PUT', path: '/repos/*' });  // 429 / 5xx / delay / drop: core/faults.ts
 *   github.control({ secondary: { next: 1, retryAfterSeconds: 2 } });             // GitHub's secondary rate limit
 *
 * Each scope has a real Curve25519 keypair (libsodium): PUT bodies are `{encrypted_value, key_id}` sealed with
 * `crypto_box_seal` (sealForGithub in crypto.ts does what a client does); the emulator opens them and keeps the
 * plaintext for the test accessors only. A stale `key_id` or a box that does not open is 422. GET never answers
 * values. Names follow GitHub's rules (A–Z, 0–9, _, no leading digit, no GITHUB_ prefix, case-insensitive,
 * stored upper-case), values are at most 48 KB, scopes hold at most 1000 (org) / 100 (repo, environment) secrets.
 *
 * Rate limits: every authenticated answer carries `x-ratelimit-limit/remaining/reset/used/resource` (primary
 * limit per token, default 5000 per hour; `/rate_limit` does not count); when exhausted the answer is 403 (or
 * 429, switchable) "API rate limit exceeded". The secondary limit is switchable: 403 with `retry-after` and the
 * documented "You have exceeded a secondary rate limit" message. Choices where GitHub documents nothing are in
 * tools/sandbox/README.md.
 */
import type { Emulator, EmulatorRequest, EmulatorResponse } from '../core/types';
import { matches, type FaultMatch } from '../core/faults';
import { sodiumReady } from './crypto';
import { GithubError, errorBody } from './errors';
import { findRoute } from './routes';
import { GITHUB_SECRET_LIMITS, GithubState, timestamp, type RepositoryRecord, type SecretLimits, type SecretScope, type Visibility } from './state';
import { privateUserView, rateLimitHeaders, type RateWindow } from './views';

export { sealForGithub } from './crypto';
export type { SecretScope, Visibility } from './state';

/**
 * The sandbox's own token: accepted by the emulator only, never valid at GitHub. The same value as
 * stacks/github/Pulumi.local.yaml's `github:token`, so local configuration and the emulator agree.
 */
export const SANDBOX_GITHUB_TOKEN = 'ghp_SandboxLocalEmulatorOnly7Kq2Vd9Lm4Xw';

/** The sandbox organisation's repositories (those stacks/github declares). */
export const SANDBOX_GITHUB_REPOSITORIES: ReadonlyArray<{ owner: string; name: string; private: boolean }> = [
  { owner: 'sophia-ai', name: 'sophia-ai-infrastructure', private: true },
  { owner: 'sophia-ai', name: 'sophia-data-pipelines', private: true },
  { owner: 'sophia-ai', name: 'sophia-ml-models', private: true },
  { owner: 'sophia-ai', name: '.github', private: false },
];

export interface GithubEmulatorOptions {
  /** Tokens accepted (`Authorization: Bearer|token <t>`). Default: [SANDBOX_GITHUB_TOKEN]. */
  tokens?: string[];
  /** Repositories (and so organisations) that exist. Default: SANDBOX_GITHUB_REPOSITORIES. */
  repositories?: ReadonlyArray<{ owner: string; name: string; private?: boolean }>;
  /** The authenticated user `/user` answers. */
  user?: { login: string; id: number };
  /** Primary rate limit per token per hour (default 5000, a PAT's). */
  primaryLimit?: number;
  limits?: Partial<SecretLimits>;
  now?: () => number;
}

/** The switchable secondary rate limit: the next N matching requests get it (the API does not act). */
export interface SecondaryLimit extends FaultMatch {
  next: number;
  /** `retry-after` in seconds (default 60); null sends none (clients then wait a minute). */
  retryAfterSeconds?: number | null;
  status?: 403 | 429;
}

const HOUR_MS = 3_600_000;

export class GithubEmulator implements Emulator {
  readonly name = 'github';
  readonly envVar = 'GITHUB_API_URL';
  private state!: GithubState;
  private tokens: Set<string>;
  private readonly now: () => number;
  private readonly user: { login: string; id: number };
  private primaryLimit: number;
  private primaryStatus: 403 | 429 = 403;
  private windows = new Map<string, { start: number; used: number }>();
  private secondary?: SecondaryLimit;

  constructor(private readonly opts: GithubEmulatorOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.tokens = new Set(opts.tokens ?? [SANDBOX_GITHUB_TOKEN]);
    this.user = opts.user ?? { login: 'sophia-ai-sync-bot', id: 90_000_001 };
    this.primaryLimit = opts.primaryLimit ?? 5000;
    this.reset();
  }

  /** Empties every scope (keys included) and restores the rate limits; the repositories stay. */
  reset(): void {
    this.state = new GithubState(this.now, { ...GITHUB_SECRET_LIMITS, ...this.opts.limits });
    for (const r of this.opts.repositories ?? SANDBOX_GITHUB_REPOSITORIES) this.state.addRepository(r.owner, r.name, r.private ?? true);
    this.windows.clear();
    this.secondary = undefined;
    this.primaryLimit = this.opts.primaryLimit ?? 5000;
    this.primaryStatus = 403;
  }

  /**
   * Knobs (tests, or `POST /_sandbox/faults`): `tokens`, `primaryLimit` (per hour), `primaryRemaining` (sets what
   * is left of every token's current window), `primaryStatus` (403 | 429 when exhausted), `secondary`
   * ({next, retryAfterSeconds?, status?, method?, path?} or null).
   */
  control(settings: Record<string, unknown>): void {
    if (Array.isArray(settings.tokens)) this.tokens = new Set(settings.tokens.map(String));
    if (typeof settings.primaryLimit === 'number') this.primaryLimit = settings.primaryLimit;
    if (settings.primaryStatus === 403 || settings.primaryStatus === 429) this.primaryStatus = settings.primaryStatus;
    if (typeof settings.primaryRemaining === 'number') {
      for (const token of this.tokens) this.window(token).used = Math.max(0, this.primaryLimit - (settings.primaryRemaining as number));
    }
    if (settings.secondary === null) this.secondary = undefined;
    else if (settings.secondary && typeof settings.secondary === 'object') this.secondary = { ...(settings.secondary as SecondaryLimit) };
  }

  errorBody(status: number, _code: string, message: string): unknown {
    return errorBody(status, message);
  }

  /** Test-only: the decrypted value of a secret (undefined when absent). Never answered over HTTP. */
  secretPlaintext(scope: SecretScope, name: string): string | undefined {
    try {
      return this.state.secret(scope, name).plaintext;
    } catch {
      return undefined;
    }
  }
  /** Test helper: a secret's metadata (name, created_at, updated_at, visibility, selected repository ids). */
  secretInfo(scope: SecretScope, name: string): { name: string; created_at: string; updated_at: string; visibility?: Visibility; selected?: number[] } | undefined {
    const s = this.state.secrets(scope).get(name.toUpperCase());
    return s && { name: s.name, created_at: s.created_at, updated_at: s.updated_at, visibility: s.visibility, selected: s.selected && [...s.selected].sort((a, b) => a - b) };
  }
  /** Test helper: the names in a scope, sorted. */
  secretNames(scope: SecretScope): string[] {
    return [...this.state.secrets(scope).keys()].sort();
  }
  /** Test helper: a repository that exists (its `id` is what selected-repository calls take). */
  repository(fullName: string): RepositoryRecord {
    const [owner = '', name = ''] = fullName.split('/');
    return this.state.repo(owner, name);
  }
  addRepository(owner: string, name: string, isPrivate = true): RepositoryRecord {
    return this.state.addRepository(owner, name, isPrivate);
  }
  /** Test helper: opens a pull request (an issue with a `pull_request` part) whose conversation takes issue comments. */
  openPullRequest(fullName: string, title: string): number {
    this.repository(fullName);
    return this.state.issues.create(fullName, this.user, { title }, true).number;
  }
  /** Test helper: a repository's issues and pull requests with their comments, by number. */
  issues(fullName: string): Array<{ number: number; title: string; body: string | null; state: string; state_reason: string | null; labels: string[]; comments: string[] }> {
    return this.state.issues.list(fullName).map((i) => ({
      number: i.number, title: i.title, body: i.body, state: i.state, state_reason: i.state_reason, labels: i.labels.map((l) => l.name), comments: i.comments.map((c) => c.body),
    }));
  }
  /** Test helper: rotates a scope's keypair (values sealed to the old key_id are then refused). */
  async rotatePublicKey(scope: SecretScope): Promise<string> {
    await sodiumReady();
    return this.state.rotateKey(scope).key_id;
  }

  async handle(req: EmulatorRequest): Promise<EmulatorResponse | undefined> {
    const route = findRoute(req.method, req.path);
    const known = route || req.path === '/user' || req.path === '/rate_limit';
    if (!known) return undefined;
    const token = /^(?:bearer|token)\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!token) return new GithubError(401, 'Requires authentication').answer();
    if (!this.tokens.has(token)) return new GithubError(401, 'Bad credentials').answer();

    // `date` is the emulator's clock, so clients that read GitHub's time from it agree with `updated_at`.
    const common = () => ({ date: new Date(this.now()).toUTCString(), ...rateLimitHeaders(this.rateWindow(token)) });
    // `/rate_limit` does not count against the primary limit.
    if (req.path === '/rate_limit' && req.method === 'GET') return { status: 200, headers: common(), body: this.rateLimitBody(this.rateWindow(token)) };
    const answer = await this.answer(req, token, route);
    return { ...answer, headers: { ...common(), ...answer.headers } };
  }

  private async answer(req: EmulatorRequest, token: string, route: ReturnType<typeof findRoute>): Promise<EmulatorResponse> {
    try {
      const w = this.window(token);
      if (w.used >= this.primaryLimit) {
        throw new GithubError(this.primaryStatus, `API rate limit exceeded for user ID ${this.user.id}.`);
      }
      const s = this.secondary;
      if (s && s.next > 0 && matches(s, req.method, req.path)) {
        s.next--;
        const seconds = s.retryAfterSeconds === undefined ? 60 : s.retryAfterSeconds;
        throw new GithubError(s.status ?? 403, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', undefined, seconds === null ? {} : { 'retry-after': String(seconds) });
      }
      w.used++;
      if (req.path === '/user' && req.method === 'GET') return { status: 200, body: privateUserView(this.base(req), this.user.login, this.user.id, timestamp(Date.UTC(2024, 0, 2))) };
      if (!route) return new GithubError(404, 'Not Found').answer();
      await sodiumReady();
      return route.handler({ state: this.state, req, params: route.params, base: this.base(req), user: this.user });
    } catch (err) {
      if (err instanceof GithubError) return err.answer();
      if ((err as Error).message === 'Request body is not valid JSON.') return new GithubError(400, 'Problems parsing JSON').answer();
      throw err;
    }
  }

  private base(req: EmulatorRequest): string {
    return `http://${req.headers.host ?? '127.0.0.1'}`;
  }

  private window(token: string): { start: number; used: number } {
    const t = this.now();
    let w = this.windows.get(token);
    if (!w || t >= w.start + HOUR_MS) this.windows.set(token, (w = { start: t, used: 0 }));
    return w;
  }

  private rateWindow(token: string): RateWindow {
    const w = this.window(token);
    return { limit: this.primaryLimit, used: w.used, remaining: Math.max(0, this.primaryLimit - w.used), reset: Math.ceil((w.start + HOUR_MS) / 1000), resource: 'core' };
  }

  private rateLimitBody(core: RateWindow) {
    const r = { limit: core.limit, remaining: core.remaining, reset: core.reset, used: core.used };
    const other = (limit: number) => ({ limit, remaining: limit, reset: core.reset, used: 0 });
    return { resources: { core: r, search: other(30), graphql: other(5000), integration_manifest: other(5000), code_search: other(10) }, rate: r };
  }
}
