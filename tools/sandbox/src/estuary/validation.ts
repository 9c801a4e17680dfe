/**
 * What the control plane checks: request bodies (400 / 23514) at insert time, and a draft's specs at build time
 * (each problem a `draft_errors` row naming the catalog entity, as a failed build reports them).
 */
import { ESTUARY_LIMITS, syncScheduleProblems } from '@sophia-ai/estuary-config';
import type { ConnectorTag } from './connectors';
import { hasField, plaintextSecrets } from './crypto';
import { checkViolation, invalid } from './errors';

export const SPEC_TYPES = ['capture', 'collection', 'materialization', 'test'] as const;
export type SpecType = (typeof SPEC_TYPES)[number];

export interface DraftSpecBody {
  draft_id: string;
  catalog_name: string;
  spec_type: SpecType | null;
  spec: Record<string, unknown> | null;
  expect_pub_id?: string | null;
}

export function requireObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** One row of a draft_specs upsert: every problem at once, naming the row's catalog name. */
export function validDraftSpec(row: unknown): DraftSpecBody {
  const r = requireObject(row);
  const problems: string[] = [];
  if (typeof r.draft_id !== 'string') problems.push('draft_id: required');
  if (typeof r.catalog_name !== 'string' || !ESTUARY_LIMITS.catalogName.test(r.catalog_name)) problems.push('catalog_name: must be a tenant/prefix/name path');
  if (r.spec_type !== null && !SPEC_TYPES.includes(r.spec_type as SpecType)) problems.push(`spec_type: one of ${SPEC_TYPES.join(', ')} or null`);
  if ((r.spec === null) !== (r.spec_type === null)) problems.push('spec and spec_type are null together (a deletion) or both set');
  if (r.spec !== null && (typeof r.spec !== 'object' || Array.isArray(r.spec))) problems.push('spec: a JSON object');
  if (r.expect_pub_id !== undefined && r.expect_pub_id !== null && !/^[0-9a-f]{16}$/.test(String(r.expect_pub_id))) problems.push('expect_pub_id: a 16-digit hex publication id');
  if (problems.length) throw checkViolation(`draft_specs ${String(r.catalog_name ?? '?')}: ${problems.join('; ')}`);
  return r as unknown as DraftSpecBody;
}

export interface BuildContext {
  /** Whether a collection of that name exists after this publication (live, or in the draft and not deleted). */
  collectionExists(name: string): boolean;
  connector(image: string): ConnectorTag | undefined;
  /** Live tasks that read or write `collection` and stay live after this publication. */
  usersOf(collection: string): string[];
  isLive(name: string): boolean;
}

const scopeOf = (type: string, name: string) => `flow://${type}/${name}`;
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Build errors of one draft spec: `[scope, detail]` pairs. */
export function buildErrors(spec: DraftSpecBody, ctx: BuildContext): Array<[string, string]> {
  const name = spec.catalog_name;
  if (spec.spec === null) {
    if (!ctx.isLive(name)) return [[scopeOf('unknown', name), `cannot delete ${name}: it is not a live spec`]];
    const users = ctx.usersOf(name);
    return users.length ? [[scopeOf('collection', name), `collection ${name} is still used by ${users.join(', ')}`]] : [];
  }
  const type = spec.spec_type!;
  const s = spec.spec;
  const errs: Array<[string, string]> = [];
  const err = (detail: string) => errs.push([scopeOf(type, name), detail]);
  if (type === 'collection') {
    if (!Array.isArray(s.key) || s.key.length === 0 || s.key.some((k) => typeof k !== 'string' || !ESTUARY_LIMITS.jsonPointer.test(k))) err('key must be a non-empty list of JSON pointers');
    if (!isObj(s.schema) && !isObj(s.writeSchema)) err('a collection needs a schema (or writeSchema)');
    return errs;
  }
  const connector = isObj(s.endpoint) && isObj(s.endpoint.connector) ? s.endpoint.connector : undefined;
  const image = typeof connector?.image === 'string' ? connector.image : '';
  const tag = ctx.connector(image);
  if (!tag) err(`connector image ${image || '(none)'} is not a known connector tag`);
  else if (tag.protocol !== type) err(`connector ${image} is a ${tag.protocol} connector, not a ${type}`);
  const config = connector?.config;
  if (tag && isObj(config)) {
    for (const p of plaintextSecrets(config, tag.endpointSpecSchema)) err(`endpoint config ${p} is marked secret but is not encrypted (use the config-encryption service)`);
    for (const field of (tag.endpointSpecSchema.required as string[] | undefined) ?? []) if (!hasField(config, [field])) err(`endpoint config is missing required field /${field}`);
    if (image.startsWith(ESTUARY_LIMITS.snowflakeImage)) {
      if (typeof config.host === 'string' && !ESTUARY_LIMITS.snowflakeHost.test(config.host)) err('endpoint config /host must be <account>.snowflakecomputing.com without protocol');
      const creds = isObj(config.credentials) ? config.credentials : {};
      if (creds.auth_type === 'jwt' && !hasField(creds, ['private_key'])) err('endpoint config /credentials/private_key is required for auth_type jwt');
      if (isObj(config.syncSchedule)) for (const [f, m] of syncScheduleProblems(config.syncSchedule)) err(`endpoint config /syncSchedule/${f} ${m}`);
    }
  } else if (tag) err('endpoint config must be an object');
  const bindings = Array.isArray(s.bindings) ? (s.bindings as Array<Record<string, unknown>>) : [];
  bindings.forEach((b, i) => {
    const ref = type === 'capture' ? b.target : isObj(b.source) ? b.source.name : b.source;
    if (typeof ref !== 'string' || !ctx.collectionExists(ref)) err(`binding ${i}: collection ${String(ref)} does not exist (publish it first or in the same draft)`);
  });
  if (s.interval !== undefined && (typeof s.interval !== 'string' || !ESTUARY_LIMITS.humantime.test(s.interval))) err('interval must be a humantime duration such as 5m');
  return errs;
}
