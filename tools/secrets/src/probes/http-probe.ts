/*
 * What every HTTP readiness probe shares: one attempt through libs/http with the probe's timeout, and the reading
 * of the answer as a verdict. The service refusing the credential (401/403, or what a probe names as a refusal)
 * is `invalid`; anything that leaves the question open — a timeout, 429, 5xx, an unexpected status, a refused or
 * dropped connection, an abort, a missing credential — is `unknown`, never `verified`. Details name the call and
 * the status (and the service's error code), never a value; the probe's credentials are scrubbed from them too.
 */
import { HttpClient, type HttpClientOptions, HttpError, NetworkError, ServiceError, TimeoutError } from '@sophia-ai/http';
import { scrubSecrets } from '@sophia-ai/redact';
import type { ProbeResult, Readiness } from '../compliance/model';
import type { Probe, ProbeInputs, ProbeOptions } from './types';

/** Low-level codes that mean the request never reached a server. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export interface HttpProbeSpec {
  service: string;
  keys: string[];
  /** What is called, for the result (`GET /api/v1/instance-types`): no query values, no credential. */
  call: string;
  /** The default base URL (the real service). */
  defaultBaseUrl: string;
  /** Headers carrying the credential; built only once the required keys have values. */
  headers?: (values: ProbeInputs) => Record<string, string>;
  /** The keys that must have a value for the probe to try anything (default: the first key). */
  required?: string[];
  /** The read-only call(s); resolves with the verdict's detail when the service accepted the credential. */
  exchange: (client: HttpClient, values: ProbeInputs) => Promise<string>;
  /** Answers the service gives for a refused credential besides 401/403 (Estuary's refresh-token exchange: 400 P0001). */
  refused?: (err: ServiceError) => boolean;
  /** parseError of libs/http, for services with their own error body. */
  parseError?: HttpClientOptions['parseError'];
}

/** Why a failed call leaves the credential's validity open or refused, in words an operator acts on. */
export function verdictOf(err: unknown, timeoutMs: number, refused?: (err: ServiceError) => boolean): { readiness: Readiness; detail: string } {
  if (err instanceof ServiceError) {
    const said = err.code ? ` ${err.code}` : '';
    if (err.status === 401 || err.status === 403 || refused?.(err)) return { readiness: 'invalid', detail: `HTTP ${err.status}${said}: the service refused the credential` };
    if (err.status === 429) return { readiness: 'unknown', detail: `HTTP 429: rate limited, nothing was checked (try again later)` };
    if (err.status >= 500) return { readiness: 'unknown', detail: `HTTP ${err.status}${said}: the service failed, nothing was checked` };
    return { readiness: 'unknown', detail: `HTTP ${err.status}${said}: unexpected answer (is the base URL right?)` };
  }
  if (err instanceof TimeoutError) return { readiness: 'unknown', detail: `timed out after ${timeoutMs} ms` };
  if (err instanceof NetworkError) {
    return UNREACHABLE.has(err.causeCode ?? '')
      ? { readiness: 'unknown', detail: `unreachable (${err.causeCode})` }
      : { readiness: 'unknown', detail: `connection dropped before an answer${err.causeCode ? ` (${err.causeCode})` : ''}` };
  }
  if (err instanceof HttpError) return { readiness: 'unknown', detail: err.name };
  return { readiness: 'unknown', detail: 'the probe failed before an answer' };
}

/** The probe's verdict for missing credentials: nothing could be tried. */
export function missingCredential(spec: Pick<HttpProbeSpec, 'service' | 'keys' | 'call'>, missing: string[]): ProbeResult {
  return { service: spec.service, readiness: 'unknown', call: spec.call, detail: `not tried: ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no value`, keys: spec.keys, durationMs: 0 };
}

/** Settles with `undefined` when `signal` aborts (the probe's own timeout still bounds the call). */
function aborted(signal: AbortSignal | undefined): Promise<undefined> | undefined {
  if (!signal) return undefined;
  return new Promise((resolve) => {
    if (signal.aborted) resolve(undefined);
    else signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
}

/** Runs one HTTP probe: a single attempt, bounded by `opts.timeoutMs`, answered as verified / invalid / unknown. */
export async function runHttpProbe(spec: HttpProbeSpec, values: ProbeInputs, opts: ProbeOptions): Promise<ProbeResult> {
  const missing = (spec.required ?? spec.keys.slice(0, 1)).filter((k) => !values[k]);
  if (missing.length) return missingCredential(spec, missing);
  // What the probe sends: its own keys' values (other inputs, e.g. an owner name, are not secrets to scrub).
  const secrets = spec.keys.map((k) => values[k]).filter((v): v is string => typeof v === 'string');
  const client = new HttpClient({
    service: spec.service,
    baseUrl: opts.baseUrl ?? spec.defaultBaseUrl,
    headers: spec.headers?.(values) ?? {},
    timeoutMs: opts.timeoutMs,
    retry: { maxAttempts: 1 },
    redact: () => secrets,
    ...(spec.parseError ? { parseError: spec.parseError } : {}),
  });
  const started = Date.now();
  const result = (readiness: Readiness, detail: string): ProbeResult => ({
    service: spec.service,
    readiness,
    call: spec.call,
    detail: scrubSecrets(detail, secrets),
    keys: spec.keys,
    durationMs: Date.now() - started,
  });
  try {
    const call = spec.exchange(client, values);
    const stop = aborted(opts.signal);
    const detail = await (stop ? Promise.race([call, stop]) : call);
    return detail === undefined ? result('unknown', 'aborted before an answer') : result('verified', detail);
  } catch (err) {
    const v = verdictOf(err, opts.timeoutMs, spec.refused);
    return result(v.readiness, v.detail);
  }
}

/** A probe made of one HTTP spec (or one per input, e.g. by the credential's form). */
export function httpProbe(
  probe: Pick<Probe, 'service' | 'keys' | 'baseUrlEnv'>,
  spec: Omit<HttpProbeSpec, 'service' | 'keys'> | ((values: ProbeInputs) => Omit<HttpProbeSpec, 'service' | 'keys'>),
): Probe {
  return {
    ...probe,
    run: (values, opts) => runHttpProbe({ service: probe.service, keys: probe.keys, ...(typeof spec === 'function' ? spec(values) : spec) }, values, opts),
  };
}
