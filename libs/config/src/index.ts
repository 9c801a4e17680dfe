export * from './define';
export * from './placeholders';
export * from './validate';
export * from './load';
export * from './key-location';
export * from './suggest';
export * from './rotation-record';
