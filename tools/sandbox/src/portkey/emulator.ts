/**
 * Portkey Admin API emulator (spec 2.0.0, the control plane: workspaces, integrations, providers, configs, service
 * API keys with rotation).
 * This file wires the parts: authentication (`x-portkey-api-key`, 401 AB05) and the switchable documented
 * answers here, then the route table (routes.ts), which validates (validation.ts), acts on the organisation
 * (state.ts) and answers its views (views.ts).
 *
 * Choices where the spec is silent: errors are
 * `{success:false,data:{message,errorCode}}`; workspace names are not unique and slugs are server-made; a GET of
 * a deleted workspace answers 403 AB03 (as the API does for some deleted objects), other gone objects 404 AB08;
 * provider and config creates need `workspace_id` (the emulator issues admin keys only).
 */
import { matches, type FaultMatch } from '../core/faults';
import type { Emulator, EmulatorRequest, EmulatorResponse } from '../core/types';
import { ApiError, codeForStatus, errorBody, type ErrorCode } from './errors';
import { findRoute, type Answers } from './routes';
import { PortkeyState, type ApiKeyRecord, type PolicyRecord, type ConfigRecord, type IntegrationRecord, type ProviderRecord, type WorkspaceRecord } from './state';

export interface PortkeyEmulatorOptions {
  /** Admin API keys accepted (`x-portkey-api-key`). Default: [SANDBOX_PORTKEY_API_KEY]. */
  apiKeys?: string[];
  now?: () => number;
}

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

  constructor(opts: PortkeyEmulatorOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.apiKeys = new Set(opts.apiKeys ?? [SANDBOX_PORTKEY_API_KEY]);
    this.reset();
  }

  /** Empties the organisation and restores the default answers (the accepted keys stay). */
  reset(): void {
    this.state = new PortkeyState(this.now);
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
