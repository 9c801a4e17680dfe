import { Configuration, EscRawApi } from '@pulumi/esc-sdk';
import { DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, retryDelay, type RetryOptions } from '@sophia-ai/http';
import { REDACTED_PLACEHOLDER, scrubSecrets } from '@sophia-ai/redact';
import type { DefinitionEdit } from './edit';
import { AlreadyExistsError, ConflictError, EscApiError, MissingTokenError, NotFoundError } from './errors';
import { type EscEnvRef, ESC_ORG, escEnvName } from '@sophia-ai/stack-refs/src/esc-naming';
import { type EscDefinition, type EscStore, parseDefinitionDoc, type UpdateOptions, updateVia, type WriteResult } from './store';

export const DEFAULT_ESC_API_URL = 'https://api.pulumi.com';

export interface PulumiCloudEscStoreOptions {
  /** Default `ESC_API_URL`, else https://api.pulumi.com (custom ports and paths are kept). */
  apiUrl?: string;
  /** Default `PULUMI_ACCESS_TOKEN`; missing → MissingTokenError. */
  token?: string;
  org?: string;
  /** Attempts for retryable requests (default 4, like the esc CLI). */
  attempts?: number;
  /** First backoff ceiling in ms (default 1000; libs/http's jittered exponential backoff, at most maxDelayMs). */
  baseDelayMs?: number;
  /** Largest single wait (default 30 000); a longer Retry-After ends retrying. */
  maxDelayMs?: number;
  timeoutMs?: number;
}

/** One revision of an environment (`GET …/versions`). */
export interface EscRevision {
  number: number;
  /** ISO time the revision was made. */
  created?: string;
  creatorLogin?: string;
}

type RawResponse = { status: number; data: unknown; headers: Record<string, unknown> };

/** An evaluated ESC value: `value` is a scalar, or an array / object of further Values. */
interface EscValue {
  value: unknown;
  secret?: boolean;
}

function plainValue(v: EscValue): unknown {
  const x = v?.value;
  if (Array.isArray(x)) return x.map((e) => plainValue(e as EscValue));
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x as Record<string, EscValue>).map(([k, e]) => [k, plainValue(e)]));
  return x;
}

function isHttpUrl(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * ESC definitions in Pulumi Cloud through @pulumi/esc-sdk's raw API (the wrapper drops ports and response
 * headers). Reads definitions with ciphertext intact; writes the whole edited YAML with the `ETag` request
 * header (409 → ConflictError). Retries with libs/http's policy: reads on its retryable statuses (429, 5xx...)
 * and dropped connections, writes on 429 only (a 429 was not acted on; a 5xx write may have been). Never logs
 * or throws the token.
 */
export class PulumiCloudEscStore implements EscStore {
  readonly apiUrl: string;
  readonly org: string;
  private readonly raw: EscRawApi;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  /** Removes the token from text the service wrote (an error message may echo the request). */
  private readonly scrub: (text: string) => string;

  constructor(opts: PulumiCloudEscStoreOptions = {}) {
    const token = opts.token ?? process.env.PULUMI_ACCESS_TOKEN;
    if (!token) throw new MissingTokenError();
    this.scrub = (text) => scrubSecrets(text, [token], REDACTED_PLACEHOLDER);
    this.apiUrl = (opts.apiUrl ?? process.env.ESC_API_URL ?? DEFAULT_ESC_API_URL).replace(/\/+$/, '');
    if (!isHttpUrl(this.apiUrl)) {
      throw new EscApiError(undefined, `ESC_API_URL must be an http(s) URL such as ${DEFAULT_ESC_API_URL} (the sandbox ESC emulator prints its own)`);
    }
    this.org = opts.org ?? ESC_ORG;
    this.retry = {
      ...DEFAULT_RETRY,
      maxAttempts: opts.attempts ?? 4,
      baseDelayMs: opts.baseDelayMs ?? 1000,
      maxDelayMs: opts.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    };
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.raw = new EscRawApi(new Configuration({ accessToken: token, basePath: `${this.apiUrl}/api/esc` }));
  }

  describe(): string {
    return `pulumi-cloud:${this.describeUrl()}`;
  }

  /** The API URL for messages, without any user:password part. */
  private describeUrl(): string {
    try {
      const url = new URL(this.apiUrl);
      url.username = '';
      url.password = '';
      return url.toString().replace(/\/+$/, '');
    } catch {
      return '(invalid ESC_API_URL)';
    }
  }

  private async call(what: string, retryOn: 'read' | 'write', fn: (opts: object) => Promise<RawResponse>): Promise<RawResponse> {
    const options = {
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(d: unknown) => d],
      timeout: this.timeoutMs,
      headers: { Accept: 'application/vnd.pulumi+8' },
    };
    // The SDK speaks axios, not libs/http's client, so the loop is here; the policy (which answers are retried,
    // backoff with jitter, Retry-After in seconds or as a date) is libs/http's.
    const idempotent = retryOn === 'read';
    for (let attempt = 1; ; attempt++) {
      let res: RawResponse | undefined;
      let networkError: string | undefined;
      try {
        res = await fn(options);
      } catch (e) {
        // AxiosError carries the request config (and the Authorization header): keep only its code.
        networkError = (e as { code?: string }).code ?? 'network error';
      }
      const retryable = res ? isRetryableStatus(res.status, idempotent, this.retry) : idempotent;
      const delayMs =
        retryable && attempt < this.retry.maxAttempts
          ? retryDelay(attempt, this.retry, parseRetryAfter(res?.headers['retry-after'] as string | undefined))
          : undefined;
      if (delayMs === undefined) {
        if (!res) {
          throw new EscApiError(
            undefined,
            `ESC ${what} failed: cannot reach ${this.describeUrl()} (${networkError}${attempt > 1 ? ` after ${attempt} attempts` : ''}); ` +
              `check the network, or ESC_API_URL (default ${DEFAULT_ESC_API_URL})`,
          );
        }
        return res;
      }
      await sleep(delayMs);
    }
  }

  private fail(what: string, ref: EscEnvRef | undefined, res: RawResponse): never {
    let message = '';
    try {
      const body = typeof res.data === 'string' ? JSON.parse(res.data) : res.data;
      message = (body as { message?: string })?.message ?? '';
    } catch {
      message = typeof res.data === 'string' ? res.data.slice(0, 200) : '';
    }
    const where = ref ? ` ${escEnvName(ref)}` : '';
    if (res.status === 401 || res.status === 403) {
      // Keep the service's reason: a 403 is also how an approval ruleset refuses a direct update.
      throw new EscApiError(
        res.status,
        `ESC ${what}${where}: access denied (${res.status})${message ? `: ${this.scrub(message)}` : ''}; check PULUMI_ACCESS_TOKEN and its access to org ${this.org}`,
      );
    }
    if (res.status === 429) throw new EscApiError(429, `ESC ${what}${where}: request rate-limit exceeded; try again later`);
    throw new EscApiError(res.status, `ESC ${what}${where} failed with HTTP ${res.status}${message ? `: ${this.scrub(message)}` : ''}`);
  }

  async list(): Promise<EscEnvRef[]> {
    const out: EscEnvRef[] = [];
    let token: string | undefined;
    do {
      const res = await this.call('list', 'read', (o) => this.raw.listEnvironments(this.org, token, o) as Promise<RawResponse>);
      if (res.status !== 200) this.fail('list environments', undefined, res);
      const body = JSON.parse(String(res.data)) as { environments?: Array<{ organization?: string; project: string; name: string }>; nextToken?: string };
      for (const e of body.environments ?? []) out.push({ org: e.organization ?? this.org, project: e.project, name: e.name });
      token = body.nextToken || undefined;
    } while (token);
    return out;
  }

  async read(ref: EscEnvRef): Promise<EscDefinition | undefined> {
    const res = await this.call('read', 'read', (o) => this.raw.getEnvironment(ref.org, ref.project, ref.name, o) as Promise<RawResponse>);
    if (res.status === 404) return undefined;
    if (res.status !== 200) this.fail('read', ref, res);
    const yaml = String(res.data ?? '');
    const etag = String(res.headers['etag'] ?? '');
    const revision = Number(res.headers['pulumi-esc-revision']);
    return { ref, yaml, doc: parseDefinitionDoc(ref, yaml), etag, revision: Number.isFinite(revision) ? revision : undefined };
  }

  /**
   * The environment's revisions, newest first (`GET …/versions?before=&count=`): number, creation time and who
   * made it. `before` pages back from a revision number; `undefined` when the environment does not exist.
   */
  async revisions(ref: EscEnvRef, before?: number, count = 100): Promise<EscRevision[] | undefined> {
    const res = await this.call('list revisions', 'read', (o) => this.raw.listEnvironmentRevisions(ref.org, ref.project, ref.name, before, count, o) as Promise<RawResponse>);
    if (res.status === 404) return undefined;
    if (res.status !== 200) this.fail('list revisions', ref, res);
    const list = JSON.parse(String(res.data)) as Array<{ number: number; created?: string; creatorLogin?: string }>;
    return list.map((r) => ({ number: r.number, ...(r.created ? { created: r.created } : {}), ...(r.creatorLogin ? { creatorLogin: r.creatorLogin } : {}) }));
  }

  /** The definition as it was at `revision` (ciphertext intact, like `read`), or `undefined` when there is none. */
  async readAt(ref: EscEnvRef, revision: number): Promise<EscDefinition | undefined> {
    const res = await this.call('read revision', 'read', (o) => this.raw.getEnvironmentAtVersion(ref.org, ref.project, ref.name, String(revision), o) as Promise<RawResponse>);
    if (res.status === 404) return undefined;
    if (res.status !== 200) this.fail(`read revision ${revision}`, ref, res);
    const yaml = String(res.data ?? '');
    return { ref, yaml, doc: parseDefinitionDoc(ref, yaml), etag: String(res.headers['etag'] ?? ''), revision };
  }

  /** The definition with `fn::secret` values decrypted (audited by ESC as "Environment Decrypted"). */
  async readDecrypted(ref: EscEnvRef): Promise<string | undefined> {
    const res = await this.call('decrypt', 'read', (o) => this.raw.decryptEnvironment(ref.org, ref.project, ref.name, o) as Promise<RawResponse>);
    if (res.status === 404) return undefined;
    if (res.status !== 200) this.fail('decrypt', ref, res);
    return String(res.data ?? '');
  }

  /**
   * The environment opened (evaluated by ESC: imports merged, references and `fn::secret` resolved; audited as
   * "Environment Open"): the plain values under `values`, or `undefined` if it does not exist. Values only —
   * callers that write use `read` (the definition), never these (rebuilding a definition from them loses imports,
   * functions and ciphertext).
   */
  async open(ref: EscEnvRef): Promise<Record<string, unknown> | undefined> {
    const opened = await this.call('open', 'read', (o) => this.raw.openEnvironment(ref.org, ref.project, ref.name, undefined, o) as Promise<RawResponse>);
    if (opened.status === 404) return undefined;
    if (opened.status === 400) {
      let diags = '';
      try {
        const body = JSON.parse(String(opened.data)) as { diagnostics?: Array<{ summary?: string }>; message?: string };
        diags = (body.diagnostics ?? []).map((d) => d.summary).filter(Boolean).join('; ') || body.message || '';
      } catch {
        /* not JSON */
      }
      throw new EscApiError(400, `ESC cannot open ${escEnvName(ref)}${diags ? `: ${this.scrub(diags)}` : ''}`);
    }
    if (opened.status !== 200) this.fail('open', ref, opened);
    const { id } = JSON.parse(String(opened.data)) as { id: string };
    const res = await this.call('read open', 'read', (o) => this.raw.readOpenEnvironment(ref.org, ref.project, ref.name, id, o) as Promise<RawResponse>);
    if (res.status !== 200) this.fail('read open', ref, res);
    const body = JSON.parse(String(res.data)) as { properties?: Record<string, EscValue> };
    return Object.fromEntries(Object.entries(body.properties ?? {}).map(([k, v]) => [k, plainValue(v)]));
  }

  async create(ref: EscEnvRef): Promise<void> {
    const res = await this.call('create', 'write', (o) =>
      this.raw.createEnvironment(ref.org, { project: ref.project, name: ref.name }, o) as Promise<RawResponse>,
    );
    if (res.status === 409) throw new AlreadyExistsError(ref);
    if (res.status < 200 || res.status >= 300) this.fail('create', ref, res);
  }

  async write(ref: EscEnvRef, yaml: string, etag: string): Promise<WriteResult> {
    const res = await this.call('update', 'write', (o) => {
      const opts = o as { headers: Record<string, string> };
      return this.raw.updateEnvironmentYaml(ref.org, ref.project, ref.name, yaml, {
        ...opts,
        headers: { ...opts.headers, ...(etag ? { ETag: etag } : {}) },
      }) as Promise<RawResponse>;
    });
    if (res.status === 409) throw new ConflictError(ref);
    if (res.status === 404) throw new NotFoundError(ref);
    if (res.status === 400) {
      let diags = '';
      try {
        const body = JSON.parse(String(res.data)) as { diagnostics?: Array<{ summary?: string }>; message?: string };
        diags = (body.diagnostics ?? []).map((d) => d.summary).filter(Boolean).join('; ') || body.message || '';
      } catch {
        /* not JSON */
      }
      throw new EscApiError(400, `ESC rejected the definition of ${escEnvName(ref)}${diags ? `: ${this.scrub(diags)}` : ''}`);
    }
    if (res.status < 200 || res.status >= 300) this.fail('update', ref, res);
    const revision = Number(res.headers['pulumi-esc-revision']);
    // The PATCH response has no ETag; fetch the new one cheaply (HEAD).
    const head = await this.call('etag', 'read', (o) => this.raw.getEnvironmentETag(ref.org, ref.project, ref.name, o) as Promise<RawResponse>);
    return { etag: String(head.headers['etag'] ?? ''), revision: Number.isFinite(revision) ? revision : undefined };
  }

  update(ref: EscEnvRef, edits: DefinitionEdit[], opts?: UpdateOptions) {
    return updateVia(this, ref, edits, opts);
  }
}
