/**
 * Provider runtime: what the serialized dynamic providers load at call time
 * (`require('@sophia-ai/portkey/src/providers/runtime')`). Keep every export's signature backwards compatible:
 * state written by older versions is read, refreshed and deleted by this code.
 */
export * as workspace from './workspace';
export * as workspaceMember from './workspace-member';
export * as integration from './integration';
export * as provider from './provider';
export * as config from './config';
export * as integrationAccess from './integration-access';
export * as serviceKey from './service-key';
export * as usageLimitPolicy from './usage-limit-policy';
export * as rateLimitPolicy from './rate-limit-policy';
export { configure, resetCredentials, apiKeyFor } from './credentials';
export { api, clientFor, DEFAULT_PORTKEY_API_URL, UNKNOWN, type RuntimeOptions } from './portkey-api';
