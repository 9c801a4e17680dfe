/**
 * The runtime side of @sophia-ai/dynamic-provider: what provider runtime modules import. No @pulumi/pulumi
 * here: this code runs inside the engine's dynamic-provider host, loaded at call time by the serialized loader.
 */
export * from './types';
export * from './state';
export * from './diff';
export * from './credentials';
export * from './api';
export * from './reconcile';
export * from './secret-hash';
