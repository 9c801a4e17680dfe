/**
 * Portkey Admin API emulator (spec 2.0.0, the control plane: workspaces and their members, the organisation's
 * users, integrations, providers, configs, service API keys with rotation, policies).
 * This file wires the parts: authentication (`x-portkey-api-key`, 401 AB05) and the switchable documented
 * answers here, then the route table (routes.ts), which validates (validation.ts), acts on the organisation
 * (state.ts) and answers its views (views.ts).
 *
 * Choices where the spec is silent: errors are
 * `{success:false,data:{message,errorCode}}`; workspace names are not unique and slugs are server-made; a GET of
 * a deleted workspace answers 403 AB03 (as the API does for some deleted objects), other gone objects 404 AB08;
 * provider and config creates need `workspace_id` (the emulator issues admin keys only); the organisation's users
 * are seeded (it cannot invite), adding a user outside it is 400 AB01 and adding a member twice 409 AB07.
 */
import { matches, type FaultMatch } from '../core/faults';
import type { Emulator, EmulatorRequest, EmulatorResponse } from '../core/types';
import { ApiError, codeForStatus, errorBody, type ErrorCode } from './errors';
import { findRoute, type Answers } from './routes';
import { PortkeyState, type UserRecord, type ApiKeyRecord, type PolicyRecord, type ConfigRecord, type IntegrationRecord, type ProviderRecord, type WorkspaceRecord } from './state';

export interface PortkeyEmulatorOptions {
  /** Admin API keys accepted (`x-portkey-api-key`). Default: [SANDBOX_PORTKEY_API_KEY]. */
  apiKeys?: string[];
  now?: () => number;
  /** The organisation's users (who can be made workspace members). Default: SANDBOX_PORTKEY_USERS. */
  users?: Array<Pick<UserRecord, 'id' | 'email'> & Partial<UserRecord>>;
}

/** The sandbox organisation's users (sample people, `.example` addresses): Pulumi.local.yaml makes them members. */
export const SANDBOX_PORTKEY_USERS: ReadonlyArray<Pick<UserRecord, 'id' | 'email' | 'role'>> = [
  { id: '6a1f3c2e-0b7d-4e59-9c84-2d5e7f1a3b60', email: 'owner@sophia-ai.example', role: 'owner' },
  { id: '2f0d8a52-6c1e-4b7a-9d3f-5e8c1a7b4d20', email: 'ml-lead@sophia-ai.example', role: 'admin' },
  { id: '9c4b7e13-5a2f-4d86-8b1e-3f6a0d9c2e71', email: 'researcher@sophia-ai.example', role: 'member' },
];

/** The sandbox's own API key: accepted by the emulator only, never valid at Portkey. */
export const SANDBOX_PORTKEY_API_KEY = 'sandbox_portkey_YIDB50H6ncqQFvRm24Lv';

/** A documented error the next matching calls get instead of being handled (the API does not act). */
export interface DocumentedFailure extends FaultMatch {
  next: number;
  code: ErrorCode;
}

export class PortkeyEmulator implements Emulator {
  readonly name = 'portkey';
  readonly envVar = 'PORTKEY_API_URL';
  private apiKeys: Set<string>;
  private state!: PortkeyState;
  private answers!: Answers;
  private failure?: DocumentedFailure;
  private readonly now: () => number;
  private readonly users: NonNullable<PortkeyEmulatorOptions['users']>;

  constructor(opts: PortkeyEmulatorOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.users = opts.users ?? SANDBOX_PORTKEY_USERS.map((u) => ({ ...u }));
    this.apiKeys = new Set(opts.apiKeys ?? [SANDBOX_PORTKEY_API_KEY]);
    this.reset();
  }

  /** Empties the organisation but for its users, and restores the default answers (the accepted keys stay). */
  reset(): void {
    this.state = new PortkeyState(this.now, this.users);
    this.answers = { configCreate: 'spec', configAsString: false };
    this.failure = undefined;
  }

  /** Knobs: `apiKeys`, `configCreate` ('spec' | 'flat'), `configAsString`, `fail: {next, code, method?, path?}` or null. */
  control(settings: Record<string, unknown>): void {
    if (Array.isArray(settings.apiKeys)) this.apiKeys = new Set(settings.apiKeys.map(String));
    if (settings.configCreate === 'spec' || settings.configCreate === 'flat') this.answers.configCreate = settings.configCreate;
    if (typeof settings.configAsString === 'boolean') this.answers.configAsString = settings.configAsString;
    if (settings.fail === null) this.failure = undefined;
    else if (settings.fail && typeof settings.fail === 'object') this.failure = { ...(settings.fail as DocumentedFailure) };
  }

  errorBody(status: number, _code: string, message: string): unknown {
    return errorBody(codeForStatus(status), message);
  }

  /** Test helper: usage lands on a provider (USD or tokens); at the budget its status turns `exhausted`. */
  spend(slug: string, amount: number): void {
    this.state.provider(slug).usage += amount;
  }

  /** Test helper: the organisation's users. */
  orgUsers(): UserRecord[] {
    return [...this.state.users.values()];
  }
  /** Test helpers: what the organisation holds, including write-only fields (integration keys). */
  workspaces(): WorkspaceRecord[] {
    return [...this.state.workspaces.values()];
  }
  integrations(): IntegrationRecord[] {
    return [...this.state.integrations.values()];
  }
  providers(): ProviderRecord[] {
    return [...this.state.providers.values()];
  }
  configs(): ConfigRecord[] {
    return [...this.state.configs.values()];
  }
  /** Test helper: the API keys made through the API (not the admin keys the emulator accepts). */
  serviceKeys(): ApiKeyRecord[] {
    return [...this.state.apiKeys.values()];
  }
  /** Test helper: every policy, archived ones included. */
  policies(): PolicyRecord[] {
    return [...this.state.policies.values()];
  }
  /** Test helper: whether the gateway would accept this workspace key now (rotation transition included). */
  acceptsGatewayKey(key: string): boolean {
    return this.state.acceptsGatewayKey(key);
  }

  async handle(req: EmulatorRequest): Promise<EmulatorResponse | undefined> {
    if (!req.path.startsWith('/v1/')) return undefined;
    try {
      const key = req.headers['x-portkey-api-key'];
      if (typeof key !== 'string' || !this.apiKeys.has(key)) throw new ApiError('AB05');
      const f = this.failure;
      if (f && f.next > 0 && matches(f, req.method, req.path)) {
        f.next--;
        throw new ApiError(f.code);
      }
      const route = findRoute(req.method, req.path.slice('/v1'.length));
      return route?.handler({ state: this.state, req, params: route.params, answers: this.answers });
    } catch (err) {
      if (err instanceof ApiError) return err.answer();
      throw err;
    }
  }
}
