export * from './mapping';
export * from './errors';
export * from './edit';
export * from './store';
export * from './local-store';
export * from './cloud-store';
