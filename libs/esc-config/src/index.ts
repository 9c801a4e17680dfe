export * from './define';
export * from './placeholders';
export * from './validate';
export * from './load';
export * from './esc';
export * from './suggest';
