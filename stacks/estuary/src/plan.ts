import type { CatalogSpec, SnowflakeEndpointSpec } from '@sophia-ai/estuary-config';
import { ESTUARY_LIMITS } from '@sophia-ai/estuary-config';
import { ExpectedError } from '@sophia-ai/policy';

export type SpecType = 'collection' | 'capture' | 'materialization';

/**
 * One catalog entity: its program key, its catalog name and the model it is published as. A task's
 * `spec.endpoint.connector.config` holds its non-secret config only; secret fields are merged (and encrypted)
 * by the provider from the task's endpoint secrets.
 */
export interface PlannedEntity {
  key: string;
  name: string;
  specType: SpecType;
  spec: Record<string, unknown>;
  /** Keys of the collections this task reads or writes (published first, deleted last). */
  collections: string[];
  /** Set for a materialization into Snowflake: its endpoint config comes from the snowflake stack's outputs. */
  snowflake?: SnowflakeEndpointSpec;
}

/** Everything the stack publishes, decided before any resource exists (pure: test it as a table). */
export interface EstuaryPlan {
  dataPlane: string;
  collections: PlannedEntity[];
  captures: PlannedEntity[];
  materializations: PlannedEntity[];
}

export interface PlanSettings {
  tenant: string;
  dataPlane: string;
  catalog: CatalogSpec;
}

/** A spec problem the schema cannot see (it needs the stack's settings): names the entry and the key; no stack trace. */
export class PlanError extends ExpectedError {}

const compact = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Config → the complete plan. Catalog names are `<tenant>/<env>/<key>`. */
export function planEstuary(settings: PlanSettings, env: string): EstuaryPlan {
  const { catalog, dataPlane } = settings;
  const nameOf = (key: string) => `${settings.tenant}/${env}/${key}`;
  const problems: string[] = [];
  const entity = (kind: string, key: string) => {
    const name = nameOf(key);
    if (!ESTUARY_LIMITS.catalogName.test(name) || name.length > ESTUARY_LIMITS.catalogNameMax) problems.push(`estuary:catalog.${kind}.${key}: catalog name "${name}" is not a valid name (at most ${ESTUARY_LIMITS.catalogNameMax} characters)`);
    return name;
  };
  const samePlane = (kind: string, key: string, plane: string | undefined) => {
    if (plane !== undefined && plane !== dataPlane) {
      problems.push(`estuary:catalog.${kind}.${key}.dataPlane: "${plane}" differs from the stack's data plane "${dataPlane}" (estuary:dataPlane); all interacting tasks must run in one data plane`);
    }
  };

  const collections = Object.entries(catalog.collections).map(([key, c]): PlannedEntity => ({
    key, name: entity('collections', key), specType: 'collection', spec: { key: c.key, schema: c.schema }, collections: [],
  }));
  const captures = Object.entries(catalog.captures).map(([key, c]): PlannedEntity => {
    samePlane('captures', key, c.dataPlane);
    return {
      key, name: entity('captures', key), specType: 'capture', collections: [...new Set(c.bindings.map((b) => b.target))],
      spec: compact({
        endpoint: { connector: { image: `${c.connector.image}${c.connector.tag}`, config: c.config } },
        bindings: c.bindings.map((b) => compact({ resource: b.resource, target: nameOf(b.target), disable: b.disable, backfill: b.backfill })),
        interval: c.interval, autoDiscover: c.autoDiscover, shards: c.shards,
      }),
    };
  });
  const materializations = Object.entries(catalog.materializations).map(([key, m]): PlannedEntity => {
    samePlane('materializations', key, m.dataPlane);
    const image = m.snowflake ? `${ESTUARY_LIMITS.snowflakeImage}${m.snowflake.tag}` : `${m.connector!.image}${m.connector!.tag}`;
    const config = m.snowflake ? compact({ timestamp_type: m.snowflake.timestampType, hardDelete: m.snowflake.hardDelete, syncSchedule: m.snowflake.syncSchedule }) : (m.config ?? {});
    return {
      key, name: entity('materializations', key), specType: 'materialization', collections: [...new Set(m.bindings.map((b) => b.source))], snowflake: m.snowflake,
      spec: compact({
        endpoint: { connector: { image, config } },
        bindings: m.bindings.map((b) => compact({ ...b, source: nameOf(b.source) })),
        onIncompatibleSchemaChange: m.onIncompatibleSchemaChange, shards: m.shards,
      }),
    };
  });
  if (problems.length) throw new PlanError(`estuary catalog for ${env}:\n  - ${problems.join('\n  - ')}`);
  return { dataPlane, collections, captures, materializations };
}
