/**
 * Dynamic Pulumi providers on one runtime (see README): the program side (kinds, resources, the serialized
 * loader) and, re-exported, the runtime side (`./runtime`, which runtime modules import directly).
 */
export * from './loader';
export * from './resource';
export * from './runtime';
