/**
 * The catalog spec of one environment (`estuary:catalog`), in the shape of Estuary's flow.yaml models, keyed by
 * spec key (`<group>/<name>`; the catalog name is `<tenant>/<env>/<key>`). References between entries are
 * checked here, naming the entry: a capture's targets and a materialization's sources must be collections
 * of this spec, and every task runs in the stack's data plane.
 */
import { z } from 'zod';
import { ESTUARY_LIMITS as L, plaintextSecretPointers, syncScheduleProblems } from './limits';

const specKey = z.string().regex(L.specKey, 'must be a lowercase key such as sources/postgres (letters, digits, _ . -, segments separated by /)');
const pointer = z.string().regex(L.jsonPointer, 'must be a JSON pointer such as /id');
const humantime = z.string().regex(L.humantime, 'must be a duration such as 30s, 5m or 1h 30m');
const jsonObject = z.record(z.string(), z.unknown());

export const connectorSchema = z
  .object({
    image: z.string().regex(/^[a-z0-9.-]+(\/[a-z0-9._-]+)+$/, 'must be a connector image without tag, e.g. ghcr.io/estuary/source-postgres'),
    tag: z.string().regex(/^:[A-Za-z0-9._-]+$/, 'must be an image tag with its colon, e.g. :v5'),
  })
  .strict();

export const shardsSchema = z
  .object({
    disable: z.boolean().optional(),
    minTxnDuration: humantime.optional(),
    maxTxnDuration: humantime.optional(),
    hotStandbys: z.number().int().min(0).optional(),
    logLevel: z.enum(L.logLevels).optional(),
  })
  .strict();

export const collectionSchema = z
  .object({
    /** Composite key of the documents, as JSON pointers into them. */
    key: z.array(pointer).min(1),
    /** JSON schema of the documents (inline). */
    schema: jsonObject,
  })
  .strict();

const taskCommon = {
  connector: connectorSchema,
  /** Non-secret endpoint config; secret fields come from `estuary:endpointSecrets.<key>` (JSON pointer → value). */
  config: jsonObject.default({}),
  shards: shardsSchema.optional(),
  /** Must equal the stack's data plane when given (all interacting tasks share one). */
  dataPlane: z.string().optional(),
};

export const captureSchema = z
  .object({
    ...taskCommon,
    bindings: z.array(z.object({ resource: jsonObject, target: specKey, disable: z.boolean().optional(), backfill: z.number().int().min(0).optional() }).strict()).min(1),
    /** Time between invocations of a non-streaming connector (humantime; Estuary's default 5m when absent). */
    interval: humantime.optional(),
    autoDiscover: z.object({ addNewBindings: z.boolean().default(false), evolveIncompatibleCollections: z.boolean().default(false) }).strict().optional(),
  })
  .strict();

export const syncScheduleSchema = z
  .object({
    syncFrequency: z.string().optional(),
    timezone: z.string().optional(),
    fastSyncStartTime: z.string().optional(),
    fastSyncStopTime: z.string().optional(),
    fastSyncEnabledDays: z.string().optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    for (const [path, message] of syncScheduleProblems(s)) ctx.addIssue({ code: 'custom', path: [path], message });
  });

/** The Snowflake endpoint: built from the snowflake stack's contract (host … user, the key as a secret). */
export const snowflakeEndpointSchema = z
  .object({
    timestampType: z.enum(L.timestampTypes).default('TIMESTAMP_LTZ'),
    hardDelete: z.boolean().optional(),
    syncSchedule: syncScheduleSchema.optional(),
    /** Connector tag; default `:v4` (materialize-snowflake/VERSION). */
    tag: z.string().regex(/^:[A-Za-z0-9._-]+$/).default(':v4'),
  })
  .strict();

const materializationBinding = z
  .object({
    source: specKey,
    resource: z.object({ table: z.string().min(1), schema: z.string().min(1).optional(), delta_updates: z.boolean().optional() }).catchall(z.unknown()),
    disable: z.boolean().optional(),
    priority: z.number().int().min(0).optional(),
    fields: z
      .object({ recommended: z.union([z.boolean(), z.number().int().min(0)]).default(true), require: z.record(z.string(), jsonObject).optional(), exclude: z.array(z.string()).optional(), groupBy: z.array(z.string()).optional() })
      .strict()
      .optional(),
    backfill: z.number().int().min(0).optional(),
    onIncompatibleSchemaChange: z.enum(L.onIncompatibleSchemaChange).optional(),
  })
  .strict();

export const materializationSchema = z
  .object({
    /** Into Snowflake (the endpoint comes from the snowflake stack) … */
    snowflake: snowflakeEndpointSchema.optional(),
    /** … or any other connector with its own config. */
    connector: connectorSchema.optional(),
    config: jsonObject.optional(),
    bindings: z.array(materializationBinding).min(1),
    onIncompatibleSchemaChange: z.enum(L.onIncompatibleSchemaChange).optional(),
    shards: shardsSchema.optional(),
    dataPlane: z.string().optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (!m.snowflake === !m.connector) ctx.addIssue({ code: 'custom', path: ['snowflake'], message: 'set exactly one of snowflake (from the snowflake stack) or connector (+ config)' });
    if (m.snowflake && m.config) ctx.addIssue({ code: 'custom', path: ['config'], message: 'a snowflake materialization takes its config from the snowflake stack; set snowflake.* instead' });
  });

export const catalogSchema = z
  .object({
    collections: z.record(specKey, collectionSchema).default({}),
    captures: z.record(specKey, captureSchema).default({}),
    materializations: z.record(specKey, materializationSchema).default({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    const declared = Object.keys(c.collections);
    const mustBeCollection = (path: (string | number)[], key: string) => {
      if (!Object.hasOwn(c.collections, key)) ctx.addIssue({ code: 'custom', path, message: `unknown collection "${key}" (declared: ${declared.join(', ') || 'none'})` });
    };
    const taken = new Map<string, string>();
    for (const kind of ['collections', 'captures', 'materializations'] as const) {
      for (const key of Object.keys(c[kind])) {
        const other = taken.get(key);
        if (other) ctx.addIssue({ code: 'custom', path: [kind, key], message: `"${key}" is also declared in ${other}: catalog names are unique across kinds` });
        taken.set(key, kind);
      }
    }
    for (const [key, cap] of Object.entries(c.captures)) {
      cap.bindings.forEach((b, i) => mustBeCollection(['captures', key, 'bindings', i, 'target'], b.target));
      for (const p of plaintextSecretPointers(cap.config)) ctx.addIssue({ code: 'custom', path: ['captures', key, 'config'], message: `${p} looks like a credential: put it in estuary:endpointSecrets.${key} (secret), not in the spec` });
    }
    for (const [key, m] of Object.entries(c.materializations)) {
      m.bindings.forEach((b, i) => mustBeCollection(['materializations', key, 'bindings', i, 'source'], b.source));
      for (const p of plaintextSecretPointers(m.config)) ctx.addIssue({ code: 'custom', path: ['materializations', key, 'config'], message: `${p} looks like a credential: put it in estuary:endpointSecrets.${key} (secret), not in the spec` });
    }
  });

export type CatalogSpec = z.infer<typeof catalogSchema>;
export type CaptureSpec = z.infer<typeof captureSchema>;
export type CollectionSpec = z.infer<typeof collectionSchema>;
export type MaterializationSpec = z.infer<typeof materializationSchema>;
export type SnowflakeEndpointSpec = z.infer<typeof snowflakeEndpointSchema>;
