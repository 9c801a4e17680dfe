import { z } from 'zod';
import { defineStackContract } from '@sophia-ai/stack-refs';

/**
 * Outputs of stacks/snowflake: everything Estuary's materialize-snowflake connector needs to load data with
 * key-pair (JWT) auth, and what the AWS side needs for the S3 stage and the auto-ingest pipe to deliver. Only
 * `private_key` is secret; names (user, role, warehouse) stay readable in plans and for consumers.
 */
export const snowflakeStack = defineStackContract({
  project: 'snowflake',
  description: 'Snowflake warehouses, databases, roles, users and grants',
  outputs: {
    host: {
      schema: z.string().regex(/^[^/:]+\.snowflakecomputing\.com$/),
      description: 'Account host, <org>-<account>.snowflakecomputing.com (no protocol)',
    },
    database: { schema: z.string(), description: 'Database the loader writes to' },
    schema: { schema: z.string(), description: 'Default schema for loaded tables' },
    warehouse: { schema: z.string(), description: 'Warehouse the loader uses' },
    role: { schema: z.string(), description: 'Role the loader assumes' },
    user: { schema: z.string(), description: 'Login name of the loader service user' },
    ingest_storage_integrations: {
      schema: z.record(z.string(), z.object({ aws_iam_user_arn: z.string(), aws_external_id: z.string() })),
      description:
        "Storage integration name → the IAM user Snowflake acts as and the external ID: the ingest role's trust policy " +
        'allows that principal with sts:ExternalId equal to that ID (DESC INTEGRATION STORAGE_AWS_IAM_USER_ARN / _EXTERNAL_ID)',
    },
    ingest_notification_channels: {
      schema: z.record(z.string(), z.string()),
      description: "Pipe (DATABASE.SCHEMA.PIPE) → SQS queue ARN the bucket's s3:ObjectCreated:* event notifications must target",
    },
    private_key: {
      schema: z.string().startsWith('-----BEGIN PRIVATE KEY-----'),
      secret: true,
      description: "Loader's current RSA private key, PKCS#8 PEM, unencrypted",
    },
  },
});
