/**
 * estuary API emulator (scaffold: an `items` collection; replace it with the service's documented endpoints,
 * and vendor its machine-readable API description into spec/ to validate answers against, as lambda/ does).
 * This file wires the parts: authentication here, then the route table (routes.ts), which validates
 * (validation.ts), acts on the account (state.ts) and answers its views (views.ts).
 */
import type { Emulator, EmulatorRequest, EmulatorResponse } from '../core/types';
import { ApiError } from './errors';
import { findRoute } from './routes';
import { EstuaryState, type ItemRecord } from './state';

export interface EstuaryEmulatorOptions {
  /** API keys accepted (Bearer). Default: [SANDBOX_ESTUARY_API_KEY]. */
  apiKeys?: string[];
  now?: () => number;
}

/** The sandbox's own API key: accepted by the emulator only, never valid at the service. */
export const SANDBOX_ESTUARY_API_KEY = 'sandbox_estuary_Zpw1yH4OkcgKgZFSBDw4';

export class EstuaryEmulator implements Emulator {
  readonly name = 'estuary';
  readonly envVar = 'ESTUARY_API_URL';
  private apiKeys: Set<string>;
  private state!: EstuaryState;
  private readonly now: () => number;

  constructor(opts: EstuaryEmulatorOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.apiKeys = new Set(opts.apiKeys ?? [SANDBOX_ESTUARY_API_KEY]);
    this.reset();
  }

  /** Empties the account (the accepted keys stay). */
  reset(): void {
    this.state = new EstuaryState(this.now);
  }

  control(settings: Record<string, unknown>): void {
    if (Array.isArray(settings.apiKeys)) this.apiKeys = new Set(settings.apiKeys.map(String));
  }

  /** Test helper: every item the account holds. */
  items(): ItemRecord[] {
    return [...this.state.items.values()];
  }

  async handle(req: EmulatorRequest): Promise<EmulatorResponse | undefined> {
    if (!req.path.startsWith('/v1/')) return undefined;
    try {
      const [scheme, token] = (req.headers.authorization ?? '').split(/\s+/, 2);
      if (!/^bearer$/i.test(scheme ?? '') || !token || !this.apiKeys.has(token)) throw new ApiError(401, 'unauthorized', 'invalid or missing API key');
      const route = findRoute(req.method, req.path.slice('/v1'.length));
      return route?.handler({ state: this.state, req, params: route.params });
    } catch (err) {
      if (err instanceof ApiError) return err.answer();
      throw err;
    }
  }
}
