/**
 * Provider runtime: what the serialized dynamic providers load at call time
 * (`require('@sophia-ai/estuary/src/providers/runtime')`). Keep every export's signature backwards compatible:
 * state written by older versions is read, refreshed and deleted by this code.
 */
export * as item from './item';
export { configure, resetCredentials, apiKeyFor } from './credentials';
export { api, clientFor, type RuntimeOptions } from './estuary-api';
