import * as pulumi from '@pulumi/pulumi';
import { SophiaComponent } from '@sophia-ai/component';
import * as snowflake from '@pulumi/snowflake';
import { fileFormatOptions, LANDING_COLUMNS, pipeCopyStatement, stageFileFormat } from '../logic/ingestion';
import { slug, splitSchema } from '../logic/names';
import type { FileFormatSpec, PipeSpec, StageSpec, StorageIntegrationSpec } from '../logic/spec';

export interface IngestionArgs {
  /** S3 storage integrations (IAM role, allowed locations). */
  storageIntegrations: StorageIntegrationSpec[];
  /** Named file formats, each in a `DATABASE.SCHEMA`. */
  fileFormats: FileFormatSpec[];
  /** External stages over the integrations' locations, each with a named file format. */
  stages: StageSpec[];
  /** Auto-ingest pipes from a stage into a landing table created here. */
  pipes: PipeSpec[];
  /** Schemas by `DATABASE.SCHEMA` (everything here is created after its schema). */
  schemas: Record<string, pulumi.Resource>;
}

/** Storage integration → external stage (+ file format) → landing table → Snowpipe with auto-ingest. */
export class Ingestion extends SophiaComponent {
  readonly integrations: Record<string, snowflake.StorageIntegration> = {};
  readonly fileFormats: Record<string, snowflake.FileFormat> = {};
  readonly stages: Record<string, snowflake.Stage> = {};
  readonly tables: Record<string, snowflake.Table> = {};
  readonly pipes: Record<string, snowflake.Pipe> = {};
  /** SQS queue ARN per pipe (`DATABASE.SCHEMA.PIPE`) to point the bucket's event notifications at. */
  readonly notificationChannels: Record<string, pulumi.Output<string>> = {};
  /**
   * Per integration, what the AWS side needs for the stage to read the bucket: the IAM user Snowflake acts as
   * (the ingest role's trust policy principal) and the external ID that trust policy must require.
   */
  readonly awsAccess: Record<string, pulumi.Output<{ aws_iam_user_arn: string; aws_external_id: string }>> = {};

  constructor(name: string, args: IngestionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('snowflake', 'Ingestion', name, opts);
    const inSchema = (dbSchema: string) => {
      const schema = args.schemas[dbSchema];
      return schema ? [schema] : [];
    };

    for (const si of args.storageIntegrations) {
      this.integrations[si.name] = new snowflake.StorageIntegration(
        this.childName(slug('integration', si.name)),
        {
          name: si.name,
          type: 'EXTERNAL_STAGE',
          enabled: true,
          storageProvider: si.provider,
          storageAwsRoleArn: si.awsRoleArn,
          storageAllowedLocations: si.allowedLocations,
        },
        this.childOptions(),
      );
      const integration = this.integrations[si.name]!;
      this.awsAccess[si.name] = pulumi
        .all([integration.storageAwsIamUserArn, integration.storageAwsExternalId])
        .apply(([arn, externalId]) => ({ aws_iam_user_arn: arn, aws_external_id: externalId }));
    }
    for (const ff of args.fileFormats) {
      const { database, schema } = splitSchema(ff.schema);
      this.fileFormats[`${ff.schema}.${ff.name}`] = new snowflake.FileFormat(
        this.childName(slug('format', ff.schema, ff.name)),
        { database, schema, name: ff.name, ...fileFormatOptions(ff) },
        this.childOptions({ dependsOn: inSchema(ff.schema) }),
      );
    }
    for (const st of args.stages) {
      const { database, schema } = splitSchema(st.schema);
      const format = this.fileFormats[`${st.schema}.${st.fileFormat}`];
      const integration = this.integrations[st.storageIntegration];
      this.stages[`${st.schema}.${st.name}`] = new snowflake.Stage(
        this.childName(slug('stage', st.schema, st.name)),
        {
          database,
          schema,
          name: st.name,
          url: st.url,
          storageIntegration: integration ? integration.name : st.storageIntegration,
          fileFormat: stageFileFormat(st.schema, st.fileFormat),
        },
        this.childOptions({ dependsOn: [...inSchema(st.schema), ...(format ? [format] : [])] }),
      );
    }
    for (const p of args.pipes) {
      const { database, schema } = splitSchema(p.schema);
      const key = `${p.schema}.${p.name}`;
      const table = new snowflake.Table(
        this.childName(slug('table', p.schema, p.table)),
        {
          database,
          schema,
          name: p.table,
          comment: `Landing table of pipe ${p.name}`,
          columns: LANDING_COLUMNS.map((c) => ({
            name: c.name,
            type: c.type,
            nullable: c.nullable,
            ...('defaultExpression' in c ? { default: { expression: c.defaultExpression } } : {}),
          })),
        },
        this.childOptions({ dependsOn: inSchema(p.schema) }),
      );
      this.tables[`${p.schema}.${p.table}`] = table;
      const stage = this.stages[`${p.schema}.${p.stage}`];
      const pipe = new snowflake.Pipe(
        this.childName(slug('pipe', p.schema, p.name)),
        { database, schema, name: p.name, autoIngest: p.autoIngest, copyStatement: pipeCopyStatement(p) },
        this.childOptions({ dependsOn: [table, ...(stage ? [stage] : [])] }),
      );
      this.pipes[key] = pipe;
      this.notificationChannels[key] = pipe.notificationChannel;
    }
    this.registerOutputs({ notificationChannels: this.notificationChannels, awsAccess: this.awsAccess });
  }
}
