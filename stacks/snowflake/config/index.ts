import { z } from 'zod';
import { defineNamespace, rotationRecordsSchema } from '@sophia-ai/config';

/** Snowflake identifiers as this platform writes them: unquoted, upper case (no quoting surprises). */
const identifier = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, 'must be an unquoted upper-case Snowflake identifier (A-Z, 0-9, _; starting with a letter)');

/**
 * PKCS#8 PEM private key, RSA, as the Snowflake provider and drivers accept it (`-----BEGIN PRIVATE KEY-----`,
 * or the encrypted form together with `adminPrivateKeyPassphrase`). Literal `\n` escapes are accepted, as
 * they come out of single-line secret stores.
 */
const pkcs8Pem = z
  .string()
  .transform((pem) => pem.replace(/\\n/g, '\n'))
  .pipe(
    z
      .string()
      .regex(
        /^-----BEGIN (ENCRYPTED )?PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END (ENCRYPTED )?PRIVATE KEY-----\n?$/,
        'must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY----- ... -----END PRIVATE KEY-----)',
      ),
  );

/**
 * Configuration of stacks/snowflake: which account the platform is deployed to and how the stack logs in.
 * The platform itself (warehouses, databases, roles, users, grants, stages) is code: stacks/snowflake/src/platform-spec.ts.
 * The account host is derived, never configured: `<organizationName>-<accountName>.snowflakecomputing.com`.
 */
export const snowflakeConfig = defineNamespace('snowflake', {
  organizationName: {
    schema: identifier,
    owner: 'esc-stack',
    description: 'Snowflake organization name (the <org> of <org>-<account>.snowflakecomputing.com)',
  },
  accountName: {
    schema: identifier,
    owner: 'esc-stack',
    description: 'Snowflake account name within the organization (the <account> of the account identifier)',
  },
  adminUser: {
    schema: identifier,
    owner: 'esc-stack',
    description: 'Login name of the deployment user the Pulumi provider authenticates as (key-pair auth)',
  },
  adminRole: {
    schema: identifier.default('ACCOUNTADMIN'),
    owner: 'esc-stack',
    description:
      'Role the provider uses; it must be able to create warehouses, resource monitors, integrations, roles and grants (default ACCOUNTADMIN)',
  },
  adminPrivateKey: {
    schema: pkcs8Pem,
    secret: true,
    kind: 'key',
    owner: 'secrets-sync',
    githubSecret: 'SNOWFLAKE_ADMIN_PRIVATE_KEY',
    description: "Deployment user's RSA private key, PKCS#8 PEM (its public key is set on adminUser)",
    rotation: { maxAgeDays: 180, rotatedBy: 'issuer', issuer: 'a Snowflake account admin: a new key pair, its public key set as RSA_PUBLIC_KEY_2 of adminUser, then SNOWFLAKE_ADMIN_PRIVATE_KEY' },
  },
  adminPrivateKeyPassphrase: {
    schema: z.string().min(8),
    secret: true,
    optional: true,
    kind: 'key',
    owner: 'secrets-sync',
    githubSecret: 'SNOWFLAKE_ADMIN_PRIVATE_KEY_PASSPHRASE',
    description: 'Passphrase of adminPrivateKey when it is an ENCRYPTED PRIVATE KEY',
    rotation: { maxAgeDays: 180, rotatedBy: 'issuer', issuer: 'a Snowflake account admin, together with adminPrivateKey' },
  },
  ingestBucketUrl: {
    schema: z
      .string()
      .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9!_.*'()/-]*)?\/$/, 'must be an s3://bucket/prefix/ URL ending in /'),
    owner: 'esc-stack',
    description: 'S3 location the external stage reads and the pipe auto-ingests from (s3://bucket/prefix/)',
  },
  ingestAwsRoleArn: {
    schema: z.string().regex(/^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]+$/, 'must be an IAM role ARN'),
    owner: 'esc-stack',
    description: 'IAM role the storage integration assumes to read the ingest bucket',
  },
  monitorNotifyUsers: {
    schema: z.array(identifier).default([]),
    owner: 'esc-stack',
    kind: 'none',
    description: 'Snowflake users e-mailed when a resource monitor reaches a notify threshold',
  },
  keyRotation: {
    schema: rotationRecordsSchema,
    optional: true,
    owner: 'rotation',
    kind: 'none',
    description:
      'Key-pair generation per service user (ESTUARY_LOADER, …), written by `sophia-secrets rotate`; absent = the counter committed in src/platform-spec.ts',
  },
});
