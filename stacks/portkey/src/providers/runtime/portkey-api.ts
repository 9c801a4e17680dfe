/**
 * The Portkey Admin API for the provider runtime, on libs/dynamic-provider's client: base URL and durations read
 * at call time (`PORTKEY_API_URL`, `PORTKEY_<NAME>_MS`), `x-portkey-api-key` authentication, one pacer per
 * process, the key scrubbed from errors. Both documented answer envelopes are taken: `{success, data}` is
 * unwrapped, a top-level object is used as is; both error shapes (`{success:false,data:{errorCode,message}}` and
 * the Terraform provider's `{errorCode,message}`) give the ServiceError its AB code.
 */
import { ApiClient, defineApi, type OptionsOf, type Props } from '@sophia-ai/dynamic-provider/src/runtime';
import { ServiceError, defaultParseError } from '@sophia-ai/http';
import { apiKeyFor } from './credentials';


export const DEFAULT_PORTKEY_API_URL = 'https://api.portkey.ai';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export const api = defineApi<never>({
  service: 'portkey',
  envPrefix: 'PORTKEY',
  defaultBaseUrl: DEFAULT_PORTKEY_API_URL,
  pathPrefix: '/v1',
  // Rate limits are not documented (only AB06 / 429, which the client retries with backoff).
  durations: { pollIntervalMs: 2_000, requestIntervalMs: 0, timeoutMs: 30_000, settleTimeoutMs: 5 * 60_000 },
  auth: (key) => ({ 'x-portkey-api-key': key }),
  unwrap(body) {
    if (body && typeof body === 'object' && typeof (body as Props).success === 'boolean' && 'data' in body) return (body as { data: unknown }).data;
    return body;
  },
  parseError(body) {
    const b = body && typeof body === 'object' ? (body as Props) : {};
    const inner = b.data && typeof b.data === 'object' ? (b.data as Props) : b;
    const code = str(inner.errorCode) ?? str(b.errorCode);
    return code ? { code, message: str(inner.message) ?? str(b.message) } : defaultParseError(body);
  },
  missingKey: 'Portkey Admin API key is missing: set portkey:apiKey (ESC sophia-ai/secrets-<env>, GitHub secret PORTKEY_API_KEY)',
});

export type RuntimeOptions = OptionsOf<never>;
export type PortkeyClient = ApiClient<never>;

/** A client for the resource whose state/inputs are `props`: its key and URL, unless the environment or `ro` say otherwise. */
export function clientFor(props: Props, ro: RuntimeOptions = {}): PortkeyClient {
  const baseUrl = ro.baseUrl ?? process.env.PORTKEY_API_URL ?? (props.apiUrl as string | undefined);
  return new ApiClient(api, apiKeyFor(props), api.resolveOptions({ ...ro, baseUrl }));
}

/**
 * Gone: 404, or the 403 AB03 the API answers on some endpoints for objects deleted out of band (the official
 * Terraform provider's `IsNotFound` treats both as gone on read).
 */
export const isGone = (err: unknown): boolean => err instanceof ServiceError && (err.status === 404 || (err.status === 403 && err.code === 'AB03'));

/** What the engine hands `check` in a preview for a value not known yet (e.g. the id of a workspace to be created). */
export { UNKNOWN } from '@sophia-ai/dynamic-provider/src/runtime';

/** 409 AB07: the slug is taken (a create to adopt), or a delete found dependents. */
export const isTaken = (err: unknown): boolean => err instanceof ServiceError && err.status === 409;

/** GET that answers undefined when the object is gone. */
export async function getOrGone<T>(client: PortkeyClient, path: string): Promise<T | undefined> {
  try {
    return await client.get<T>(path);
  } catch (err) {
    if (isGone(err)) return undefined;
    throw err;
  }
}

/** DELETE that succeeds when the object is already gone. */
export async function deleteOrGone(client: PortkeyClient, path: string, body?: unknown): Promise<void> {
  try {
    await client.delete(path, body);
  } catch (err) {
    if (!isGone(err)) throw err;
  }
}

/** Every item of a paginated list (`current_page` 0-based, `{object:'list',total,data}`). */
export async function listAll<T>(client: PortkeyClient, path: string, pageSize = 50): Promise<T[]> {
  const items: T[] = [];
  for (let page = 0; ; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const answer = await client.get<{ data?: T[]; total?: number } | T[]>(`${path}${sep}current_page=${page}&page_size=${pageSize}`);
    const data = Array.isArray(answer) ? answer : (answer.data ?? []);
    items.push(...data);
    const total = Array.isArray(answer) ? data.length : (answer.total ?? data.length);
    if (data.length < pageSize || items.length >= total) return items;
  }
}

/** `?workspace_id=<id>` for scoped calls. */
export const inWorkspace = (workspaceId: unknown) => `workspace_id=${encodeURIComponent(String(workspaceId))}`;

