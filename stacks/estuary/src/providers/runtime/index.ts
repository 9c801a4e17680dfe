/**
 * Provider runtime: what the serialized dynamic providers load at call time
 * (`require('@sophia-ai/estuary/src/providers/runtime')`). Keep every export's signature backwards compatible:
 * state written by older versions is read, refreshed and deleted by this code.
 */
import { catalogKind } from './catalog-spec';

export const collection = catalogKind('collection');
export const capture = catalogKind('capture');
export const materialization = catalogKind('materialization');
export { configure, resetCredentials, credentialFor } from './credentials';
export { api, EstuaryClient, type RuntimeOptions } from './estuary-api';
export { PublicationFailed, ConcurrentPublication } from './publish';
