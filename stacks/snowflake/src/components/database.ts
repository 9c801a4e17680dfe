import * as pulumi from '@pulumi/pulumi';
import * as snowflake from '@pulumi/snowflake';
import { childName } from '../names';
import type { DatabaseSpec } from '../spec';

export interface DatabaseWithSchemasArgs {
  /** The database and its schemas as the platform spec declares them (names, comments, Time Travel days). */
  spec: DatabaseSpec;
}

/** A database (PUBLIC schema dropped on creation) and the schemas the spec lists, nothing else. */
export class DatabaseWithSchemas extends pulumi.ComponentResource {
  readonly database: snowflake.Database;
  /** Schemas by name. */
  readonly schemas: Record<string, snowflake.Schema>;

  constructor(name: string, args: DatabaseWithSchemasArgs, opts?: pulumi.ComponentResourceOptions) {
    super('sophia:snowflake:DatabaseWithSchemas', name, {}, opts);
    const { spec } = args;
    this.database = new snowflake.Database(
      childName(name, 'database'),
      {
        name: spec.name,
        comment: spec.comment || undefined,
        dataRetentionTimeInDays: spec.dataRetentionDays,
        dropPublicSchemaOnCreation: true,
      },
      { parent: this },
    );
    this.schemas = {};
    for (const schema of spec.schemas) {
      this.schemas[schema.name] = new snowflake.Schema(
        childName(name, 'schema', schema.name),
        { database: this.database.name, name: schema.name, comment: schema.comment || undefined },
        { parent: this },
      );
    }
    this.registerOutputs({
      databaseName: this.database.name,
      schemaNames: Object.keys(this.schemas),
    });
  }
}
