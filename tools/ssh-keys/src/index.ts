export * from './keyfiles';
export { main, buildProgram, SSH_KEYS_CONFIG_KEY } from './cli';
