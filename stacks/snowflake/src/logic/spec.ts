import { z } from 'zod';
import { ExpectedError } from '@sophia-ai/policy';

/**
 * The platform spec: the reviewed shape of the Snowflake account (warehouses, databases, roles, users, access,
 * ingestion). Built per environment in `platform-spec.ts`, validated here before any resource is declared.
 * Identifiers are unquoted upper case, so every name means the same thing in SQL, in the provider and in grants.
 */

export const SYSTEM_ROLES = ['ACCOUNTADMIN', 'SECURITYADMIN', 'USERADMIN', 'SYSADMIN', 'PUBLIC'] as const;
export type SystemRole = (typeof SYSTEM_ROLES)[number];
/** The system role every functional-role hierarchy ends under (Snowflake's recommended ownership root). */
export const HIERARCHY_ROOT = 'SYSADMIN';

export const WAREHOUSE_SIZES = ['XSMALL', 'SMALL', 'MEDIUM', 'LARGE', 'XLARGE', 'XXLARGE', 'XXXLARGE', 'X4LARGE', 'X5LARGE', 'X6LARGE'] as const;
export type WarehouseSize = (typeof WAREHOUSE_SIZES)[number];

const identifier = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'must be an unquoted upper-case identifier (A-Z, 0-9, _; starting with a letter)');

const percent = z.number().int().min(1).max(1000);

export const resourceMonitorSpec = z.object({
  /** Credits per calendar month (Snowflake's default monitor interval, starting when the monitor is created). */
  monthlyCreditQuota: z.number().positive(),
  /** Percentages of the quota at which `notifyUsers` are e-mailed. */
  notifyAt: z.array(percent).default([75, 90]),
  /** Percentage at which the warehouse is suspended after running queries finish. */
  suspendAt: percent.default(100),
  /** Percentage at which the warehouse is suspended and running queries cancelled. */
  suspendImmediatelyAt: percent.optional(),
}).refine((m) => m.suspendImmediatelyAt === undefined || m.suspendImmediatelyAt >= m.suspendAt, {
  message: 'suspendImmediatelyAt must not be below suspendAt',
  path: ['suspendImmediatelyAt'],
});

export const warehouseSpec = z.object({
  name: identifier,
  comment: z.string().default(''),
  size: z.enum(WAREHOUSE_SIZES, { message: `must be one of ${WAREHOUSE_SIZES.join(', ')}` }),
  /** Seconds of inactivity before suspension; 0 (never) is not allowed on this platform. */
  autoSuspendSeconds: z.number().int().min(60, 'must be at least 60 seconds (0 would never suspend)').max(86_400),
  autoResume: z.boolean().default(true),
  /** Multi-cluster scale-out (Enterprise edition); 1 keeps a single cluster. */
  maxClusterCount: z.number().int().min(1).max(10).default(1),
  monitor: resourceMonitorSpec,
});

export const schemaSpec = z.object({
  name: identifier,
  comment: z.string().default(''),
});

export const databaseSpec = z.object({
  name: identifier,
  comment: z.string().default(''),
  /** Time Travel retention, days. */
  dataRetentionDays: z.number().int().min(0).max(90).default(1),
  schemas: z.array(schemaSpec).min(1),
});

export const roleSpec = z.object({
  name: identifier,
  comment: z.string().default(''),
  /**
   * Roles this role is granted to. Functional roles or SYSADMIN; empty means directly under SYSADMIN.
   * Every chain must end under SYSADMIN, so SYSADMIN (and thus ACCOUNTADMIN) inherits every functional role.
   */
  grantedTo: z.array(identifier).default([]),
  /** Warehouses the role may use (USAGE). */
  warehouses: z.array(identifier).default([]),
});

export const ACCESS_LEVELS = ['read', 'write'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export const accessSpec = z.object({
  role: identifier,
  /** `DATABASE.SCHEMA`. */
  schema: z.string().regex(/^[A-Z][A-Z0-9_]*\.[A-Z][A-Z0-9_]*$/, 'must be DATABASE.SCHEMA (upper case)'),
  level: z.enum(ACCESS_LEVELS),
});

export const serviceUserSpec = z.object({
  kind: z.literal('service'),
  name: identifier,
  comment: z.string().default(''),
  /** Roles granted to the user; the first is its default role. */
  roles: z.array(identifier).min(1),
  defaultWarehouse: identifier.optional(),
  /** `DATABASE` or `DATABASE.SCHEMA`. */
  defaultNamespace: z.string().regex(/^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)?$/).optional(),
  /**
   * Key-pair rotation counter. Bump it by one to rotate: the new key goes into the free public-key slot and
   * becomes the exported private key; the previous key stays valid until the next bump (see rotation.ts).
   */
  keyRotation: z.number().int().min(0).default(0),
  /** Phase two of a rotation: the previous generation's key is removed, only the current one stays (rotation.ts). */
  retirePrevious: z.boolean().default(false),
});

export const personUserSpec = z.object({
  kind: z.literal('person'),
  name: identifier,
  comment: z.string().default(''),
  email: z.email(),
  /** Display name shown in Snowsight. */
  displayName: z.string().min(1),
  roles: z.array(identifier).min(1),
  defaultWarehouse: identifier.optional(),
});

export const userSpec = z.discriminatedUnion('kind', [serviceUserSpec, personUserSpec]);

export const fileFormatSpec = z.object({
  name: identifier,
  /** `DATABASE.SCHEMA` the format lives in. */
  schema: accessSpec.shape.schema,
  type: z.enum(['JSON', 'CSV', 'PARQUET']),
  compression: z.enum(['AUTO', 'GZIP', 'ZSTD', 'NONE']).default('AUTO'),
  /** JSON: strip an outer array so each element is a row. */
  stripOuterArray: z.boolean().default(false),
  /** CSV: header lines to skip. */
  skipHeader: z.number().int().min(0).default(0),
});

export const storageIntegrationSpec = z.object({
  name: identifier,
  provider: z.literal('S3'),
  awsRoleArn: z.string().regex(/^arn:aws(-[a-z]+)?:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN'),
  allowedLocations: z.array(z.string().regex(/^s3:\/\/.+\/$/, 'must be an s3://bucket/prefix/ URL')).min(1),
});

export const stageSpec = z.object({
  name: identifier,
  schema: accessSpec.shape.schema,
  url: z.string().regex(/^s3:\/\/.+\/$/, 'must be an s3://bucket/prefix/ URL'),
  storageIntegration: identifier,
  /** File format name, in the stage's schema. */
  fileFormat: identifier,
});

export const pipeSpec = z.object({
  name: identifier,
  schema: accessSpec.shape.schema,
  /** Stage name, in the pipe's schema. */
  stage: identifier,
  /** Landing table created next to the pipe: RECORD (VARIANT), FILENAME, LOADED_AT. */
  table: identifier,
  autoIngest: z.boolean().default(true),
});

/** What the Estuary materialization uses (the stack's outputs). */
export const loaderSpec = z.object({
  user: identifier,
  warehouse: identifier,
  /** `DATABASE.SCHEMA` Estuary writes to. */
  schema: accessSpec.shape.schema,
});

export const platformSpecSchema = z.object({
  warehouses: z.array(warehouseSpec).min(1),
  databases: z.array(databaseSpec).min(1),
  roles: z.array(roleSpec).default([]),
  access: z.array(accessSpec).default([]),
  users: z.array(userSpec).default([]),
  fileFormats: z.array(fileFormatSpec).default([]),
  storageIntegrations: z.array(storageIntegrationSpec).default([]),
  stages: z.array(stageSpec).default([]),
  pipes: z.array(pipeSpec).default([]),
  loader: loaderSpec,
});

export type PlatformSpecInput = z.input<typeof platformSpecSchema>;
export type PlatformSpec = z.output<typeof platformSpecSchema>;
export type WarehouseSpec = PlatformSpec['warehouses'][number];
export type DatabaseSpec = PlatformSpec['databases'][number];
export type RoleSpec = PlatformSpec['roles'][number];
export type AccessSpec = PlatformSpec['access'][number];
export type UserSpec = PlatformSpec['users'][number];
export type ServiceUserSpec = Extract<UserSpec, { kind: 'service' }>;
export type PersonUserSpec = Extract<UserSpec, { kind: 'person' }>;
export type FileFormatSpec = PlatformSpec['fileFormats'][number];
export type StorageIntegrationSpec = PlatformSpec['storageIntegrations'][number];
export type StageSpec = PlatformSpec['stages'][number];
export type PipeSpec = PlatformSpec['pipes'][number];

/** Every problem of a spec at once; each message names the offending item. */
export class PlatformSpecError extends ExpectedError {
  constructor(readonly problems: string[]) {
    super(`Invalid Snowflake platform spec (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

/** Finds one cycle in the role → grantedTo graph, as a path `A -> B -> A`, or undefined. */
export function findRoleCycle(roles: Array<{ name: string; grantedTo: string[] }>): string[] | undefined {
  const edges = new Map(roles.map((r) => [r.name, r.grantedTo]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (role: string): string[] | undefined => {
    if (state.get(role) === 'done') return undefined;
    if (state.get(role) === 'visiting') return [...stack.slice(stack.indexOf(role)), role];
    state.set(role, 'visiting');
    stack.push(role);
    for (const parent of edges.get(role) ?? []) {
      if (!edges.has(parent)) continue;
      const cycle = visit(parent);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(role, 'done');
    return undefined;
  };
  for (const role of [...edges.keys()].sort()) {
    const cycle = visit(role);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Cross-reference checks zod cannot express: duplicates, unknown references, cycles, loader coherence. */
export function semanticProblems(spec: PlatformSpec): string[] {
  const problems: string[] = [];
  const dup = (what: string, names: string[]) => {
    for (const d of duplicates(names)) problems.push(`duplicate ${what} "${d}"`);
  };
  dup('warehouse', spec.warehouses.map((w) => w.name));
  dup('database', spec.databases.map((d) => d.name));
  for (const db of spec.databases) dup(`schema in database ${db.name}`, db.schemas.map((s) => s.name));
  dup('role', spec.roles.map((r) => r.name));
  dup('user', spec.users.map((u) => u.name));
  dup('file format', spec.fileFormats.map((f) => `${f.schema}.${f.name}`));
  dup('storage integration', spec.storageIntegrations.map((s) => s.name));
  dup('stage', spec.stages.map((s) => `${s.schema}.${s.name}`));
  dup('pipe', spec.pipes.map((p) => `${p.schema}.${p.name}`));
  dup('access entry (role/schema)', spec.access.map((a) => `${a.role} on ${a.schema}`));

  const warehouses = new Set(spec.warehouses.map((w) => w.name));
  const schemas = new Set(spec.databases.flatMap((d) => d.schemas.map((s) => `${d.name}.${s.name}`)));
  const functional = new Set(spec.roles.map((r) => r.name));
  const system = new Set<string>(SYSTEM_ROLES);

  for (const role of spec.roles) {
    if (system.has(role.name)) problems.push(`role "${role.name}" is a system role; functional roles need their own names`);
    for (const parent of role.grantedTo) {
      if (parent === role.name) problems.push(`role "${role.name}" is granted to itself`);
      else if (!functional.has(parent) && parent !== HIERARCHY_ROOT)
        problems.push(`role "${role.name}" is granted to unknown role "${parent}" (functional roles or ${HIERARCHY_ROOT} only)`);
    }
    for (const wh of role.warehouses)
      if (!warehouses.has(wh)) problems.push(`role "${role.name}" uses unknown warehouse "${wh}"`);
  }
  const cycle = findRoleCycle(spec.roles.map((r) => ({ name: r.name, grantedTo: r.grantedTo.filter((p) => p !== r.name) })));
  if (cycle) problems.push(`role hierarchy has a cycle: ${cycle.join(' -> ')}`);

  for (const a of spec.access) {
    if (!functional.has(a.role)) problems.push(`access grant on ${a.schema} names unknown role "${a.role}"`);
    if (!schemas.has(a.schema)) problems.push(`access grant for role "${a.role}" names unknown schema "${a.schema}"`);
  }

  for (const user of spec.users) {
    for (const role of user.roles)
      if (!functional.has(role) && !system.has(role)) problems.push(`user "${user.name}" is granted unknown role "${role}"`);
    if (user.defaultWarehouse && !warehouses.has(user.defaultWarehouse))
      problems.push(`user "${user.name}" has unknown default warehouse "${user.defaultWarehouse}"`);
    if (user.kind === 'service' && user.defaultNamespace) {
      const [db, sc] = user.defaultNamespace.split('.');
      const known = sc ? schemas.has(user.defaultNamespace) : spec.databases.some((d) => d.name === db);
      if (!known) problems.push(`user "${user.name}" has unknown default namespace "${user.defaultNamespace}"`);
    }
  }

  const integrations = new Map(spec.storageIntegrations.map((s) => [s.name, s]));
  const formats = new Set(spec.fileFormats.map((f) => `${f.schema}.${f.name}`));
  const stages = new Set(spec.stages.map((s) => `${s.schema}.${s.name}`));
  for (const f of spec.fileFormats)
    if (!schemas.has(f.schema)) problems.push(`file format "${f.name}" is in unknown schema "${f.schema}"`);
  for (const s of spec.stages) {
    if (!schemas.has(s.schema)) problems.push(`stage "${s.name}" is in unknown schema "${s.schema}"`);
    const integration = integrations.get(s.storageIntegration);
    if (!integration) problems.push(`stage "${s.name}" uses unknown storage integration "${s.storageIntegration}"`);
    else if (!integration.allowedLocations.some((loc) => s.url.startsWith(loc)))
      problems.push(`stage "${s.name}" URL is outside the allowed locations of storage integration "${s.storageIntegration}"`);
    if (!formats.has(`${s.schema}.${s.fileFormat}`))
      problems.push(`stage "${s.name}" uses unknown file format "${s.fileFormat}" (looked in ${s.schema})`);
  }
  for (const p of spec.pipes) {
    if (!schemas.has(p.schema)) problems.push(`pipe "${p.name}" is in unknown schema "${p.schema}"`);
    if (!stages.has(`${p.schema}.${p.stage}`)) problems.push(`pipe "${p.name}" reads unknown stage "${p.stage}" (looked in ${p.schema})`);
  }

  const loader = spec.users.find((u) => u.name === spec.loader.user);
  if (!loader) problems.push(`loader user "${spec.loader.user}" is not a declared user`);
  else if (loader.kind !== 'service') problems.push(`loader user "${spec.loader.user}" must be a service user (key-pair auth)`);
  else {
    const role = loader.roles[0];
    const canWrite = spec.access.some((a) => a.role === role && a.schema === spec.loader.schema && a.level === 'write');
    if (!canWrite) problems.push(`loader user "${loader.name}": its default role "${role}" has no write access to ${spec.loader.schema}`);
    const r = spec.roles.find((x) => x.name === role);
    if (!r?.warehouses.includes(spec.loader.warehouse))
      problems.push(`loader user "${loader.name}": its default role "${role}" may not use warehouse ${spec.loader.warehouse}`);
  }
  if (!warehouses.has(spec.loader.warehouse)) problems.push(`loader warehouse "${spec.loader.warehouse}" is not a declared warehouse`);
  if (!schemas.has(spec.loader.schema)) problems.push(`loader schema "${spec.loader.schema}" is not a declared schema`);

  return problems;
}

/** Parses and cross-checks a spec; throws one PlatformSpecError listing every problem. */
export function parsePlatformSpec(input: unknown): PlatformSpec {
  const parsed = platformSpecSchema.safeParse(input);
  if (!parsed.success) {
    throw new PlatformSpecError(
      parsed.error.issues.map((issue) => `${describePath(input, issue.path)}: ${issue.message}`),
    );
  }
  const problems = semanticProblems(parsed.data);
  if (problems.length) throw new PlatformSpecError(problems);
  return parsed.data;
}

/** `warehouses[1] (ANALYTICS_WH).size` — the path, with the item's name when it has one. */
function describePath(input: unknown, path: PropertyKey[]): string {
  let node: unknown = input;
  let out = '';
  for (const key of path) {
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === 'number') {
      const name = node && typeof node === 'object' ? (node as { name?: unknown }).name : undefined;
      out += `[${key}]${typeof name === 'string' ? ` (${name})` : ''}`;
    } else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(spec)';
}
