/**
 * What GitHub rejects before acting, with its 422 answers: secret names (docs "Naming your secrets"), the PUT
 * bodies (the spec's request schemas: base64 `encrypted_value`, `key_id`, org `visibility`), the 48 KB value limit,
 * pagination parameters and environment settings.
 */
import { invalid, unprocessable } from './errors';
import type { EnvironmentRecord, Visibility } from './state';

/** Docs: "Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_)." */
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The spec's pattern of `encrypted_value`. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
/** Docs: "Secrets are limited to 48 KB in size." */
export const SECRET_VALUE_MAX_BYTES = 48 * 1024;

/** Why a secret name is refused, or undefined. */
export function secretNameProblem(name: string): string | undefined {
  if (!SECRET_NAME.test(name)) {
    return /^[0-9]/.test(name)
      ? 'Secret names must not start with a number.'
      : 'Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_). Spaces are not allowed.';
  }
  if (/^GITHUB_/i.test(name)) return 'Secret names must not start with the GITHUB_ prefix.';
  return undefined;
}

export function validSecretName(name: string): string {
  const problem = secretNameProblem(name);
  if (problem) throw unprocessable(problem, [{ resource: 'Secret', field: 'name', code: 'invalid' }]);
  return name;
}

export const requireObject = (body: unknown): Record<string, unknown> => {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('The request body must be a JSON object.');
  return body as Record<string, unknown>;
};

export interface SecretPut {
  encrypted_value: string;
  key_id: string;
  visibility?: Visibility;
  selected_repository_ids?: number[];
}

export function validSecretPut(body: unknown, org: boolean): SecretPut {
  const b = requireObject(body);
  for (const field of org ? ['encrypted_value', 'key_id', 'visibility'] : ['encrypted_value', 'key_id']) {
    if (b[field] === undefined) throw invalid(`"${field}" wasn't supplied.`, [{ resource: 'Secret', field, code: 'missing_field' }]);
  }
  if (typeof b.encrypted_value !== 'string' || !BASE64.test(b.encrypted_value)) throw invalid('"encrypted_value" is not valid base64.', [{ resource: 'Secret', field: 'encrypted_value', code: 'invalid' }]);
  if (typeof b.key_id !== 'string') throw invalid('"key_id" must be a string.', [{ resource: 'Secret', field: 'key_id', code: 'invalid' }]);
  if (!org) return { encrypted_value: b.encrypted_value, key_id: b.key_id };
  if (b.visibility !== 'all' && b.visibility !== 'private' && b.visibility !== 'selected') throw invalid('"visibility" must be one of all, private, selected.', [{ resource: 'Secret', field: 'visibility', code: 'invalid' }]);
  const ids = b.selected_repository_ids;
  if (ids !== undefined) {
    if (!Array.isArray(ids) || !ids.every((x) => Number.isInteger(x))) throw invalid('"selected_repository_ids" must be an array of integers.', [{ resource: 'Secret', field: 'selected_repository_ids', code: 'invalid' }]);
    if (b.visibility !== 'selected' && ids.length) throw unprocessable("selected_repository_ids can only be given when visibility is 'selected'.", [{ resource: 'Secret', field: 'selected_repository_ids', code: 'invalid' }]);
  }
  return { encrypted_value: b.encrypted_value, key_id: b.key_id, visibility: b.visibility, ...(ids !== undefined ? { selected_repository_ids: ids as number[] } : {}) };
}

export function validValueSize(bytes: number): void {
  if (bytes > SECRET_VALUE_MAX_BYTES) throw unprocessable(`Secret value is too large: secrets are limited to 48 KB (${SECRET_VALUE_MAX_BYTES} bytes).`, [{ resource: 'Secret', field: 'encrypted_value', code: 'invalid' }]);
}

export function validSelectedIds(body: unknown): number[] {
  const ids = requireObject(body).selected_repository_ids;
  if (!Array.isArray(ids) || !ids.every((x) => Number.isInteger(x))) throw invalid('"selected_repository_ids" wasn\'t supplied as an array of integers.', [{ resource: 'Secret', field: 'selected_repository_ids', code: 'missing_field' }]);
  return ids as number[];
}

export function validRepositoryId(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw invalid('"repository_id" must be an integer.');
  return id;
}

/** `per_page` (default 30, at most 100) and `page` (from 1), as GitHub reads them. */
export function pageParams(query: URLSearchParams): { perPage: number; page: number } {
  const perPage = query.has('per_page') ? Number(query.get('per_page')) : 30;
  const page = query.has('page') ? Number(query.get('page')) : 1;
  if (!Number.isInteger(perPage) || perPage < 1) throw invalid('"per_page" must be a positive integer.');
  if (!Number.isInteger(page) || page < 1) throw invalid('"page" must be a positive integer.');
  return { perPage: Math.min(perPage, 100), page };
}

/** `PUT /repos/{o}/{r}/environments/{name}`: the spec's optional settings (reviewers of type User or Team, ≤ 6). */
export function validEnvironment(body: unknown): Partial<Pick<EnvironmentRecord, 'wait_timer' | 'prevent_self_review' | 'reviewers' | 'deployment_branch_policy'>> {
  if (body === null || body === undefined) return {};
  const b = requireObject(body);
  const allowed = new Set(['wait_timer', 'prevent_self_review', 'reviewers', 'deployment_branch_policy']);
  const extra = Object.keys(b).filter((k) => !allowed.has(k));
  if (extra.length) throw invalid(`"${extra[0]}" is not a permitted key.`);
  const out: ReturnType<typeof validEnvironment> = {};
  if (b.wait_timer !== undefined && b.wait_timer !== null) {
    if (!Number.isInteger(b.wait_timer) || (b.wait_timer as number) < 0 || (b.wait_timer as number) > 43200) throw invalid('"wait_timer" must be an integer from 0 to 43200.');
    out.wait_timer = b.wait_timer as number;
  }
  if (b.prevent_self_review !== undefined) {
    if (typeof b.prevent_self_review !== 'boolean') throw invalid('"prevent_self_review" must be a boolean.');
    out.prevent_self_review = b.prevent_self_review;
  }
  if (b.reviewers !== undefined && b.reviewers !== null) {
    const list = b.reviewers;
    if (!Array.isArray(list) || list.length > 6 || !list.every((r) => r && (r.type === 'User' || r.type === 'Team') && Number.isInteger(r.id))) throw invalid('"reviewers" must be at most six {type: User|Team, id} entries.');
    out.reviewers = list.map((r) => ({ type: r.type, id: r.id }));
  }
  if (b.deployment_branch_policy !== undefined) {
    const p = b.deployment_branch_policy as { protected_branches?: unknown; custom_branch_policies?: unknown } | null;
    if (p !== null && (typeof p !== 'object' || typeof p.protected_branches !== 'boolean' || typeof p.custom_branch_policies !== 'boolean')) throw invalid('"deployment_branch_policy" needs protected_branches and custom_branch_policies booleans.');
    if (p && p.protected_branches === p.custom_branch_policies && p.protected_branches) throw unprocessable('Only one of protected_branches and custom_branch_policies can be true.');
    out.deployment_branch_policy = p ? { protected_branches: p.protected_branches as boolean, custom_branch_policies: p.custom_branch_policies as boolean } : null;
  }
  return out;
}
