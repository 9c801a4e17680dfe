/**
 * Lambda Cloud API emulator, faithful to spec v1.8.3 for the endpoints the stack uses. This file wires the
 * parts: authentication and the switchable documented answers here, then the route table (routes.ts), which
 * validates (validation.ts), acts on the account (state.ts) and answers its views (views.ts).
 *
 * Choices where the spec is silent (documented in tools/sandbox/README.md):
 * - GET /instances/{id} of a terminated or unknown id → 404 `global/object-does-not-exist`; GET /instances lists
 *   booting/active/unhealthy/terminating instances and drops terminated ones ("your running instances").
 * - Launch is rate limited to one request per `launchWindowMs` (default 12 000, the spec's 1 per 12 s) per
 *   account → 429 `global/rate-limited` with `Retry-After` in whole seconds. The spec does not document the
 *   429 body or header; tests set the window to 0.
 * - Missing SSH key / filesystem / ruleset / image named in a launch → 400 `global/object-does-not-exist`
 *   (the spec allows 404 or 400 on launch). `quantity` > 1 → 400 `global/invalid-parameters`.
 * - SSH key names are unique (400 `global/invalid-parameters`, like the live API); delete of an unknown key
 *   → 400 `global/invalid-parameters` (the only error the spec lists for that operation besides 401/403).
 * - Every other documented answer can be switched on: `accountInactive` (403 on every call) and `fail`
 *   (the next N matching calls answer a documented status/code, e.g. 409 on rulesets, quota-exceeded).
 * - Boot: `booting` for `bootMs`, then `active` (or `unhealthy` when the unhealthy switch is on at launch);
 *   terminate: `terminating` for `terminateMs`, then `terminated` (gone). The public `ip` appears when active.
 */
import { matches, type FaultMatch } from '../core/faults';
import type { Emulator, EmulatorRequest, EmulatorResponse } from '../core/types';
import { ApiError, documented, RateLimited, type DOCUMENTED } from './errors';
import { findRoute } from './routes';
import { LambdaState, type InstanceRecord, type Lifecycle } from './state';

export interface LambdaEmulatorOptions {
  /** API keys accepted (Bearer, Basic base64("key:") or Basic key). Default: [SANDBOX_LAMBDA_API_KEY]. */
  apiKeys?: string[];
  /** Time from launch to `active` (ms). Default 0. */
  bootMs?: number;
  /** Time from terminate to gone (ms). Default 0. */
  terminateMs?: number;
  /** Launch rate-limit window (ms); 0 disables. Default 12 000 (spec: 1 launch per 12 s). */
  launchWindowMs?: number;
  /** New instances end up `unhealthy` instead of `active`. */
  unhealthy?: boolean;
  /** Minimum ms between two requests of one API key ("generally one request per second"); 0 (default) off. */
  requestWindowMs?: number;
  now?: () => number;
}

/** The sandbox's own API key: accepted by the emulator only, never valid at Lambda. */
export const SANDBOX_LAMBDA_API_KEY = 'sandbox_lambda_3f9Qx7TmB2kVw8RzL5cN';

/** A documented answer the next matching calls get instead of being handled (the API does not act). */
export interface DocumentedFailure extends FaultMatch {
  next: number;
  status: number;
  code: keyof typeof DOCUMENTED | string;
}

export class LambdaEmulator implements Emulator, Lifecycle {
  readonly name = 'lambda';
  readonly envVar = 'LAMBDA_API_URL';

  private apiKeys!: Set<string>;
  bootMs!: number;
  terminateMs!: number;
  launchWindowMs!: number;
  unhealthy!: boolean;
  accountInactive!: boolean;
  requestWindowMs!: number;
  private failure?: DocumentedFailure;
  private lastRequest = new Map<string, number>();
  private readonly now: () => number;
  private state!: LambdaState;

  constructor(private readonly opts: LambdaEmulatorOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.apiKeys = new Set(opts.apiKeys ?? [SANDBOX_LAMBDA_API_KEY]);
    this.reset();
  }

  /** Count of launch requests that created an instance (tests assert "exactly one"). */
  get launches(): number {
    return this.state.launches;
  }

  /** Empties the account and restores the knobs given at construction (the accepted keys stay). */
  reset(): void {
    this.state = new LambdaState(this.now, this);
    this.bootMs = this.opts.bootMs ?? 0;
    this.terminateMs = this.opts.terminateMs ?? 0;
    this.launchWindowMs = this.opts.launchWindowMs ?? 12_000;
    this.unhealthy = this.opts.unhealthy ?? false;
    this.requestWindowMs = this.opts.requestWindowMs ?? 0;
    this.accountInactive = false;
    this.failure = undefined;
    this.lastRequest.clear();
  }

  control(settings: Record<string, unknown>): void {
    if (typeof settings.bootMs === 'number') this.bootMs = settings.bootMs;
    if (typeof settings.terminateMs === 'number') this.terminateMs = settings.terminateMs;
    if (typeof settings.launchWindowMs === 'number') this.launchWindowMs = settings.launchWindowMs;
    if (typeof settings.unhealthy === 'boolean') this.unhealthy = settings.unhealthy;
    if (Array.isArray(settings.apiKeys)) this.apiKeys = new Set(settings.apiKeys.map(String));
    if (typeof settings.accountInactive === 'boolean') this.accountInactive = settings.accountInactive;
    if (typeof settings.requestWindowMs === 'number') this.requestWindowMs = settings.requestWindowMs;
    if (settings.fail === null) this.failure = undefined;
    else if (settings.fail && typeof settings.fail === 'object') this.failure = { ...(settings.fail as DocumentedFailure) };
  }

  /** Test helper: the instance is preempted (Lambda reclaimed it); it stays listed with that status. */
  preempt(id: string): void {
    const r = this.state.instances.get(id);
    if (r) r.preemptedAt = this.now();
  }

  errorBody(_status: number, code: string, message: string): unknown {
    return { error: { code, message } };
  }

  /** Test helper: the stored (write-only) launch fields of an instance, including user_data. */
  inspectInstance(id: string): (InstanceRecord & { status: string }) | undefined {
    const r = this.state.instances.get(id);
    return r && { ...r, status: this.state.status(r) };
  }

  /** Test helper: every instance ever launched, including terminated ones. */
  allInstances(): Array<{ id: string; name?: string; status: string; tags: Array<{ key: string; value: string }> }> {
    return [...this.state.instances.values()].map((r) => ({ id: r.id, name: r.name, status: this.state.status(r), tags: r.tags }));
  }

  async handle(req: EmulatorRequest): Promise<EmulatorResponse | undefined> {
    if (!req.path.startsWith('/api/v1/')) return undefined;
    try {
      const key = this.authenticate(req);
      this.documentedFaults(req, key);
      const route = findRoute(req.method, req.path.slice('/api/v1'.length));
      return route?.handler({ state: this.state, req, params: route.params, launchWindowMs: this.launchWindowMs });
    } catch (err) {
      if (err instanceof RateLimited || err instanceof ApiError) return err.answer();
      throw err;
    }
  }

  /** Account inactive, the switchable documented failure, and the general per-key request rate. */
  private documentedFaults(req: EmulatorRequest, key: string): void {
    if (this.accountInactive) throw documented(403, 'global/account-inactive');
    const f = this.failure;
    if (f && f.next > 0 && matches(f, req.method, req.path)) {
      f.next--;
      throw documented(f.status, f.code);
    }
    if (this.requestWindowMs > 0) {
      const t = this.now();
      const last = this.lastRequest.get(key);
      if (last !== undefined && t - last < this.requestWindowMs) throw new RateLimited(Math.ceil((last + this.requestWindowMs - t) / 1000), 'Too many requests. Requests are limited to one per second.');
      this.lastRequest.set(key, t);
    }
  }

  private authenticate(req: EmulatorRequest): string {
    const header = req.headers.authorization ?? '';
    const [scheme, token = ''] = header.split(/\s+/, 2);
    let key: string | undefined;
    if (/^bearer$/i.test(scheme)) key = token;
    else if (/^basic$/i.test(scheme)) {
      if (this.apiKeys.has(token)) key = token;
      else key = Buffer.from(token, 'base64').toString('utf8').replace(/:$/, '');
    }
    if (!key || !this.apiKeys.has(key)) {
      throw new ApiError(401, 'global/invalid-api-key', 'API key was invalid, expired, or deleted.', 'Check your API key or create a new one, then try again.');
    }
    return key;
  }
}
