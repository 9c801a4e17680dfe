import * as pulumi from '@pulumi/pulumi';
import { SophiaComponent } from '@sophia-ai/component';
import * as snowflake from '@pulumi/snowflake';
import { slug } from '../logic/names';
import type { DatabaseSpec } from '../logic/spec';

export interface DatabaseWithSchemasArgs {
  /** The database and its schemas as the platform spec declares them (names, comments, Time Travel days). */
  spec: DatabaseSpec;
}

/** A database (PUBLIC schema dropped on creation) and the schemas the spec lists, nothing else. */
export class DatabaseWithSchemas extends SophiaComponent {
  readonly database: snowflake.Database;
  /** Schemas by name. */
  readonly schemas: Record<string, snowflake.Schema>;

  constructor(name: string, args: DatabaseWithSchemasArgs, opts?: pulumi.ComponentResourceOptions) {
    super('snowflake', 'DatabaseWithSchemas', name, opts);
    const { spec } = args;
    this.database = new snowflake.Database(
      this.childName(slug('database')),
      {
        name: spec.name,
        comment: spec.comment || undefined,
        dataRetentionTimeInDays: spec.dataRetentionDays,
        dropPublicSchemaOnCreation: true,
      },
      this.childOptions(),
    );
    this.schemas = {};
    for (const schema of spec.schemas) {
      this.schemas[schema.name] = new snowflake.Schema(
        this.childName(slug('schema', schema.name)),
        { database: this.database.name, name: schema.name, comment: schema.comment || undefined },
        this.childOptions(),
      );
    }
    this.registerOutputs({
      databaseName: this.database.name,
      schemaNames: Object.keys(this.schemas),
    });
  }
}
