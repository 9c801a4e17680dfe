/**
 * Snowflake SQL API v2 emulator, for readiness checks only: `POST /api/v2/statements` runs `select 1` (any other
 * statement is refused with 422) and `GET /api/v2/statements/{handle}` answers its result again, behind key-pair
 * JWT authentication checked against the public keys registered for each user (auth.ts). One account per
 * emulator (the loopback URL carries no account host).
 *
 * Order per request, as Snowflake does it: authenticate (401), then the route: body checks (400/415), state
 * (422 for an unknown handle), views. Faults (429, 5xx, delay, dropped connection) come from core.
 */
import type { Emulator, EmulatorRequest, EmulatorResponse } from '../core/types';
import { authenticate, type Refusal } from './auth';
import { ApiError, errorBody } from './errors';
import { findRoute } from './routes';
import { SnowflakeState, type UserRegistration } from './state';

export { publicKeyFingerprint, type UserRegistration } from './state';
export type { Refusal } from './auth';

/**
 * The sandbox's account identifier (`<ORG>-<ACCOUNT>`, upper case, as a key-pair JWT's iss/sub carry it): the
 * organizationName and accountName of stacks/snowflake's Pulumi.local.yaml.
 */
export const SANDBOX_SNOWFLAKE_ACCOUNT = 'SOPHIASANDBOX-LOCAL_SYNTH';

export interface SnowflakeEmulatorOptions {
  /** The account identifier JWTs must name. Default SANDBOX_SNOWFLAKE_ACCOUNT. */
  account?: string;
  /** Users and their public keys (public keys only: the emulator never holds a private key). */
  users?: UserRegistration[];
  now?: () => number;
}

export class SnowflakeEmulator implements Emulator {
  readonly name = 'snowflake';
  readonly envVar = 'SNOWFLAKE_SQL_API_URL';
  private account: string;
  private users: UserRegistration[];
  private state!: SnowflakeState;
  private readonly now: () => number;
  /** Why each refused JWT was refused, oldest first (reasons only, never a token). */
  readonly refusals: Refusal[] = [];

  constructor(opts: SnowflakeEmulatorOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.account = (opts.account ?? SANDBOX_SNOWFLAKE_ACCOUNT).toUpperCase();
    this.users = opts.users ?? [];
    this.reset();
  }

  /** Forgets statements and refusals; the registered users stay (as `reset` keeps other emulators' accepted keys). */
  reset(): void {
    this.state = new SnowflakeState(this.now);
    for (const u of this.users) this.state.register(u);
    this.refusals.length = 0;
  }

  /** `ALTER USER … SET RSA_PUBLIC_KEY[_2]`: creates or replaces the user's keys (kept across reset). */
  registerUser(u: UserRegistration): void {
    this.state.register(u);
    this.users = [...this.users.filter((x) => x.name.toUpperCase() !== u.name.toUpperCase()), u];
  }

  /** Knobs: `account` (string), `users` ([{name, rsaPublicKey?, rsaPublicKey2?}], registered as by registerUser). */
  control(settings: Record<string, unknown>): void {
    if (typeof settings.account === 'string') this.account = settings.account.toUpperCase();
    if (Array.isArray(settings.users)) for (const u of settings.users as UserRegistration[]) this.registerUser(u);
  }

  errorBody(_status: number, _code: string, message: string): unknown {
    return errorBody(undefined, message);
  }

  async handle(req: EmulatorRequest): Promise<EmulatorResponse | undefined> {
    if (!req.path.startsWith('/api/v2/')) return undefined;
    try {
      const user = await authenticate(req.headers, this.state, this.account, this.now(), (r) => this.refusals.push(r));
      const route = findRoute(req.method, req.path);
      return route?.handler({ state: this.state, req, params: route.params, user, now: this.now });
    } catch (err) {
      if (err instanceof ApiError) return err.answer();
      throw err;
    }
  }
}
