export * from './errors';
export * from './retry';
export * from './pacer';
export * from './client';
