/**
 * The Estuary control plane for the provider runtime: PostgREST (`ESTUARY_API_URL`), the config-encryption service
 * (`ESTUARY_ENCRYPTION_URL`) and the agent API (`ESTUARY_AGENT_URL`), all read at call time; durations from
 * `ESTUARY_<NAME>_MS`; one pacer per process; the credential and access token scrubbed from every error.
 * Every PostgREST request carries the public `apikey` and the session's access token (session.ts), and a 401
 * (expired token) is answered by one fresh exchange and one retry.
 */
import { defineApi, type OptionsOf, type Props, type ResolvedOf } from '@sophia-ai/dynamic-provider/src/runtime';
import { HttpClient, ServiceError, type ParsedServiceError } from '@sophia-ai/http';
import { ESTUARY_PUBLIC_ANON_KEY } from '@sophia-ai/estuary-config/limits';
import { credentialFor } from './credentials';
import { Session } from './session';

type Duration = 'maxPollIntervalMs' | 'refreshMarginMs';

/** PostgREST's error body `{code, message, details, hint}`: the details carry what was wrong (never a value we sent). */
export function parsePostgrestError(body: unknown): ParsedServiceError {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? { message: body } : {};
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const message = [str(b.message) ?? str(b.error_description) ?? str(b.error), str(b.details)].filter(Boolean).join(': ');
  return { code: str(b.code) ?? str(b.error), message: message || undefined, suggestion: str(b.hint) };
}

export const api = defineApi<Duration>({
  service: 'estuary',
  envPrefix: 'ESTUARY',
  defaultBaseUrl: 'https://eyrcnmuzzyriypdajwdk.supabase.co/rest/v1',
  // flowctl polls a publication every second; we back off to maxPollIntervalMs, bounded by settleTimeoutMs.
  durations: { pollIntervalMs: 1_000, maxPollIntervalMs: 10_000, requestIntervalMs: 0, timeoutMs: 30_000, settleTimeoutMs: 10 * 60_000, refreshMarginMs: 5 * 60_000 },
  parseError: parsePostgrestError,
  missingKey: 'Estuary credential is missing: set estuary:refreshToken (ESC sophia-ai/secrets-<env>, GitHub secret ESTUARY_REFRESH_TOKEN)',
});

export type RuntimeOptions = OptionsOf<Duration> & { encryptionUrl?: string; agentUrl?: string };
export type Resolved = ResolvedOf<Duration>;

export const DEFAULT_ENCRYPTION_URL = 'https://config-encryption.estuary.dev';
export const DEFAULT_AGENT_URL = 'https://api.estuary.dev';

export interface Query { [k: string]: string | undefined }

/** One PostgREST call's extras: a single object, a page, `Prefer`, and whether repeating it is harmless. */
export interface CallOptions {
  query?: Query;
  single?: boolean;
  range?: [number, number];
  prefer?: string;
  idempotent?: boolean;
}

/** A control-plane client for the resource whose state/inputs are `props`. */
export class EstuaryClient {
  readonly opts: Resolved;
  readonly encryptionUrl: string;
  private readonly http: HttpClient;
  private readonly encryption: HttpClient;
  private readonly session: Session;

  constructor(props: Props, ro: RuntimeOptions = {}) {
    const baseUrl = ro.baseUrl ?? process.env.ESTUARY_API_URL ?? (props.apiUrl as string | undefined);
    this.opts = api.resolveOptions({ ...ro, baseUrl });
    this.encryptionUrl = (ro.encryptionUrl ?? process.env.ESTUARY_ENCRYPTION_URL ?? (props.encryptionUrl as string | undefined) ?? DEFAULT_ENCRYPTION_URL).replace(/\/+$/, '');
    const agentUrl = (ro.agentUrl ?? process.env.ESTUARY_AGENT_URL ?? (props.agentUrl as string | undefined) ?? DEFAULT_AGENT_URL).replace(/\/+$/, '');
    const credential = credentialFor(props);
    if (typeof credential !== 'string' || credential === '') throw new Error(api.definition.missingKey);
    const anonKey = process.env.ESTUARY_ANON_KEY ?? (props.anonKey as string | undefined) ?? ESTUARY_PUBLIC_ANON_KEY;
    const o = this.opts;
    const client = (baseUrl: string, headers: Record<string, string>) =>
      new HttpClient({
        service: 'estuary', baseUrl, headers, timeoutMs: o.timeoutMs,
        retry: { maxAttempts: o.maxAttempts, baseDelayMs: 1000, maxDelayMs: 60_000 },
        pacer: o.pacer, sleep: o.sleep, now: o.now, random: o.random, onEvent: o.onEvent, parseError: parsePostgrestError,
        redact: () => [credential, ...this.session.secrets()],
      });
    this.http = client(o.baseUrl, { apikey: anonKey });
    this.encryption = client(this.encryptionUrl, {});
    this.session = new Session(credential, { postgrest: this.http, agent: client(agentUrl, {}), now: o.now, refreshMarginMs: o.refreshMarginMs });
  }

  /** A PostgREST request with the session's token; an expired/refused token is exchanged once and retried. */
  async call<T>(method: 'GET' | 'POST' | 'DELETE' | 'PATCH', path: string, body?: unknown, c: CallOptions = {}): Promise<{ data: T; contentRange?: string }> {
    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = { authorization: `Bearer ${await this.session.token()}` };
      if (c.single) headers.accept = 'application/vnd.pgrst.object+json';
      if (c.range) headers.range = `${c.range[0]}-${c.range[1]}`;
      if (c.prefer) headers.prefer = c.prefer;
      try {
        const res = await this.http.request<T>({ method, path, query: c.query, body, headers, idempotent: c.idempotent, paceKey: 'estuary' });
        return { data: res.data, contentRange: res.headers.get('content-range') ?? undefined };
      } catch (err) {
        if (attempt === 1 && err instanceof ServiceError && err.status === 401) {
          this.session.invalidate();
          continue;
        }
        throw err;
      }
    }
  }

  /** Every row of a select, page by page (`Range`, 1000 rows like flowctl). */
  async selectAll<T>(table: string, query: Query, pageSize = 1000): Promise<T[]> {
    const rows: T[] = [];
    for (let from = 0; ; from += pageSize) {
      const { data, contentRange } = await this.call<T[]>('GET', `/${table}`, undefined, { query, range: [from, from + pageSize - 1] });
      rows.push(...data);
      const total = Number(contentRange?.split('/')[1]);
      if (data.length < pageSize || !Number.isFinite(total) || rows.length >= total) return rows;
    }
  }

  /** config-encryption: `{config, schema}` → the config with its secret fields encrypted (no auth; idempotent). */
  async encrypt(config: unknown, schema: unknown): Promise<Record<string, unknown>> {
    const res = await this.encryption.request<Record<string, unknown>>({ method: 'POST', path: '/v1/encrypt-config', body: { config, schema }, idempotent: true, paceKey: 'estuary' });
    return res.data;
  }
}
