/** What the API answers for each object, computed from the state at answer time. Keys are never answered, only masked. */
import type { ApiKeyRecord, PolicyRecord, ConfigRecord, IntegrationRecord, MembershipRecord, PortkeyState, ProviderRecord, UserRecord, WorkspaceRecord } from './state';

/** `Xk*******S4`: the first and last two characters of a key, as GET answers show it. */
export const mask = (key: string) => `${key.slice(0, 2)}${'*'.repeat(7)}${key.slice(-2)}`;

export const workspaceView = (r: WorkspaceRecord) => ({
  id: r.id, slug: r.slug, name: r.name, description: r.description, created_at: r.created_at, last_updated_at: r.last_updated_at,
  defaults: { metadata: r.metadata, is_default: 0, object: 'workspace' as const }, usage_limits: r.usage_limits, rate_limits: r.rate_limits,
});
/** The workspace with its members (`WorkspaceWithUsers`). */
export const workspaceWithUsersView = (state: PortkeyState, r: WorkspaceRecord) => ({ ...workspaceView(r), users: [...r.members.values()].map((m) => memberView(r, state.user(m.user_id), m)) });

/** An organisation user (`User`). */
export const userView = (u: UserRecord) => ({
  object: 'user' as const, id: u.id, first_name: u.first_name, last_name: u.last_name, role: u.role, email: u.email, created_at: u.created_at, last_updated_at: u.last_updated_at,
});

/** Scopes a workspace role grants (the spec's example shape; the emulator does not enforce them). */
const ROLE_SCOPES: Record<MembershipRecord['role'], string[]> = {
  member: ['workspaces.read', 'logs.list', 'logs.view', 'configs.read', 'configs.list'],
  manager: ['workspaces.read', 'logs.list', 'logs.view', 'configs.create', 'configs.read', 'configs.list', 'workspace_users.read', 'workspace_users.list'],
  admin: ['workspaces.read', 'logs.list', 'logs.view', 'configs.create', 'configs.read', 'configs.list', 'workspace_users.create', 'workspace_users.read', 'workspace_users.list'],
};

/** A user's membership of a workspace (`WorkspaceMember`, object `workspace-user`). */
export const memberView = (w: WorkspaceRecord, u: UserRecord, m: MembershipRecord) => ({
  object: 'workspace-user' as const, id: u.id, first_name: u.first_name, last_name: u.last_name, org_role: u.role, role: m.role,
  created_at: m.created_at, last_updated_at: m.last_updated_at, status: 'active' as const, workspace_id: w.id, email: u.email, scopes: ROLE_SCOPES[m.role], settings: null,
});

export const integrationView = (r: IntegrationRecord) => ({
  id: r.id, ai_provider_id: r.ai_provider_id, name: r.name, status: 'active' as const, created_at: r.created_at, last_updated_at: r.last_updated_at,
  slug: r.slug, ...(r.description !== undefined ? { description: r.description } : {}), object: 'integration' as const,
});
export const integrationDetailView = (r: IntegrationRecord) => ({ ...integrationView(r), ...(r.key ? { masked_key: mask(r.key) } : {}) });

export const providerView = (state: PortkeyState, r: ProviderRecord) => ({
  name: r.name, integration_id: r.integration_id, note: r.note, status: state.providerStatus(r),
  ...(r.usage_limits ? { usage_limits: r.usage_limits } : {}), reset_usage: null, created_at: r.created_at, slug: r.slug,
  rate_limits: r.rate_limits, object: 'provider' as const,
});

export const configListItem = (r: ConfigRecord) => ({
  id: r.id, name: r.name, slug: r.slug, workspace_id: r.workspace_id, is_default: r.is_default, status: 'active', created_at: r.created_at, last_updated_at: r.last_updated_at,
});
/** `asString`: the API also answers `config` as a JSON string (the TF provider handles both). */
export const configView = (r: ConfigRecord, asString: boolean) => ({ ...configListItem(r), version_id: r.version_id, config: asString ? JSON.stringify(r.config) : r.config });

/** An API key as GET answers it: the key masked. */
export const apiKeyView = (r: ApiKeyRecord) => ({
  id: r.id, key: mask(r.key), name: r.name, ...(r.description !== undefined ? { description: r.description } : {}), type: r.type,
  ...(r.workspace_id ? { workspace_id: r.workspace_id } : {}), status: 'active' as const, created_at: r.created_at, last_updated_at: r.last_updated_at,
  creation_mode: 'api' as const, rate_limits: [], scopes: r.scopes, object: 'api-key' as const,
});

export const policyView = (state: PortkeyState, r: PolicyRecord) => ({
  id: r.id, name: (r.fields.name as string | undefined) ?? null, conditions: r.fields.conditions, group_by: r.fields.group_by, type: r.fields.type,
  ...(r.kind === 'usage-limits'
    ? { credit_limit: r.fields.credit_limit, alert_threshold: r.fields.alert_threshold ?? null, periodic_reset: r.fields.periodic_reset ?? null }
    : { unit: r.fields.unit, value: r.fields.value }),
  status: r.status, workspace_id: r.workspace_id, organisation_id: state.organisationId, created_at: r.created_at, last_updated_at: r.last_updated_at,
});

/** The list envelope `{object:'list', total, data}` of one page (`current_page` 0-based). */
export function listPage<T>(items: T[], page: { current: number; size: number }) {
  return { object: 'list' as const, total: items.length, data: items.slice(page.current * page.size, (page.current + 1) * page.size) };
}
