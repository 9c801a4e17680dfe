export * from './define';
export * from './placeholders';
export * from './validate';
export * from './load';
export * from './namespaces';
export * from './schemas';
export * from './esc';
export * from './suggest';
