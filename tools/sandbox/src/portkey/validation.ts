/**
 * Request bodies as the spec's schemas accept them, every problem at once (400 AB01). Limits come from the
 * stack's config namespace (`@sophia-ai/portkey-config`), never copied.
 */
import { PORTKEY_LIMITS, slugProblem, usageLimitProblem } from '@sophia-ai/portkey-config';
import { invalid } from './errors';

export type Body = Record<string, unknown>;

export interface ApiUsageLimits {
  credit_limit: number;
  type: 'cost' | 'tokens';
  alert_threshold?: number | null;
  periodic_reset?: 'monthly' | 'weekly' | null;
  periodic_reset_days?: number | null;
}
export interface ApiRateLimit {
  type: 'requests' | 'tokens';
  unit: 'rpm' | 'rph' | 'rpd';
  value: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Any body must be a JSON object. */
export function requireObject(body: unknown): Body {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('request body must be a JSON object');
  return body as Body;
}

/** Collects problems; `done` throws them all as one AB01. */
class Problems {
  readonly list: string[] = [];
  add(field: string, message: string) {
    this.list.push(`${field}: ${message}`);
  }
  done() {
    if (this.list.length) throw invalid(this.list.join('; '));
  }
}

const isInt = (v: unknown, min = 1) => Number.isInteger(v) && (v as number) >= min;

function checkString(p: Problems, b: Body, field: string, required: boolean) {
  const v = b[field];
  if (v === undefined && !required) return;
  if (typeof v !== 'string' || v.trim() === '') p.add(field, 'required non-empty string');
}

function checkUsageLimits(p: Problems, field: string, u: unknown) {
  if (u === undefined || u === null) return;
  if (!u || typeof u !== 'object' || Array.isArray(u)) return p.add(field, 'must be an object');
  const x = u as Body;
  if (!isInt(x.credit_limit)) p.add(`${field}.credit_limit`, 'integer at least 1');
  if (!(PORTKEY_LIMITS.usageTypes as readonly unknown[]).includes(x.type ?? 'cost')) p.add(`${field}.type`, `one of ${PORTKEY_LIMITS.usageTypes.join(', ')}`);
  if (x.alert_threshold != null && !isInt(x.alert_threshold)) p.add(`${field}.alert_threshold`, 'integer at least 1');
  if (x.periodic_reset != null && !(PORTKEY_LIMITS.periodicResets as readonly unknown[]).includes(x.periodic_reset)) p.add(`${field}.periodic_reset`, `one of ${PORTKEY_LIMITS.periodicResets.join(', ')}`);
  if (x.periodic_reset_days != null && (!isInt(x.periodic_reset_days) || (x.periodic_reset_days as number) > 365)) p.add(`${field}.periodic_reset_days`, 'integer 1-365');
  if (x.periodic_reset != null && x.periodic_reset_days != null) p.add(field, 'periodic_reset and periodic_reset_days are mutually exclusive');
  if (isInt(x.credit_limit)) {
    const problem = usageLimitProblem({ type: String(x.type ?? 'cost'), creditLimit: x.credit_limit as number, alertThreshold: (x.alert_threshold as number | null) ?? undefined });
    if (problem) p.add(field, problem);
  }
}

/** `rate_limits`: the spec shows one object on create but GET answers an array; both are accepted, an array is kept. */
function rateLimits(p: Problems, field: string, r: unknown): ApiRateLimit[] | undefined {
  if (r === undefined || r === null) return undefined;
  const list = Array.isArray(r) ? r : [r];
  list.forEach((x: Body, i) => {
    if (!x || typeof x !== 'object') return p.add(`${field}[${i}]`, 'must be an object');
    if (!(PORTKEY_LIMITS.rateLimitTypes as readonly unknown[]).includes(x.type)) p.add(`${field}[${i}].type`, `one of ${PORTKEY_LIMITS.rateLimitTypes.join(', ')}`);
    if (!(PORTKEY_LIMITS.rateLimitUnits as readonly unknown[]).includes(x.unit)) p.add(`${field}[${i}].unit`, `one of ${PORTKEY_LIMITS.rateLimitUnits.join(', ')}`);
    if (!isInt(x.value)) p.add(`${field}[${i}].value`, 'integer at least 1');
  });
  return list as ApiRateLimit[];
}

export function validWorkspace(b: Body, partial = false) {
  const p = new Problems();
  checkString(p, b, 'name', !partial);
  if (b.description != null && typeof b.description !== 'string') p.add('description', 'must be a string');
  const metadata = (b.defaults as Body | undefined)?.metadata;
  if (metadata !== undefined && (!metadata || typeof metadata !== 'object' || Object.values(metadata).some((v) => typeof v !== 'string'))) p.add('defaults.metadata', 'object of strings');
  if (b.usage_limits !== undefined && !Array.isArray(b.usage_limits)) p.add('usage_limits', 'must be an array (workspaces take a list of limits)');
  else (b.usage_limits ?? []).forEach((u: unknown, i: number) => (u == null ? p.add(`usage_limits[${i}]`, 'must be an object') : checkUsageLimits(p, `usage_limits[${i}]`, u)));
  const rl = rateLimits(p, 'rate_limits', b.rate_limits);
  p.done();
  return { name: b.name as string | undefined, description: b.description as string | undefined, metadata: metadata as Record<string, string> | undefined, usage_limits: b.usage_limits as ApiUsageLimits[] | undefined, rate_limits: rl };
}

export function validWorkspaceDelete(b: unknown) {
  const body = b === undefined ? {} : requireObject(b);
  const p = new Problems();
  checkString(p, body, 'name', true);
  p.done();
  return { name: body.name as string, force: body.force_delete === true };
}

export function validIntegration(b: Body, partial = false) {
  const p = new Problems();
  checkString(p, b, 'name', !partial);
  if (!partial) {
    if (!(PORTKEY_LIMITS.aiProviders as readonly unknown[]).includes(b.ai_provider_id)) p.add('ai_provider_id', `one of ${PORTKEY_LIMITS.aiProviders.join(', ')}`);
    if (b.slug !== undefined && slugProblem(b.slug)) p.add('slug', slugProblem(b.slug)!);
    if (b.workspace_id !== undefined && (typeof b.workspace_id !== 'string' || !UUID.test(b.workspace_id))) p.add('workspace_id', 'a workspace id (UUID)');
  }
  if (b.key !== undefined && (typeof b.key !== 'string' || b.key === '')) p.add('key', 'non-empty string');
  if (b.description !== undefined && typeof b.description !== 'string') p.add('description', 'must be a string');
  p.done();
  return b as { name?: string; slug?: string; ai_provider_id?: string; key?: string; description?: string; workspace_id?: string };
}

export function validProvider(b: Body, partial = false) {
  const p = new Problems();
  checkString(p, b, 'name', !partial);
  if (!partial) {
    checkString(p, b, 'integration_id', true);
    // Required with organisation admin keys (the only kind the emulator issues); a UUID, not a slug.
    if (typeof b.workspace_id !== 'string' || !UUID.test(b.workspace_id)) p.add('workspace_id', 'a workspace id (UUID), required with an admin API key');
    if (b.slug !== undefined && slugProblem(b.slug)) p.add('slug', slugProblem(b.slug)!);
  }
  if (b.note != null && typeof b.note !== 'string') p.add('note', 'must be a string');
  checkUsageLimits(p, 'usage_limits', b.usage_limits);
  const rl = rateLimits(p, 'rate_limits', b.rate_limits);
  p.done();
  return { ...(b as { name?: string; integration_id?: string; workspace_id?: string; slug?: string; note?: string | null; usage_limits?: ApiUsageLimits | null; reset_usage?: boolean }), rate_limits: rl };
}

/** `config` is a JSON object (the gateway config). */
export function validConfig(b: Body, partial = false) {
  const p = new Problems();
  checkString(p, b, 'name', !partial);
  const config = b.config;
  if ((config !== undefined || !partial) && (!config || typeof config !== 'object' || Array.isArray(config))) p.add('config', 'must be a JSON object');
  if (!partial && (typeof b.workspace_id !== 'string' || !UUID.test(b.workspace_id))) p.add('workspace_id', 'a workspace id (UUID), required with an admin API key');
  if (b.isDefault !== undefined && b.isDefault !== 0 && b.isDefault !== 1) p.add('isDefault', '0 or 1');
  p.done();
  return { name: b.name as string | undefined, config: config as Record<string, unknown> | undefined, workspace_id: b.workspace_id as string | undefined, isDefault: (b.isDefault as number | undefined) ?? 0 };
}

/** `POST /api-keys/{type}/{sub-type}` and `PUT /api-keys/{id}` (workspace and organisation service keys). */
export function validApiKey(b: Body, partial = false) {
  const p = new Problems();
  checkString(p, b, 'name', !partial);
  if (b.scopes !== undefined || !partial) {
    if (!Array.isArray(b.scopes) || b.scopes.length === 0 || b.scopes.some((s) => typeof s !== 'string' || !PORTKEY_LIMITS.scope.test(s))) p.add('scopes', 'a non-empty list of scopes such as completions.write');
  }
  if (b.description !== undefined && typeof b.description !== 'string') p.add('description', 'must be a string');
  p.done();
  return b as { name?: string; description?: string; scopes?: string[]; workspace_id?: string };
}

/** `POST /api-keys/{id}/rotate`: the transition period is at least 30 minutes. */
export function validRotation(b: Body): number {
  const p = new Problems();
  const ms = b.key_transition_period_ms ?? PORTKEY_LIMITS.minKeyTransitionMs;
  if (!isInt(ms, PORTKEY_LIMITS.minKeyTransitionMs)) p.add('key_transition_period_ms', `integer at least ${PORTKEY_LIMITS.minKeyTransitionMs}`);
  p.done();
  return ms as number;
}

const isRole = (v: unknown) => (PORTKEY_LIMITS.workspaceRoles as readonly unknown[]).includes(v);
const ROLES = PORTKEY_LIMITS.workspaceRoles.join(', ');

/** `POST /admin/workspaces/{id}/users`: `{users: [{id (UUID), role}]}`, at least one, each user once. */
export function validMembersAdd(b: Body): Array<{ id: string; role: (typeof PORTKEY_LIMITS.workspaceRoles)[number] }> {
  const p = new Problems();
  if (!Array.isArray(b.users) || b.users.length === 0) p.add('users', 'a non-empty list of {id, role}');
  const list = (Array.isArray(b.users) ? b.users : []) as Body[];
  list.forEach((u, i) => {
    if (!u || typeof u !== 'object') return p.add(`users[${i}]`, 'must be an object');
    if (typeof u.id !== 'string' || !UUID.test(u.id)) p.add(`users[${i}].id`, 'a user id (UUID)');
    if (!isRole(u.role)) p.add(`users[${i}].role`, `one of ${ROLES}`);
  });
  if (new Set(list.map((u) => u?.id)).size !== list.length) p.add('users', 'each user at most once');
  p.done();
  return list as unknown as ReturnType<typeof validMembersAdd>;
}

/** `PUT /admin/workspaces/{id}/users/{userId}`: `{role}`. */
export function validMemberRole(b: Body): (typeof PORTKEY_LIMITS.workspaceRoles)[number] {
  const p = new Problems();
  if (!isRole(b.role)) p.add('role', `one of ${ROLES}`);
  p.done();
  return b.role as (typeof PORTKEY_LIMITS.workspaceRoles)[number];
}

export interface WorkspaceAccess {
  id: string;
  enabled: boolean;
  usage_limits?: ApiUsageLimits[] | null;
  rate_limits?: ApiRateLimit[] | null;
}

/** `PUT /integrations/{slug}/workspaces`: per-workspace access, at most one budget and one rate limit each. */
export function validWorkspaceAccess(b: Body): WorkspaceAccess[] {
  const p = new Problems();
  if (!Array.isArray(b.workspaces)) p.add('workspaces', 'a list of {id, enabled}');
  const list = (Array.isArray(b.workspaces) ? b.workspaces : []) as Body[];
  list.forEach((w, i) => {
    if (!w || typeof w.id !== 'string' || typeof w.enabled !== 'boolean') return p.add(`workspaces[${i}]`, 'needs id and enabled');
    for (const field of ['usage_limits', 'rate_limits'] as const) {
      const v = w[field];
      if (v != null && (!Array.isArray(v) || v.length > 1)) p.add(`workspaces[${i}].${field}`, 'a list of at most one');
    }
    if (Array.isArray(w.usage_limits) && w.usage_limits[0]) checkUsageLimits(p, `workspaces[${i}].usage_limits[0]`, w.usage_limits[0]);
    if (Array.isArray(w.rate_limits)) rateLimits(p, `workspaces[${i}].rate_limits`, w.rate_limits);
  });
  p.done();
  return list as unknown as WorkspaceAccess[];
}

export type PolicyKind = 'usage-limits' | 'rate-limits';

/**
 * `POST|PUT /policies/usage-limits` and `/policies/rate-limits`: conditions and group_by (create only), then the
 * limit (a budget with its alert below it, or a rate).
 */
export function validPolicy(kind: PolicyKind, b: Body, partial = false) {
  const p = new Problems();
  if (b.name !== undefined && (typeof b.name !== 'string' || b.name.length > 255)) p.add('name', 'a string of at most 255 characters');
  if (!partial) {
    const pairs = (field: string, keys: string[]) => {
      const v = b[field];
      if (!Array.isArray(v) || v.length === 0 || v.some((x) => !x || typeof x !== 'object' || keys.some((k) => typeof (x as Body)[k] !== 'string'))) p.add(field, `a non-empty list of {${keys.join(', ')}}`);
    };
    pairs('conditions', ['key', 'value']);
    pairs('group_by', ['key']);
  }
  if (kind === 'usage-limits') {
    if (!partial && !(PORTKEY_LIMITS.usageTypes as readonly unknown[]).includes(b.type)) p.add('type', `one of ${PORTKEY_LIMITS.usageTypes.join(', ')}`);
    if ((b.credit_limit !== undefined || !partial) && !(typeof b.credit_limit === 'number' && b.credit_limit >= 0)) p.add('credit_limit', 'a number ≥ 0');
    if (b.alert_threshold != null && typeof b.credit_limit === 'number' && !(typeof b.alert_threshold === 'number' && b.alert_threshold >= 0 && b.alert_threshold < b.credit_limit)) p.add('alert_threshold', 'a number ≥ 0 below credit_limit');
    if (b.periodic_reset != null && !(PORTKEY_LIMITS.periodicResets as readonly unknown[]).includes(b.periodic_reset)) p.add('periodic_reset', `one of ${PORTKEY_LIMITS.periodicResets.join(', ')}`);
  } else {
    if (!partial && !(PORTKEY_LIMITS.rateLimitTypes as readonly unknown[]).includes(b.type)) p.add('type', `one of ${PORTKEY_LIMITS.rateLimitTypes.join(', ')}`);
    if ((b.unit !== undefined || !partial) && !(PORTKEY_LIMITS.rateLimitUnits as readonly unknown[]).includes(b.unit)) p.add('unit', `one of ${PORTKEY_LIMITS.rateLimitUnits.join(', ')}`);
    if ((b.value !== undefined || !partial) && !(typeof b.value === 'number' && b.value >= 0)) p.add('value', 'a number ≥ 0');
  }
  p.done();
  return b;
}

/** `current_page` (0-based) and `page_size` (default per collection). */
export function page(query: URLSearchParams, defaultSize: number): { current: number; size: number } {
  const p = new Problems();
  const num = (name: string, fallback: number, min: number) => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) p.add(name, `integer at least ${min}`);
    return n;
  };
  const out = { current: num('current_page', 0, 0), size: num('page_size', defaultSize, 1) };
  p.done();
  return out;
}
