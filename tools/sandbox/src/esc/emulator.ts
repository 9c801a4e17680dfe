/**
 * Pulumi ESC REST emulator (spec: esc-sdk `sdk/swagger.yaml` 0.1.0, paths under `/api/esc`), after pulumi/esc
 * `cmd/esc/cli/client/client.go` and the Pulumi Cloud REST docs:
 *
 * - `GET    /environments/{org}?continuationToken=`        → `{environments:[…], nextToken}`
 * - `POST   /environments/{org}` `{project,name}`            → 204, 409 if it exists, 400 for names the spec refuses
 * - `GET    …/{project}/{env}`                               → definition YAML (ciphertext), `ETag`, `Pulumi-ESC-Revision`
 * - `HEAD   …/{env}`                                         → the same headers, no body
 * - `PATCH  …/{env}` (YAML; `ETag` or `If-Match`)            → `{diagnostics}` + `Pulumi-ESC-Revision`; 409 on a stale
 *                                                              ETag; 400 with diagnostics for an invalid definition;
 *                                                              403 when an approval ruleset blocks direct updates
 * - `DELETE …/{env}`                                         → 204
 * - `GET    …/{env}/decrypt`                                 → definition YAML with `fn::secret` plaintext
 * - `GET    …/{env}/versions?before=&count=`                 → revisions, newest first (`latest` tagged)
 * - `GET    …/{env}/versions/{revision|latest}`              → definition at that revision
 * - `POST   …/{env}/open?duration=`, `…/versions/{v}/open`   → `{id}`: evaluated now (imports, references,
 *                                                              fn::secret decrypted; evaluate.ts); 400 with
 *                                                              diagnostics (cycles, unknown properties or imports);
 *                                                              403 when an open approval ruleset protects it
 * - `GET    …/{env}/open/{id}[?property=path]` (also `open//{id}`) → `{properties}` of Values, or one Value
 *
 * Every call needs `Authorization: token <t>` (401 otherwise). Plaintext `fn::secret` values are stored as
 * `fn::secret: {ciphertext: <base64>}` on write, like the real service (never persisted in plaintext form).
 * The switchable "approval required" answer is the emulator's choice (the spec documents no approval answer):
 * `requireApproval(...)` or `POST /_sandbox/faults {"approvals": {"org/project/env": {"update": true}}}`.
 */
import type { Emulator, EmulatorRequest, EmulatorResponse } from '../core/types';
import { EscError, ok } from './errors';
import { findRoute } from './routes';
import { EscState, envKey, type ApprovalRules, type Revision } from './state';

export { emulatorCiphertext } from './definition';
export type { ApprovalRules } from './state';

export interface EscEmulatorOptions {
  /** Accepted tokens; default: any non-empty token. */
  tokens?: string[];
  /** Page size of the list endpoint (default 100). */
  pageSize?: number;
  /** Who the tokens are (revisions' `creatorLogin`); default `sophia-ai-sandbox`. */
  login?: string;
  now?: () => number;
}

export class EscEmulator implements Emulator {
  readonly name = 'esc';
  readonly envVar = 'ESC_API_URL';
  private state: EscState;
  /** Every request seen (method, path, body text) — lets tests prove what reached the service. */
  readonly requests: Array<{ method: string; path: string; body: string }> = [];
  private readonly now: () => number;
  private readonly login: string;

  constructor(private readonly opts: EscEmulatorOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.login = opts.login ?? 'sophia-ai-sandbox';
    this.state = new EscState(this.now, this.login);
  }

  /** ESC's error shape: `{code, message}` with the numeric HTTP status as code. */
  errorBody(status: number, _code: string, message: string): unknown {
    return { code: status, message };
  }

  reset(): void {
    this.state = new EscState(this.now, this.login);
    this.requests.length = 0;
  }

  /** Knob: `approvals: {"org/project/env": {update?, open?} | null}`. */
  control(settings: Record<string, unknown>): void {
    const approvals = settings.approvals;
    if (!approvals || typeof approvals !== 'object') return;
    for (const [key, rules] of Object.entries(approvals as Record<string, ApprovalRules | null>)) {
      if (rules) this.state.approvals.set(key, { ...rules });
      else this.state.approvals.delete(key);
    }
  }

  /** Test helper: protects an environment with an approval ruleset (direct updates and/or opens blocked). */
  requireApproval(org: string, project: string, name: string, rules: ApprovalRules = { update: true }): void {
    this.control({ approvals: { [envKey(org, project, name)]: rules } });
  }

  /** Test helper: the stored (encrypted) definition, or undefined. */
  stored(org: string, project: string, name: string): string | undefined {
    const e = this.state.envs.get(envKey(org, project, name));
    return e && this.state.latest(e).yaml;
  }

  /** Test helper: the revisions of an environment, oldest first. */
  revisions(org: string, project: string, name: string): Revision[] {
    return [...(this.state.envs.get(envKey(org, project, name))?.revisions ?? [])];
  }

  /** Test helper: create/replace an environment's definition directly (as another writer would). */
  seed(org: string, project: string, name: string, yaml: string): void {
    this.state.seed(org, project, name, yaml);
  }

  private authorized(req: EmulatorRequest): boolean {
    const m = /^token (\S+)$/.exec(String(req.headers.authorization ?? ''));
    if (!m) return false;
    return this.opts.tokens ? this.opts.tokens.includes(m[1]!) : true;
  }

  handle(req: EmulatorRequest): EmulatorResponse | undefined {
    this.requests.push({ method: req.method, path: req.path, body: req.body.toString('utf8') });
    if (req.path === '/api/user' && req.method === 'GET') return this.currentUser(req);
    if (!req.path.startsWith('/api/esc/environments/')) return undefined;
    const route = findRoute(req.method, req.path.slice('/api/esc'.length));
    if (!route) return undefined;
    if (!this.authorized(req)) return new EscError(401, 'Unauthorized: No credentials provided or are invalid.').answer();
    const answer = this.answer(req, route);
    return req.method === 'HEAD' ? { ...answer, body: undefined } : answer;
  }

  /**
   * `GET /api/user`, Pulumi Cloud's "who am I" (what `pulumi whoami` calls): not part of the ESC spec (it is the
   * Pulumi Cloud REST API, https://www.pulumi.com/docs/pulumi-cloud/reference/cloud-rest-api/), answered here because
   * the same token and host serve both. Fields as the service answers them, minus what nothing reads.
   */
  private currentUser(req: EmulatorRequest): EmulatorResponse {
    if (!this.authorized(req)) return new EscError(401, 'Unauthorized: No credentials provided or are invalid.').answer();
    return ok({ name: this.login, githubLogin: this.login, avatarUrl: '', organizations: [] });
  }

  private answer(req: EmulatorRequest, route: NonNullable<ReturnType<typeof findRoute>>): EmulatorResponse {
    try {
      return route.handler({ state: this.state, req, params: route.params, pageSize: this.opts.pageSize ?? 100, login: this.login });
    } catch (err) {
      if (err instanceof EscError) return err.answer();
      throw err;
    }
  }
}
