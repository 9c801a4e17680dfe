export { startMockRuntime, STACK_REFERENCE_TYPE } from './mock-runtime';
export type { MockRuntime, MockRuntimeOptions, OutputValue } from './mock-runtime';
export type { RecordedResource } from './recorder';
export { outputValue } from './outputs';
export { buildPlan, secretValues } from './plan';
export {
  redact,
  containsSecret,
  collectSecretStrings,
  SECRET_PLACEHOLDER,
  DYNAMIC_PROVIDER_PLACEHOLDER,
  UNKNOWN_PLACEHOLDER,
} from './redact';
export { stackConfigFromFile, type StackConfig } from './stack-config';
export {
  describeOnEngine,
  engineAvailability,
  createEngineSandbox,
  DIY_ORG,
  PASSPHRASE,
  type EngineSandbox,
  type EngineAvailability,
  type RunResult,
  type RunOptions,
} from './engine';
