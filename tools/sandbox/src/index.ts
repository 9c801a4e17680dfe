export * from './core/types';
export * from './core/faults';
export * from './core/server';
export * from './registry';
export * from './sandbox';
export * from './lambda/emulator';
export * from './lambda/catalog';
export * from './esc/emulator';
