/**
 * Estuary Flow: the credential is exchanged for an access token, the way stacks/estuary's provider session does
 * it (service-apis §3.3): a refresh token (base64 JSON `{id, secret}`) at PostgREST's `rpc/generate_access_token`,
 * a service-account key (`flow_sa_…`) at the agent API's `/api/v1/auth/token`. An access token (a JWT) needs no
 * exchange, so one row of the caller's drafts is read with it instead. Exchanges create nothing.
 */
import { ESTUARY_PUBLIC_ANON_KEY } from '@sophia-ai/estuary-config/limits';
import { auth, type ParsedServiceError, ServiceError } from '@sophia-ai/http';
import type { ProbeResult } from '../compliance/model';
import { type HttpProbeSpec, missingCredential, runHttpProbe } from './http-probe';
import type { Probe, ProbeInputs, ProbeOptions } from './types';

const KEY = 'estuary:refreshToken';
// stacks/estuary's defaults (its namespace's apiUrl, the provider runtime's DEFAULT_AGENT_URL).
const POSTGREST_URL = 'https://eyrcnmuzzyriypdajwdk.supabase.co/rest/v1';
const AGENT_URL = 'https://api.estuary.dev';

type Credential = { kind: 'service-key' } | { kind: 'access-token' } | { kind: 'refresh-token'; id: string; secret: string };

function credentialOf(value: string): Credential | undefined {
  if (value.startsWith('flow_sa_')) return { kind: 'service-key' };
  if (value.split('.').length === 3) return { kind: 'access-token' };
  try {
    const t = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as Record<string, unknown>;
    if (typeof t.id === 'string' && typeof t.secret === 'string') return { kind: 'refresh-token', id: t.id, secret: t.secret };
  } catch {
    /* not base64 JSON */
  }
  return undefined;
}

/** PostgREST `{code, message}` and the agent's OAuth-style `{error, error_description}`. */
function parseError(body: unknown): ParsedServiceError {
  if (!body || typeof body !== 'object') return {};
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return { code: str(b.code) ?? str(b.error), message: str(b.message) ?? str(b.error_description) };
}

/** PostgREST answers a wrong refresh token id or secret with 400 P0001 (a raised exception), not 401. */
const refusedRefreshToken = (err: ServiceError) => err.status === 400 && err.code === 'P0001';

function spec(credential: Credential, value: string): Omit<HttpProbeSpec, 'service' | 'keys'> {
  if (credential.kind === 'service-key') {
    return {
      call: 'POST /api/v1/auth/token',
      defaultBaseUrl: AGENT_URL,
      parseError,
      exchange: async (client) => {
        await client.request({ method: 'POST', path: '/api/v1/auth/token', body: { grant_type: 'api_key', api_key: value }, idempotent: true });
        return 'the service-account key was exchanged for an access token';
      },
    };
  }
  if (credential.kind === 'access-token') {
    return {
      call: 'GET /drafts',
      defaultBaseUrl: POSTGREST_URL,
      parseError,
      headers: () => ({ apikey: ESTUARY_PUBLIC_ANON_KEY, ...auth.bearer(value) }),
      exchange: async (client) => {
        await client.get('/drafts', { query: { select: 'id', limit: 1 } });
        return 'the access token was accepted (it expires: prefer a refresh token)';
      },
    };
  }
  return {
    call: 'POST /rpc/generate_access_token',
    defaultBaseUrl: POSTGREST_URL,
    parseError,
    refused: refusedRefreshToken,
    headers: () => ({ apikey: ESTUARY_PUBLIC_ANON_KEY }),
    exchange: async (client) => {
      await client.request({ method: 'POST', path: '/rpc/generate_access_token', body: { refresh_token_id: credential.id, secret: credential.secret }, idempotent: true });
      return 'the refresh token was exchanged for an access token';
    },
  };
}

export const estuaryProbe: Probe = {
  service: 'estuary',
  keys: [KEY],
  baseUrlEnv: 'ESTUARY_API_URL',
  run: async (values: ProbeInputs, opts: ProbeOptions): Promise<ProbeResult> => {
    const value = values[KEY];
    if (!value) return missingCredential({ service: 'estuary', keys: [KEY], call: 'POST /rpc/generate_access_token' }, [KEY]);
    const credential = credentialOf(value);
    if (!credential) {
      return { service: 'estuary', readiness: 'unknown', call: '-', detail: `not tried: ${KEY} is neither a refresh token (base64 JSON {"id","secret"}), a service-account key (flow_sa_…) nor an access token`, keys: [KEY], durationMs: 0 };
    }
    const s = spec(credential, value);
    // The agent API has its own host, ESTUARY_AGENT_URL as in stacks/estuary: a PostgREST override never receives a service key.
    const baseUrl = credential.kind === 'service-key' ? process.env.ESTUARY_AGENT_URL : opts.baseUrl;
    return runHttpProbe({ service: 'estuary', keys: [KEY], ...s }, values, { ...opts, baseUrl });
  },
};
