export { checkKeys, keyLocation, severityOf, STRICT_ENV, type ReadValue } from './checks';
export { DEFAULT_PROBE_TIMEOUT_MS, type EnvironmentValidation, validateEnvironment, type ValidateOptions } from './environment';
