/**
 * The emulated organisation: its users, workspaces (server-made slugs, names not unique) with their members,
 * integrations, providers and configs, and the rules that only the account knows (slug taken → 409 AB07, missing reference, dependents on a
 * workspace delete, usage reaching a budget → `exhausted`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { exists, forbidden, invalid, notFound } from './errors';
import type { ApiRateLimit, ApiUsageLimits, WorkspaceAccess, validApiKey, validConfig, validIntegration, validProvider, validWorkspace } from './validation';

export interface WorkspaceRecord {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  metadata: Record<string, string>;
  usage_limits: ApiUsageLimits[];
  rate_limits: ApiRateLimit[];
  /** Members by user id. */
  members: Map<string, MembershipRecord>;
  created_at: string;
  last_updated_at: string;
}
/** A user of the organisation (invited and joined: the Admin API adds only these to workspaces). */
export interface UserRecord {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  /** The organisation role. */
  role: 'owner' | 'admin' | 'member';
  created_at: string;
  last_updated_at: string;
}
export type WorkspaceRole = 'admin' | 'manager' | 'member';
export interface MembershipRecord {
  user_id: string;
  role: WorkspaceRole;
  created_at: string;
  last_updated_at: string;
}
export interface IntegrationRecord {
  id: string;
  slug: string;
  name: string;
  ai_provider_id: string;
  description?: string;
  /** Write-only: never answered (GET shows `masked_key`). */
  key?: string;
  workspace_id?: string;
  /** Per-workspace access (and its budget) by workspace id. */
  access: Map<string, WorkspaceAccess>;
  created_at: string;
  last_updated_at: string;
}
export interface ProviderRecord {
  id: string;
  slug: string;
  name: string;
  integration_id: string;
  workspace_id: string;
  note: string | null;
  usage_limits: ApiUsageLimits | null;
  rate_limits: ApiRateLimit[];
  /** Spent so far in this period (USD or tokens, per the limit's type). */
  usage: number;
  created_at: string;
}
export interface ConfigRecord {
  id: string;
  slug: string;
  name: string;
  workspace_id: string;
  config: Record<string, unknown>;
  is_default: number;
  version_id: string;
  created_at: string;
  last_updated_at: string;
}

export interface ApiKeyRecord {
  id: string;
  name: string;
  description?: string;
  type: 'workspace-service' | 'organisation-service';
  workspace_id?: string;
  scopes: string[];
  /** The gateway key: answered in plain only by the create and the rotate. */
  key: string;
  /** The key before the last rotation, valid until `previous_expires_at`. */
  previous_key?: string;
  previous_expires_at?: number;
  created_at: string;
  last_updated_at: string;
}

/** An org-level usage-limit or rate-limit policy; a delete archives it (it stays readable, status `archived`). */
export interface PolicyRecord {
  id: string;
  kind: 'usage-limits' | 'rate-limits';
  status: 'active' | 'archived';
  workspace_id: string;
  /** Every field of the create body, updated by PUTs (conditions, group_by, type, limits). */
  fields: Record<string, unknown>;
  created_at: string;
  last_updated_at: string;
}

/** A server-made slug: a prefix, the name folded to [a-z0-9-], and a random suffix (like the API's). */
const madeSlug = (prefix: string, name: string) =>
  `${prefix}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 20)}-${randomBytes(3).toString('hex')}`;

type Workspace = ReturnType<typeof validWorkspace>;
type Integration = ReturnType<typeof validIntegration>;
type Provider = ReturnType<typeof validProvider>;
type Config = ReturnType<typeof validConfig>;
type ApiKey = ReturnType<typeof validApiKey>;

/** A gateway key: `pk-` and 32 random characters (the sandbox's shape, never a valid Portkey key). */
const gatewayKey = () => `pk-sandbox-${randomBytes(16).toString('hex')}`;

export class PortkeyState {
  /** The organisation's users by id (seeded: the emulator cannot invite). */
  readonly users = new Map<string, UserRecord>();
  readonly workspaces = new Map<string, WorkspaceRecord>();
  readonly integrations = new Map<string, IntegrationRecord>();
  readonly providers = new Map<string, ProviderRecord>();
  readonly configs = new Map<string, ConfigRecord>();
  readonly apiKeys = new Map<string, ApiKeyRecord>();
  readonly policies = new Map<string, PolicyRecord>();
  /** The organisation every object belongs to. */
  readonly organisationId = randomUUID();
  /** Ids of deleted workspaces: a GET of one answers 403 AB03, as the API does for some deleted objects. */
  private readonly deletedWorkspaces = new Set<string>();
  constructor(private readonly now: () => number, users: ReadonlyArray<Pick<UserRecord, 'id' | 'email'> & Partial<UserRecord>> = []) {
    for (const u of users) this.addUser(u);
  }

  private stamp = () => new Date(this.now()).toISOString();

  // Users: the organisation's, by id (GET /admin/users filters them by email, ignoring case).
  addUser(u: Pick<UserRecord, 'id' | 'email'> & Partial<UserRecord>): UserRecord {
    const r: UserRecord = { first_name: u.email.split('@')[0]!, last_name: '', role: 'member', created_at: this.stamp(), last_updated_at: this.stamp(), ...u };
    this.users.set(r.id, r);
    return r;
  }
  user(id: string): UserRecord {
    const r = this.users.get(id);
    if (!r) throw notFound('user');
    return r;
  }

  // Members: users of the organisation in a workspace, each with one role.
  /** Adds users (each must be in the organisation); one already a member is 409 AB07 and nothing is added. */
  addMembers(workspace: string, list: Array<{ id: string; role: WorkspaceRole }>): void {
    const w = this.workspace(workspace);
    for (const m of list) {
      if (!this.users.has(m.id)) throw invalid(`users: ${m.id} is not a user of the organisation`);
      if (w.members.has(m.id)) throw exists(`User ${m.id} is already a member of the workspace`);
    }
    for (const m of list) w.members.set(m.id, { user_id: m.id, role: m.role, created_at: this.stamp(), last_updated_at: this.stamp() });
  }
  member(workspace: string, userId: string): { workspace: WorkspaceRecord; user: UserRecord; membership: MembershipRecord } {
    const w = this.workspace(workspace);
    const membership = w.members.get(userId);
    if (!membership) throw notFound('workspace member');
    return { workspace: w, user: this.user(userId), membership };
  }
  updateMember(workspace: string, userId: string, role: WorkspaceRole): void {
    const { membership } = this.member(workspace, userId);
    membership.role = role;
    membership.last_updated_at = this.stamp();
  }
  removeMember(workspace: string, userId: string): void {
    this.member(workspace, userId).workspace.members.delete(userId);
  }

  // Workspaces: id (UUID) or slug address one.
  createWorkspace(b: Workspace): WorkspaceRecord {
    const r: WorkspaceRecord = {
      id: randomUUID(), slug: madeSlug('ws', b.name!), name: b.name!, description: b.description ?? null, metadata: b.metadata ?? {},
      usage_limits: b.usage_limits ?? [], rate_limits: b.rate_limits ?? [], members: new Map(), created_at: this.stamp(), last_updated_at: this.stamp(),
    };
    this.workspaces.set(r.id, r);
    return r;
  }
  workspace(idOrSlug: string): WorkspaceRecord {
    const r = this.workspaces.get(idOrSlug) ?? [...this.workspaces.values()].find((w) => w.slug === idOrSlug);
    if (r) return r;
    if (this.deletedWorkspaces.has(idOrSlug)) throw forbidden();
    throw notFound('workspace');
  }
  updateWorkspace(idOrSlug: string, b: Workspace): void {
    const r = this.workspace(idOrSlug);
    if (b.name !== undefined) r.name = b.name;
    if (b.description !== undefined) r.description = b.description ?? null;
    if (b.metadata !== undefined) r.metadata = b.metadata;
    if (b.usage_limits !== undefined) r.usage_limits = b.usage_limits;
    if (b.rate_limits !== undefined) r.rate_limits = b.rate_limits;
    r.last_updated_at = this.stamp();
  }
  /** Needs the workspace's name; refuses (409 AB07) while providers or configs live in it, unless forced. */
  deleteWorkspace(idOrSlug: string, name: string, force: boolean): void {
    const r = this.workspace(idOrSlug);
    if (name !== r.name) throw invalid('name: does not match the workspace name');
    const providers = [...this.providers.values()].filter((p) => p.workspace_id === r.id);
    const configs = [...this.configs.values()].filter((c) => c.workspace_id === r.id);
    const keys = [...this.apiKeys.values()].filter((k) => k.workspace_id === r.id);
    if ((providers.length || configs.length || keys.length) && !force) throw exists('Unable to delete. Please ensure that all Virtual Keys are deleted');
    for (const p of providers) this.providers.delete(p.slug);
    for (const c of configs) this.configs.delete(c.slug);
    for (const k of keys) this.apiKeys.delete(k.id);
    this.workspaces.delete(r.id);
    this.deletedWorkspaces.add(r.id).add(r.slug);
  }

  // Integrations: addressed by slug.
  createIntegration(b: Integration): IntegrationRecord {
    const slug = b.slug ?? madeSlug('int', b.name!);
    if (this.integrations.has(slug)) throw exists(`An integration with slug ${slug} already exists`);
    if (b.workspace_id) this.workspace(b.workspace_id);
    const r: IntegrationRecord = {
      id: randomUUID(), slug, name: b.name!, ai_provider_id: b.ai_provider_id!, description: b.description, key: b.key,
      workspace_id: b.workspace_id, access: new Map(), created_at: this.stamp(), last_updated_at: this.stamp(),
    };
    this.integrations.set(slug, r);
    return r;
  }
  integration(slug: string): IntegrationRecord {
    const r = this.integrations.get(slug);
    if (!r) throw notFound('integration');
    return r;
  }
  updateIntegration(slug: string, b: Integration): void {
    const r = this.integration(slug);
    if (b.name !== undefined) r.name = b.name;
    if (b.description !== undefined) r.description = b.description;
    if (b.key !== undefined) r.key = b.key;
    r.last_updated_at = this.stamp();
  }
  /** Sets access of the listed workspaces (each must exist); others keep theirs. */
  setWorkspaceAccess(slug: string, list: WorkspaceAccess[]): void {
    const r = this.integration(slug);
    for (const w of list) {
      const id = this.workspace(w.id).id;
      r.access.set(id, { id, enabled: w.enabled, usage_limits: w.usage_limits ?? [], rate_limits: w.rate_limits ?? [] });
    }
    r.last_updated_at = this.stamp();
  }
  deleteIntegration(slug: string): void {
    this.integration(slug);
    if ([...this.providers.values()].some((p) => p.integration_id === slug)) throw exists('Unable to delete. Providers of this integration exist');
    this.integrations.delete(slug);
  }

  // Providers: addressed by slug (optionally scoped by ?workspace_id).
  createProvider(b: Provider): ProviderRecord {
    const workspace = this.workspace(b.workspace_id!);
    if (!this.integrations.has(b.integration_id!)) throw invalid('integration_id: no such integration');
    const slug = b.slug ?? madeSlug(b.integration_id!, b.name!);
    if (this.providers.has(slug)) throw exists(`A provider with slug ${slug} already exists`);
    const r: ProviderRecord = {
      id: randomUUID(), slug, name: b.name!, integration_id: b.integration_id!, workspace_id: workspace.id, note: b.note ?? null,
      usage_limits: b.usage_limits ?? null, rate_limits: b.rate_limits ?? [], usage: 0, created_at: this.stamp(),
    };
    this.providers.set(slug, r);
    return r;
  }
  provider(slug: string, workspaceId?: string | null): ProviderRecord {
    const r = this.providers.get(slug);
    if (!r || (workspaceId && r.workspace_id !== workspaceId && this.workspace(workspaceId).id !== r.workspace_id)) throw notFound('provider');
    return r;
  }
  updateProvider(slug: string, workspaceId: string | null, b: Provider): ProviderRecord {
    const r = this.provider(slug, workspaceId);
    if (b.name !== undefined) r.name = b.name;
    if (b.note !== undefined) r.note = b.note ?? null;
    if (b.usage_limits !== undefined) r.usage_limits = b.usage_limits ?? null;
    if (b.rate_limits !== undefined) r.rate_limits = b.rate_limits;
    if (b.reset_usage === true) r.usage = 0;
    return r;
  }
  deleteProvider(slug: string, workspaceId: string | null): void {
    this.providers.delete(this.provider(slug, workspaceId).slug);
  }
  /** `exhausted` once the usage reaches the budget. */
  providerStatus(r: ProviderRecord): 'active' | 'exhausted' {
    return r.usage_limits && r.usage >= r.usage_limits.credit_limit ? 'exhausted' : 'active';
  }

  // Configs: server-made slugs, addressed by slug.
  createConfig(b: Config): ConfigRecord {
    const workspace = this.workspace(b.workspace_id!);
    const r: ConfigRecord = {
      id: randomUUID(), slug: madeSlug('pc', b.name!), name: b.name!, workspace_id: workspace.id, config: b.config!, is_default: b.isDefault,
      version_id: randomUUID(), created_at: this.stamp(), last_updated_at: this.stamp(),
    };
    this.configs.set(r.slug, r);
    return r;
  }
  config(slug: string): ConfigRecord {
    const r = this.configs.get(slug);
    if (!r) throw notFound('config');
    return r;
  }
  /** A PUT makes a new version. */
  updateConfig(slug: string, b: Config): ConfigRecord {
    const r = this.config(slug);
    if (b.name !== undefined) r.name = b.name;
    if (b.config !== undefined) r.config = b.config;
    r.version_id = randomUUID();
    r.last_updated_at = this.stamp();
    return r;
  }
  deleteConfig(slug: string): void {
    this.configs.delete(this.config(slug).slug);
  }

  // API keys: addressed by id; names are not unique.
  createApiKey(type: 'workspace' | 'organisation', b: ApiKey): ApiKeyRecord {
    const workspace = type === 'workspace' ? this.workspace(b.workspace_id ?? '') : undefined;
    const r: ApiKeyRecord = {
      id: randomUUID(), name: b.name!, description: b.description, type: `${type}-service`, workspace_id: workspace?.id, scopes: b.scopes!,
      key: gatewayKey(), created_at: this.stamp(), last_updated_at: this.stamp(),
    };
    this.apiKeys.set(r.id, r);
    return r;
  }
  apiKey(id: string): ApiKeyRecord {
    const r = this.apiKeys.get(id);
    if (!r) throw notFound('api key');
    return r;
  }
  updateApiKey(id: string, b: ApiKey): void {
    const r = this.apiKey(id);
    if (b.name !== undefined) r.name = b.name;
    if (b.description !== undefined) r.description = b.description;
    if (b.scopes !== undefined) r.scopes = b.scopes;
    r.last_updated_at = this.stamp();
  }
  /** A new key; the old one keeps working for the transition period (zero-downtime rotation). */
  rotateApiKey(id: string, transitionMs: number): ApiKeyRecord {
    const r = this.apiKey(id);
    r.previous_key = r.key;
    r.previous_expires_at = this.now() + transitionMs;
    r.key = gatewayKey();
    r.last_updated_at = this.stamp();
    return r;
  }
  deleteApiKey(id: string): void {
    this.apiKeys.delete(this.apiKey(id).id);
  }
  /** Whether the gateway would take `key` now (current, or the previous one within its transition). */
  acceptsGatewayKey(key: string): boolean {
    return [...this.apiKeys.values()].some((r) => r.key === key || (r.previous_key === key && (r.previous_expires_at ?? 0) > this.now()));
  }

  // Policies: addressed by id; scoped to a workspace (given, else none: the emulator wants one).
  createPolicy(kind: PolicyRecord['kind'], b: Record<string, unknown>): PolicyRecord {
    const workspace = this.workspace(String(b.workspace_id ?? ''));
    const { workspace_id: _w, organisation_id: _o, ...fields } = b;
    const r: PolicyRecord = { id: randomUUID(), kind, status: 'active', workspace_id: workspace.id, fields, created_at: this.stamp(), last_updated_at: this.stamp() };
    this.policies.set(r.id, r);
    return r;
  }
  policy(kind: PolicyRecord['kind'], id: string): PolicyRecord {
    const r = this.policies.get(id);
    if (!r || r.kind !== kind) throw notFound('policy');
    return r;
  }
  updatePolicy(kind: PolicyRecord['kind'], id: string, b: Record<string, unknown>): void {
    const r = this.policy(kind, id);
    Object.assign(r.fields, b);
    r.last_updated_at = this.stamp();
  }
  archivePolicy(kind: PolicyRecord['kind'], id: string): void {
    const r = this.policy(kind, id);
    r.status = 'archived';
    r.last_updated_at = this.stamp();
  }
}
