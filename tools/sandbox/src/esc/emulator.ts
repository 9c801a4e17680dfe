import * as crypto from 'node:crypto';
import YAML, { isMap, isScalar, isSeq } from 'yaml';
import type { Emulator, EmulatorRequest, EmulatorResponse } from '../core/types';

/**
 * Spec-faithful emulator of the Pulumi ESC REST API (the parts the ESC stores and `esc`-style clients use),
 * after pulumi/esc `cmd/esc/cli/client/client.go` and the Pulumi Cloud REST docs:
 *
 * - `GET    /api/esc/environments/{org}?continuationToken=`  → `{environments:[…], nextToken}`
 * - `POST   /api/esc/environments/{org}` `{project,name}`      → 204, 409 if it exists
 * - `GET    /api/esc/environments/{org}/{project}/{env}`       → definition YAML (ciphertext), `ETag`, `Pulumi-ESC-Revision`
 * - `HEAD   …/{env}`                                           → `ETag` only
 * - `GET    …/{env}/decrypt`                                   → definition YAML with `fn::secret` plaintext
 * - `GET    …/{env}/versions/{revision}`                       → definition at a revision
 * - `PATCH  …/{env}` (application/x-yaml, `ETag`/`If-Match`)   → `{diagnostics}`; 409 on version mismatch; 400 on invalid YAML
 * - `DELETE …/{env}`                                           → 204
 *
 * Every call needs `Authorization: token <t>` (401 otherwise). Plaintext `fn::secret` values are stored as
 * `fn::secret: {ciphertext: <base64>}` on write, like the real service (never persisted in plaintext form).
 */
export interface EscEmulatorOptions {
  /** Accepted tokens; default: any non-empty token. */
  tokens?: string[];
  /** Page size of the list endpoint (default 100). */
  pageSize?: number;
}

interface StoredEnv {
  org: string;
  project: string;
  name: string;
  created: string;
  modified: string;
  /** Stored definitions, index = revision - 1 (revision 1 is the empty definition at creation). */
  revisions: string[];
}

const CIPHER_PREFIX = 'esc-emulator-v1:';
const TOP_LEVEL = new Set(['description', 'imports', 'values']);
const KNOWN_FNS = new Set([
  'fn::concat', 'fn::final', 'fn::validate', 'fn::fromJSON', 'fn::fromBase64', 'fn::join', 'fn::open', 'fn::rotate',
  'fn::secret', 'fn::split', 'fn::toBase64', 'fn::toJSON', 'fn::toString',
]);

const json = (status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse => ({ status, body, headers });
const error = (status: number, message: string): EmulatorResponse => json(status, { code: status, message });

export function emulatorCiphertext(plaintext: string): string {
  return Buffer.from(CIPHER_PREFIX + plaintext, 'utf8').toString('base64');
}

export class EscEmulator implements Emulator {
  readonly name = 'esc';
  readonly envVar = 'ESC_API_URL';
  private envs = new Map<string, StoredEnv>();
  /** Every request seen (method, path, body text) — lets tests prove what reached the service. */
  readonly requests: Array<{ method: string; path: string; body: string }> = [];

  constructor(private readonly opts: EscEmulatorOptions = {}) {}

  /** ESC's error shape: `{code, message}` with the numeric HTTP status as code. */
  errorBody(status: number, _code: string, message: string): unknown {
    return { code: status, message };
  }

  reset(): void {
    this.envs.clear();
    this.requests.length = 0;
  }

  /** Test helper: the stored (encrypted) definition, or undefined. */
  stored(org: string, project: string, name: string): string | undefined {
    const e = this.envs.get(`${org}/${project}/${name}`);
    return e?.revisions[e.revisions.length - 1];
  }

  /** Test helper: create/replace an environment's definition directly (as another writer would). */
  seed(org: string, project: string, name: string, yaml: string): void {
    const key = `${org}/${project}/${name}`;
    const now = new Date().toISOString();
    const e = this.envs.get(key) ?? { org, project, name, created: now, modified: now, revisions: [] };
    const encrypted = this.encrypt(yaml);
    if (typeof encrypted !== 'string') throw new Error(encrypted.diagnostics.join('; '));
    e.revisions.push(encrypted);
    e.modified = now;
    this.envs.set(key, e);
  }

  private etag(e: StoredEnv): string {
    const rev = e.revisions.length;
    const hash = crypto.createHash('sha256').update(`${e.org}/${e.project}/${e.name}@${rev}\n${e.revisions[rev - 1]}`).digest('hex');
    return `"${hash.slice(0, 24)}"`;
  }

  private authorized(req: EmulatorRequest): boolean {
    const m = /^token (\S+)$/.exec(String(req.headers.authorization ?? ''));
    if (!m) return false;
    return this.opts.tokens ? this.opts.tokens.includes(m[1]!) : true;
  }

  handle(req: EmulatorRequest): EmulatorResponse | undefined {
    this.requests.push({ method: req.method, path: req.path, body: req.body.toString('utf8') });
    const m = /^\/api\/esc\/environments\/([^/]+)(?:\/([^/]+)\/([^/]+)(\/.*)?)?$/.exec(req.path);
    if (!m) return undefined;
    if (!this.authorized(req)) return error(401, 'Unauthorized: No credentials provided or are invalid.');
    const [, org, project, envName, rest] = m.map((s) => (s === undefined ? s : decodeURIComponent(s))) as Array<string | undefined>;
    if (!project) {
      if (req.method === 'GET') return this.list(org!, req.query.get('continuationToken') ?? undefined);
      if (req.method === 'POST') return this.create(org!, req);
      return error(405, 'Method not allowed');
    }
    const key = `${org}/${project}/${envName}`;
    const env = this.envs.get(key);
    const notFound = () => error(404, `Environment '${project}/${envName}' not found`);
    if (!rest) {
      if (req.method === 'GET' || req.method === 'HEAD') {
        if (!env) return notFound();
        const yaml = env.revisions[env.revisions.length - 1]!;
        return {
          status: 200,
          headers: { 'Content-Type': 'application/x-yaml', ETag: this.etag(env), 'Pulumi-ESC-Revision': String(env.revisions.length) },
          body: req.method === 'HEAD' ? undefined : yaml,
        };
      }
      if (req.method === 'PATCH') return env ? this.update(env, req) : notFound();
      if (req.method === 'DELETE') {
        if (!env) return notFound();
        this.envs.delete(key);
        return { status: 204 };
      }
      return error(405, 'Method not allowed');
    }
    if (!env) return notFound();
    if (rest === '/decrypt' && req.method === 'GET') {
      return { status: 200, headers: { 'Content-Type': 'application/x-yaml' }, body: this.decrypt(env.revisions[env.revisions.length - 1]!) };
    }
    const v = /^\/versions\/(\d+)$/.exec(rest);
    if (v && req.method === 'GET') {
      const yaml = env.revisions[Number(v[1]) - 1];
      return yaml === undefined ? error(404, `Revision ${v[1]} not found`) : { status: 200, headers: { 'Content-Type': 'application/x-yaml' }, body: yaml };
    }
    return undefined;
  }

  private list(org: string, continuationToken?: string): EmulatorResponse {
    const all = [...this.envs.values()].filter((e) => e.org === org).sort((a, b) => `${a.project}/${a.name}`.localeCompare(`${b.project}/${b.name}`));
    const size = this.opts.pageSize ?? 100;
    let start = 0;
    if (continuationToken) {
      start = Number(Buffer.from(continuationToken, 'base64url').toString('utf8'));
      if (!Number.isInteger(start) || start < 0) return error(400, 'invalid continuation token');
    }
    const page = all.slice(start, start + size);
    const next = start + size < all.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
    return json(200, {
      environments: page.map((e) => ({ organization: e.org, project: e.project, name: e.name, created: e.created, modified: e.modified })),
      ...(next ? { nextToken: next } : {}),
    });
  }

  private create(org: string, req: EmulatorRequest): EmulatorResponse {
    let body: { project?: string; name?: string };
    try {
      body = req.json();
    } catch {
      return error(400, 'invalid JSON body');
    }
    const ok = (s: unknown) => typeof s === 'string' && /^[A-Za-z0-9_.-]+$/.test(s);
    if (!ok(body.project) || !ok(body.name)) return error(400, 'project and name must contain only alphanumerics, -, _ and .');
    const key = `${org}/${body.project}/${body.name}`;
    if (this.envs.has(key)) return error(409, `Environment '${body.project}/${body.name}' already exists`);
    const now = new Date().toISOString();
    this.envs.set(key, { org, project: body.project!, name: body.name!, created: now, modified: now, revisions: ['{}\n'] });
    return { status: 204 };
  }

  private update(env: StoredEnv, req: EmulatorRequest): EmulatorResponse {
    const expected = (req.headers['etag'] ?? req.headers['if-match']) as string | undefined;
    if (expected !== undefined && expected !== this.etag(env)) {
      return error(409, 'The environment was modified since it was read (ETag mismatch)');
    }
    const encrypted = this.encrypt(req.body.toString('utf8'));
    if (typeof encrypted !== 'string') return json(400, { diagnostics: encrypted.diagnostics.map((summary) => ({ summary })) });
    env.revisions.push(encrypted);
    env.modified = new Date().toISOString();
    return json(200, { diagnostics: [] }, { 'Pulumi-ESC-Revision': String(env.revisions.length) });
  }

  /** Validates a definition and replaces plaintext `fn::secret` values by `{ciphertext}`. */
  private encrypt(text: string): string | { diagnostics: string[] } {
    const doc = YAML.parseDocument(text);
    if (doc.errors.length) return { diagnostics: doc.errors.map((e) => e.message.split('\n')[0]!) };
    const diagnostics: string[] = [];
    const root = doc.contents;
    if (root !== null && !isMap(root)) return { diagnostics: ['the environment definition must be a mapping'] };
    if (isMap(root)) {
      for (const pair of root.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '?';
        if (!TOP_LEVEL.has(k)) diagnostics.push(`unknown top-level key "${k}" (expected description, imports, values)`);
        if (k === 'imports' && pair.value !== null && !isSeq(pair.value)) diagnostics.push('imports must be a list');
      }
    }
    YAML.visit(doc, {
      Pair(_, pair) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '';
        if (k.startsWith('fn::') && !KNOWN_FNS.has(k) && !/^fn::(open|rotate)::[A-Za-z0-9_-]+$/.test(k)) {
          diagnostics.push(`'fn::' is a reserved prefix: unknown function "${k}"`);
        }
      },
      Map(_, map) {
        if (map.items.length !== 1) return;
        const pair = map.items[0]!;
        if (!isScalar(pair.key) || pair.key.value !== 'fn::secret') return;
        if (isScalar(pair.value) && typeof pair.value.value === 'string') {
          pair.value = doc.createNode({ ciphertext: emulatorCiphertext(pair.value.value) });
        } else if (!(isMap(pair.value) && pair.value.items.length === 1 && isScalar(pair.value.items[0]!.key) && pair.value.items[0]!.key.value === 'ciphertext')) {
          diagnostics.push('fn::secret must be a string or {ciphertext: …}');
        }
        return YAML.visit.SKIP;
      },
    });
    return diagnostics.length ? { diagnostics } : doc.toString({ lineWidth: 0 });
  }

  private decrypt(text: string): string {
    const doc = YAML.parseDocument(text);
    YAML.visit(doc, {
      Map(_, map) {
        const pair = map.items[0];
        if (map.items.length !== 1 || !isScalar(pair?.key) || pair.key.value !== 'fn::secret' || !isMap(pair.value)) return;
        const c = pair.value.get('ciphertext');
        if (typeof c === 'string') {
          const plain = Buffer.from(c, 'base64').toString('utf8');
          pair.value = doc.createNode(plain.startsWith(CIPHER_PREFIX) ? plain.slice(CIPHER_PREFIX.length) : plain);
        }
        return YAML.visit.SKIP;
      },
    });
    return doc.toString({ lineWidth: 0 });
  }
}
