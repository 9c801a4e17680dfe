import { effectiveGeneration, type RotationRecords } from '@sophia-ai/config';
import type { Environment } from '@sophia-ai/stack-refs';
import type { PlatformSpecInput, WarehouseSize } from './logic/spec';

/**
 * The Sophia AI Snowflake platform, reviewed in PRs. Per-environment differences are sizing, credit quotas
 * and key rotation counters; account, credentials and the ingest bucket come from typed config
 * (`snowflake` namespace in @sophia-ai/config).
 *
 * To add a database, role or user: edit this file (see docs/infrastructure/COMPLETE_IAC_GUIDE.md, Snowflake).
 */

/** Values from the stack's config that the platform needs. */
export interface PlatformInputs {
  /** `s3://bucket/prefix/` the raw event stage reads from. */
  ingestBucketUrl: string;
  /** IAM role ARN the storage integration assumes. */
  ingestAwsRoleArn: string;
  /** Rotation records per service user, written into ESC by `sophia-secrets rotate` (config `snowflake:keyRotation`). */
  keyRotation?: RotationRecords;
}

interface Sizing {
  loading: { size: WarehouseSize; credits: number };
  analytics: { size: WarehouseSize; credits: number; maxClusters: number };
}

const SIZING: Record<Environment, Sizing> = {
  local: { loading: { size: 'XSMALL', credits: 10 }, analytics: { size: 'XSMALL', credits: 10, maxClusters: 1 } },
  dev: { loading: { size: 'XSMALL', credits: 20 }, analytics: { size: 'XSMALL', credits: 30, maxClusters: 1 } },
  staging: { loading: { size: 'XSMALL', credits: 40 }, analytics: { size: 'SMALL', credits: 80, maxClusters: 1 } },
  production: { loading: { size: 'SMALL', credits: 200 }, analytics: { size: 'MEDIUM', credits: 600, maxClusters: 3 } },
};

/**
 * Key rotation floors per service user and environment. Rotations are `sophia-secrets rotate` now (it records
 * the generation in ESC, `snowflake:keyRotation`, and runs `up`); these committed counters stay as the floor so
 * that nothing rotates on upgrade. A bump here still rotates (by exactly 1: zero downtime).
 */
const KEY_ROTATION: Record<'ESTUARY_LOADER' | 'DBT_TRANSFORMER', Record<Environment, number>> = {
  ESTUARY_LOADER: { local: 0, dev: 0, staging: 0, production: 0 },
  DBT_TRANSFORMER: { local: 0, dev: 0, staging: 0, production: 0 },
};

/** A service user's key generation: its ESC record over the committed floor. */
function keyGeneration(user: keyof typeof KEY_ROTATION, env: Environment, inputs: PlatformInputs) {
  const { generation, retirePrevious } = effectiveGeneration(KEY_ROTATION[user][env], inputs.keyRotation?.[user]);
  return { keyRotation: generation, retirePrevious };
}

/** The platform spec of `env` (validate it with `parsePlatformSpec` before use). */
export function platformFor(env: Environment, inputs: PlatformInputs): PlatformSpecInput {
  const sizing = SIZING[env];
  return {
    warehouses: [
      {
        name: 'LOADING_WH',
        comment: 'Estuary materializations and Snowpipe loads',
        size: sizing.loading.size,
        autoSuspendSeconds: 60,
        monitor: { monthlyCreditQuota: sizing.loading.credits, notifyAt: [75, 90], suspendAt: 100, suspendImmediatelyAt: 110 },
      },
      {
        name: 'ANALYTICS_WH',
        comment: 'dbt transformations and BI queries',
        size: sizing.analytics.size,
        // Five minutes keeps the result/data cache warm between dashboard refreshes.
        autoSuspendSeconds: 300,
        maxClusterCount: sizing.analytics.maxClusters,
        monitor: { monthlyCreditQuota: sizing.analytics.credits, notifyAt: [50, 75, 90], suspendAt: 100, suspendImmediatelyAt: 120 },
      },
    ],
    databases: [
      {
        name: 'RAW',
        comment: 'Data as it arrives: Estuary materializations and S3 event loads',
        dataRetentionDays: env === 'production' ? 7 : 1,
        schemas: [
          { name: 'ESTUARY', comment: 'Tables materialized by Estuary Flow' },
          { name: 'S3_EVENTS', comment: 'Events auto-ingested from S3 by Snowpipe' },
        ],
      },
      {
        name: 'ANALYTICS',
        comment: 'Modelled data built by dbt from RAW',
        dataRetentionDays: env === 'production' ? 30 : 1,
        schemas: [
          { name: 'STAGING', comment: 'dbt staging models' },
          { name: 'MARTS', comment: 'dbt marts read by BI' },
        ],
      },
    ],
    roles: [
      { name: 'LOADER', comment: 'Writes raw data (Estuary, Snowpipe)', warehouses: ['LOADING_WH'] },
      { name: 'TRANSFORMER', comment: 'Reads RAW, builds ANALYTICS (dbt)', warehouses: ['ANALYTICS_WH'] },
      // Under TRANSFORMER: whatever a reporter may read, a transformer may too.
      { name: 'REPORTER', comment: 'Reads ANALYTICS.MARTS (BI)', grantedTo: ['TRANSFORMER'], warehouses: ['ANALYTICS_WH'] },
    ],
    access: [
      { role: 'LOADER', schema: 'RAW.ESTUARY', level: 'write' },
      { role: 'LOADER', schema: 'RAW.S3_EVENTS', level: 'write' },
      { role: 'TRANSFORMER', schema: 'RAW.ESTUARY', level: 'read' },
      { role: 'TRANSFORMER', schema: 'RAW.S3_EVENTS', level: 'read' },
      { role: 'TRANSFORMER', schema: 'ANALYTICS.STAGING', level: 'write' },
      { role: 'TRANSFORMER', schema: 'ANALYTICS.MARTS', level: 'write' },
      { role: 'REPORTER', schema: 'ANALYTICS.MARTS', level: 'read' },
    ],
    users: [
      {
        kind: 'service',
        name: 'ESTUARY_LOADER',
        comment: 'Estuary Flow materialize-snowflake (JWT)',
        roles: ['LOADER'],
        defaultWarehouse: 'LOADING_WH',
        defaultNamespace: 'RAW.ESTUARY',
        ...keyGeneration('ESTUARY_LOADER', env, inputs),
      },
      {
        kind: 'service',
        name: 'DBT_TRANSFORMER',
        comment: 'dbt runs in CI (JWT)',
        roles: ['TRANSFORMER'],
        defaultWarehouse: 'ANALYTICS_WH',
        defaultNamespace: 'ANALYTICS.STAGING',
        ...keyGeneration('DBT_TRANSFORMER', env, inputs),
      },
      {
        kind: 'person',
        name: 'DATA_ONCALL',
        comment: 'Shared on-call analyst seat (SSO)',
        email: 'data-oncall@sophia-ai.com',
        displayName: 'Data on-call',
        roles: ['REPORTER'],
        defaultWarehouse: 'ANALYTICS_WH',
      },
    ],
    fileFormats: [{ name: 'JSON_EVENTS', schema: 'RAW.S3_EVENTS', type: 'JSON', compression: 'AUTO', stripOuterArray: true }],
    storageIntegrations: [
      { name: 'S3_INGEST', provider: 'S3', awsRoleArn: inputs.ingestAwsRoleArn, allowedLocations: [inputs.ingestBucketUrl] },
    ],
    stages: [
      {
        name: 'EVENTS_STAGE',
        schema: 'RAW.S3_EVENTS',
        url: `${inputs.ingestBucketUrl}events/`,
        storageIntegration: 'S3_INGEST',
        fileFormat: 'JSON_EVENTS',
      },
    ],
    pipes: [{ name: 'EVENTS_PIPE', schema: 'RAW.S3_EVENTS', stage: 'EVENTS_STAGE', table: 'EVENTS', autoIngest: true }],
    loader: { user: 'ESTUARY_LOADER', warehouse: 'LOADING_WH', schema: 'RAW.ESTUARY' },
  };
}
