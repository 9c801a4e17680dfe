/**
 * Estuary Flow control-plane emulator (service-apis §3): the Supabase PostgREST API under `/rest/v1` (drafts,
 * draft_specs upserts, publications with their job state machine, draft_errors, live_specs_ext, connectors,
 * `rpc/generate_access_token`), the config-encryption service (`POST /v1/encrypt-config`) and the agent API's
 * service-key exchange (`POST /api/v1/auth/token`); PostgREST is also answered at the root, so the sandbox's
 * `ESTUARY_API_URL=<url>` works as a base URL. This file wires the parts: the `apikey` header and Bearer
 * access tokens (expiring, JWT-shaped) here, then the route table (routes.ts).
 *
 * Choices where the sources are silent: access tokens live `tokenTtlMs` (default 1 h, flowctl's ~1 h); an expired
 * token is 401 PGRST303 "JWT expired"; the control plane refuses a spec whose secret fields are not encrypted
 * (a build error); the service-key exchange takes `{grant_type:"api_key", api_key}` and answers
 * `{access_token, expires_in}` (PR estuary/flow#2983's description; not confirmed from source).
 */
import { ESTUARY_PUBLIC_ANON_KEY } from '@sophia-ai/estuary-config';
import type { Emulator, EmulatorRequest, EmulatorResponse } from '../core/types';
import { EmulatorKeys, encryptConfig } from './crypto';
import { ApiError, invalid, noRoute, ok, postgrestError, unauthorized } from './errors';
import { findRoute } from './routes';
import { EstuaryState, type DraftRecord, type LiveSpecRecord, type PublicationRecord, type PublishKnobs } from './state';
import { requireObject } from './validation';

/** The `apikey` every PostgREST request carries: the emulator plays Estuary's Supabase project, so it is that project's public anon key. */
export const SANDBOX_ESTUARY_ANON_KEY = ESTUARY_PUBLIC_ANON_KEY;

export interface RefreshToken { id: string; secret: string }

/** The sandbox's own refresh token: accepted by the emulator only, never valid at Estuary. */
export const SANDBOX_ESTUARY_REFRESH_TOKEN: RefreshToken = { id: '5a1e0c77d2b94f31', secret: 'sandbox_estuary_secret_Hv3Kd9Lq2Wx7' };
/** The refresh token as FLOW_AUTH_TOKEN carries it: base64 of its JSON. */
export const encodeRefreshToken = (t: RefreshToken) => Buffer.from(JSON.stringify(t)).toString('base64');

export interface EstuaryEmulatorOptions {
  /** Refresh tokens accepted by `rpc/generate_access_token`. Default: [SANDBOX_ESTUARY_REFRESH_TOKEN]. */
  refreshTokens?: RefreshToken[];
  /** Service-account keys (`flow_sa_…`) accepted by `/api/v1/auth/token`. */
  serviceKeys?: string[];
  /** Lifetime of an access token (default 1 h). */
  tokenTtlMs?: number;
  now?: () => number;
}

export class EstuaryEmulator implements Emulator {
  readonly name = 'estuary';
  readonly envVar = 'ESTUARY_API_URL';
  private refreshTokens: RefreshToken[];
  private serviceKeys: Set<string>;
  private tokenTtlMs: number;
  private state!: EstuaryState;
  private readonly keys = new EmulatorKeys();
  private readonly now: () => number;
  /** Access tokens issued so far (tests: a run refreshed its token). */
  tokensIssued = 0;

  constructor(opts: EstuaryEmulatorOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.refreshTokens = opts.refreshTokens ?? [SANDBOX_ESTUARY_REFRESH_TOKEN];
    this.serviceKeys = new Set(opts.serviceKeys ?? []);
    this.tokenTtlMs = opts.tokenTtlMs ?? 3_600_000;
    this.reset();
  }

  /** Empties the control plane (accepted credentials stay). */
  reset(): void {
    this.state = new EstuaryState(this.now);
    this.tokensIssued = 0;
  }

  /** Knobs: `refreshTokens`, `serviceKeys`, `tokenTtlMs`, and the publication knobs (`queuedPolls`, `publishFailed`, `buildIdLockFailure`, `dataPlanes`). */
  control(settings: Record<string, unknown>): void {
    if (Array.isArray(settings.refreshTokens)) this.refreshTokens = settings.refreshTokens as RefreshToken[];
    if (Array.isArray(settings.serviceKeys)) this.serviceKeys = new Set(settings.serviceKeys.map(String));
    if (typeof settings.tokenTtlMs === 'number') this.tokenTtlMs = settings.tokenTtlMs;
    for (const k of ['queuedPolls', 'publishFailed', 'buildIdLockFailure'] as const) if (typeof settings[k] === 'number') this.state.knobs[k] = settings[k] as number;
    if (Array.isArray(settings.dataPlanes)) this.state.knobs.dataPlanes = settings.dataPlanes.map(String);
  }

  get knobs(): Readonly<PublishKnobs> {
    return this.state.knobs;
  }

  errorBody(status: number, code: string, message: string): unknown {
    return postgrestError(String(status), `${code}: ${message}`);
  }

  /** Test helpers: the tables as they are. */
  liveSpecs(): LiveSpecRecord[] {
    return [...this.state.liveSpecs.values()].filter((l) => l.spec_type !== null);
  }
  publications(): PublicationRecord[] {
    return [...this.state.publications.values()];
  }
  drafts(): DraftRecord[] {
    return [...this.state.drafts.values()];
  }
  /** The plain value of an encrypted config field (tests: the secret arrived, encrypted). */
  decrypt(value: string): string {
    return this.keys.decryptValue(value);
  }
  /** Someone else publishes `name` (a concurrent change outside this stack): its last_pub_id moves on. */
  publishOutOfBand(name: string, spec: Record<string, unknown> | null): LiveSpecRecord {
    const live = this.state.liveSpecs.get(name);
    if (!live) throw new Error(`${name} is not live`);
    return this.state.commit(name, spec === null ? null : live.spec_type, spec, this.state.nextPubId(), live.data_plane_name);
  }

  async handle(req: EmulatorRequest): Promise<EmulatorResponse | undefined> {
    try {
      if (req.method === 'POST' && req.path === '/v1/encrypt-config') return this.encrypt(req);
      if (req.method === 'POST' && req.path === '/api/v1/auth/token') return this.exchangeServiceKey(req);
      if (req.path.startsWith('/_sandbox/')) return undefined;
      // Under /rest/v1 as Supabase serves it, and at the root too: the sandbox hands out ESTUARY_API_URL=<url>.
      const path = req.path.startsWith('/rest/v1/') ? req.path.slice('/rest/v1'.length) : req.path;
      if (req.headers.apikey !== SANDBOX_ESTUARY_ANON_KEY) throw unauthorized('No API key found in request', 'PGRST301');
      if (req.method === 'POST' && path === '/rpc/generate_access_token') return this.exchangeRefreshToken(req);
      const user = this.authenticate(req);
      const route = findRoute(req.method, path);
      if (!route) throw noRoute(path);
      return route.handler({ state: this.state, req, user });
    } catch (err) {
      if (err instanceof ApiError) return err.answer();
      throw err;
    }
  }

  private authenticate(req: EmulatorRequest): string {
    const [scheme, token] = String(req.headers.authorization ?? '').split(/\s+/, 2);
    if (!/^bearer$/i.test(scheme ?? '') || !token) throw unauthorized('missing Authorization: Bearer <access token>');
    const claims = this.keys.verifyToken(token);
    if (!claims) throw unauthorized('JWT could not be decoded', 'PGRST301');
    if (claims.exp * 1000 <= this.now()) throw unauthorized('JWT expired', 'PGRST303');
    // Revoking a refresh token (or service key) revokes the sessions it opened.
    const open = claims.sub.startsWith('user-') ? this.refreshTokens.some((t) => `user-${t.id}` === claims.sub) : [...this.serviceKeys].some((k) => `sa-${k.slice(8, 16)}` === claims.sub);
    if (!open) throw unauthorized('JWT revoked: its credential is no longer valid', 'PGRST301');
    return claims.sub;
  }

  private issue(sub: string) {
    this.tokensIssued += 1;
    return this.keys.issueToken(sub, Math.floor((this.now() + this.tokenTtlMs) / 1000));
  }

  private exchangeRefreshToken(req: EmulatorRequest): EmulatorResponse {
    const b = requireObject(req.json());
    const t = this.refreshTokens.find((r) => r.id === b.refresh_token_id && r.secret === b.secret);
    if (!t) throw new ApiError(400, 'P0001', 'invalid refresh token id or secret');
    return ok({ access_token: this.issue(`user-${t.id}`) });
  }

  private exchangeServiceKey(req: EmulatorRequest): EmulatorResponse {
    const b = requireObject(req.json());
    if (b.grant_type !== 'api_key' || typeof b.api_key !== 'string' || !this.serviceKeys.has(b.api_key)) {
      return { status: 401, body: { error: 'invalid_grant', error_description: 'unknown or revoked service account key' } };
    }
    return ok({ access_token: this.issue(`sa-${b.api_key.slice(8, 16)}`), token_type: 'bearer', expires_in: Math.floor(this.tokenTtlMs / 1000) });
  }

  /** config-encryption.estuary.dev: no auth; `{config, schema}` → the config with its secret fields sops-encrypted. */
  private encrypt(req: EmulatorRequest): EmulatorResponse {
    const b = requireObject(req.json());
    if (!b.config || typeof b.config !== 'object') throw invalid('config: a JSON object');
    if (!b.schema || typeof b.schema !== 'object') throw invalid('schema: the connector endpoint_spec_schema');
    if ('sops' in (b.config as object)) throw invalid('config is already encrypted (it has a sops object)');
    return ok(encryptConfig(this.keys, b.config, b.schema as Record<string, unknown>, this.now()));
  }
}
