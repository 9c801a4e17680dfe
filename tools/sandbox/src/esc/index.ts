export * from './emulator';
export * from './http-adapter';
