/**
 * The connectors the sandbox control plane knows (`connectors` / `connector_tags` rows), each with its
 * `endpoint_spec_schema`: the fields marked `secret: true` are what config encryption encrypts. Snowflake's follows
 * `estuary/connectors:materialize-snowflake/config.go` (service-apis §4); the sources are reduced to the fields
 * the sample pipeline uses.
 */
import { ESTUARY_LIMITS } from '@sophia-ai/estuary-config';

export interface ConnectorTag {
  imageName: string;
  imageTag: string;
  protocol: 'capture' | 'materialization';
  endpointSpecSchema: Record<string, unknown>;
}

const str = { type: 'string' };
const secret = { type: 'string', secret: true };

const SNOWFLAKE_SCHEMA = {
  type: 'object',
  required: ['host', 'database', 'schema', 'timestamp_type', 'credentials'],
  properties: {
    host: { type: 'string', pattern: ESTUARY_LIMITS.snowflakeHost.source },
    database: str,
    schema: str,
    warehouse: str,
    role: str,
    account: str,
    timestamp_type: { type: 'string', enum: [...ESTUARY_LIMITS.timestampTypes] },
    hardDelete: { type: 'boolean' },
    credentials: {
      type: 'object',
      discriminator: { propertyName: 'auth_type' },
      oneOf: [
        { title: 'Private Key (JWT)', required: ['auth_type', 'user', 'private_key'], properties: { auth_type: { const: 'jwt' }, user: str, private_key: { ...secret, multiline: true } } },
        { title: 'User Password', required: ['auth_type', 'user', 'password'], properties: { auth_type: { const: 'user_password' }, user: str, password: secret } },
      ],
    },
    syncSchedule: {
      type: 'object',
      properties: {
        syncFrequency: { type: 'string', enum: [...ESTUARY_LIMITS.syncFrequencies] },
        timezone: str,
        fastSyncStartTime: str,
        fastSyncStopTime: str,
        fastSyncEnabledDays: str,
      },
    },
  },
};

export const SANDBOX_CONNECTORS: ConnectorTag[] = [
  {
    imageName: 'ghcr.io/estuary/source-postgres',
    imageTag: ':v5',
    protocol: 'capture',
    endpointSpecSchema: {
      type: 'object',
      required: ['address', 'user', 'password', 'database'],
      properties: { address: str, user: str, password: secret, database: str, advanced: { type: 'object', properties: { publicationName: str, slotName: str } } },
    },
  },
  {
    imageName: 'ghcr.io/estuary/source-hubspot-native',
    imageTag: ':v1',
    protocol: 'capture',
    endpointSpecSchema: {
      type: 'object',
      required: ['credentials'],
      properties: { credentials: { type: 'object', required: ['credentials_title', 'access_token'], properties: { credentials_title: str, access_token: secret } }, capturePropertyHistory: { type: 'boolean' } },
    },
  },
  { imageName: ESTUARY_LIMITS.snowflakeImage, imageTag: ':v4', protocol: 'materialization', endpointSpecSchema: SNOWFLAKE_SCHEMA },
];
