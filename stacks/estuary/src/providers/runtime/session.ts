/**
 * An access token for the control plane, from the configured credential (service-apis §3.3): a JWT access token
 * is used as is; a service-account key `flow_sa_…` is exchanged at the agent API; anything else is a base64 JSON
 * refresh token `{id, secret}` exchanged at `rpc/generate_access_token`. Tokens are cached per credential in the
 * provider host (never in state) and exchanged again `refreshMarginMs` before they expire, or after a 401.
 */
import { createHash } from 'node:crypto';
import type { HttpClient } from '@sophia-ai/http';

interface Cached { token: string; expiresAt: number }
const cache = new Map<string, Cached>();

export interface SessionOptions {
  postgrest: HttpClient;
  agent: HttpClient;
  now(): number;
  refreshMarginMs: number;
}

/** Why a credential is not one we can use (never echoing it), or undefined. */
export function credentialProblem(credential: string): string | undefined {
  if (credential.startsWith('flow_sa_') || credential.split('.').length === 3) return undefined;
  try {
    const t = JSON.parse(Buffer.from(credential, 'base64').toString('utf8')) as Record<string, unknown>;
    if (typeof t.id === 'string' && typeof t.secret === 'string') return undefined;
  } catch {
    /* not JSON: reported below */
  }
  return 'estuary:refreshToken is neither a refresh token (base64 JSON {"id","secret"} from Admin → CLI-API), a service API key (flow_sa_…) nor an access token';
}

/** The `exp` of a JWT in ms (0 when unreadable: use it once, exchange on its 401). */
function expiryOf(jwt: string): number {
  try {
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : 0;
  } catch {
    return 0;
  }
}

export class Session {
  private readonly key: string;
  constructor(private readonly credential: string, private readonly o: SessionOptions) {
    this.key = createHash('sha256').update(credential).digest('hex');
  }

  /** Strings to scrub from errors: the credential's parts and the current token. */
  secrets(): string[] {
    const cached = cache.get(this.key)?.token;
    return [this.credential, ...(cached ? [cached] : [])];
  }

  invalidate(): void {
    cache.delete(this.key);
  }

  async token(): Promise<string> {
    const cached = cache.get(this.key);
    if (cached && cached.expiresAt - this.o.refreshMarginMs > this.o.now()) return cached.token;
    const token = await this.exchange();
    cache.set(this.key, { token, expiresAt: expiryOf(token) || this.o.now() + this.o.refreshMarginMs + 1 });
    return token;
  }

  private async exchange(): Promise<string> {
    const problem = credentialProblem(this.credential);
    if (problem) throw new Error(problem);
    if (this.credential.split('.').length === 3 && !this.credential.startsWith('flow_sa_')) return this.credential;
    if (this.credential.startsWith('flow_sa_')) {
      const res = await this.o.agent.request<{ access_token: string }>({ method: 'POST', path: '/api/v1/auth/token', body: { grant_type: 'api_key', api_key: this.credential }, idempotent: true });
      return res.data.access_token;
    }
    const t = JSON.parse(Buffer.from(this.credential, 'base64').toString('utf8')) as { id: string; secret: string };
    // Idempotent for multi-use tokens (what flowctl creates); no Authorization header on the exchange.
    const res = await this.o.postgrest.request<{ access_token: string }>({ method: 'POST', path: '/rpc/generate_access_token', body: { refresh_token_id: t.id, secret: t.secret }, idempotent: true });
    return res.data.access_token;
  }
}
