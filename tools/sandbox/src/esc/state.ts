/**
 * What the emulated ESC organisation holds: environments with their immutable revisions (revision 1 is the
 * empty definition made at creation; every write adds one), the ETag of the latest revision, open sessions, and
 * which environments an approval ruleset protects.
 */
import * as crypto from 'node:crypto';
import YAML from 'yaml';
import { conflict, notFound, type Diagnostic } from './errors';
import { encryptDefinition } from './definition';
import type { Val } from './evaluate';

export interface Revision {
  number: number;
  yaml: string;
  created: string;
  creatorLogin: string;
}

export interface StoredEnv {
  org: string;
  project: string;
  name: string;
  created: string;
  modified: string;
  revisions: Revision[];
}

export interface OpenSession {
  id: string;
  key: string;
  expiresAt: number;
  properties: Record<string, Val>;
}

/** Which operations an approval ruleset gates on an environment (docs concepts/approvals). */
export interface ApprovalRules {
  /** Direct writes are blocked; changes must go through a change request (draft). */
  update?: boolean;
  /** Opening needs an approved access request. */
  open?: boolean;
}

export const envKey = (org: string, project: string, name: string) => `${org}/${project}/${name}`;

export class EscState {
  readonly envs = new Map<string, StoredEnv>();
  readonly sessions = new Map<string, OpenSession>();
  readonly approvals = new Map<string, ApprovalRules>();

  constructor(
    private readonly now: () => number,
    private readonly login: string,
  ) {}

  env(org: string, project: string, name: string): StoredEnv {
    const e = this.envs.get(envKey(org, project, name));
    if (!e) throw notFound(`Environment '${project}/${name}' not found`);
    return e;
  }

  create(org: string, project: string, name: string): StoredEnv {
    const key = envKey(org, project, name);
    if (this.envs.has(key)) throw conflict(`Environment '${project}/${name}' already exists`);
    const at = new Date(this.now()).toISOString();
    const e: StoredEnv = { org, project, name, created: at, modified: at, revisions: [{ number: 1, yaml: '{}\n', created: at, creatorLogin: this.login }] };
    this.envs.set(key, e);
    return e;
  }

  /** Adds a revision (the definition already encrypted). */
  write(e: StoredEnv, yaml: string): Revision {
    const at = new Date(this.now()).toISOString();
    const r: Revision = { number: e.revisions.length + 1, yaml, created: at, creatorLogin: this.login };
    e.revisions.push(r);
    e.modified = at;
    return r;
  }

  /** Writes as another writer would (no ETag), creating the environment when needed. */
  seed(org: string, project: string, name: string, text: string): void {
    const encrypted = encryptDefinition(text);
    if (typeof encrypted !== 'string') throw new Error(encrypted.diagnostics.map((d: Diagnostic) => d.summary).join('; '));
    const e = this.envs.get(envKey(org, project, name)) ?? this.seedEmpty(org, project, name);
    this.write(e, encrypted);
  }

  private seedEmpty(org: string, project: string, name: string): StoredEnv {
    const at = new Date(this.now()).toISOString();
    const e: StoredEnv = { org, project, name, created: at, modified: at, revisions: [] };
    this.envs.set(envKey(org, project, name), e);
    return e;
  }

  delete(org: string, project: string, name: string): void {
    this.env(org, project, name);
    this.envs.delete(envKey(org, project, name));
  }

  latest(e: StoredEnv): Revision {
    return e.revisions[e.revisions.length - 1]!;
  }

  /** A revision by number or tag (`latest` is the only tag the emulator holds). */
  revision(e: StoredEnv, version: string): Revision {
    const r = version === 'latest' ? this.latest(e) : /^\d+$/.test(version) ? e.revisions.find((x) => x.number === Number(version)) : undefined;
    if (!r) throw notFound(`Revision ${version} of '${e.project}/${e.name}' not found`);
    return r;
  }

  etag(e: StoredEnv): string {
    const r = this.latest(e);
    const hash = crypto.createHash('sha256').update(`${e.org}/${e.project}/${e.name}@${r.number}\n${r.yaml}`).digest('hex');
    return `"${hash.slice(0, 24)}"`;
  }

  /** The parsed definition at a revision (latest when undefined); undefined when the environment or revision is absent. */
  definition(org: string, project: string, name: string, version?: string): unknown {
    const e = this.envs.get(envKey(org, project, name));
    if (!e) return undefined;
    try {
      return YAML.parse(this.revision(e, version ?? 'latest').yaml) ?? {};
    } catch {
      return undefined;
    }
  }

  openSession(key: string, properties: Record<string, Val>, durationMs: number): OpenSession {
    const s: OpenSession = { id: String(crypto.randomInt(10_000, 99_999_999)), key, expiresAt: this.now() + durationMs, properties };
    this.sessions.set(s.id, s);
    return s;
  }

  session(key: string, id: string): OpenSession {
    const s = this.sessions.get(id);
    if (!s || s.key !== key || s.expiresAt <= this.now()) throw notFound(`Open session ${id} not found or expired`);
    return s;
  }
}
