// ESC environment naming is shared with libs/config (libs/stack-refs/src/esc-naming.ts); tools get it here.
export * from '@sophia-ai/stack-refs/src/esc-naming';
export * from './errors';
export * from './edit';
export * from './store';
export * from './local-store';
export * from './cloud-store';
export * from './cli-options';
