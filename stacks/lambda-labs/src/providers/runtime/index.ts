/**
 * Provider runtime: the code the serialized dynamic providers load at call time
 * (`require('@sophia-ai/lambda-labs/src/providers/runtime')`). Keep every export's signature backwards
 * compatible: state written by older versions is read, refreshed and deleted by this code.
 */
export * as instance from './instance';
export * as sshKey from './ssh-key';
export * as firewall from './firewall';
export * as filesystem from './filesystem';
export { configure, resetCredentials, apiKeyFor } from './credentials';
export { lambdaApi, LambdaApi, resolveOptions, DEFAULT_LAMBDA_API_URL, type RuntimeOptions } from './lambda-api';
