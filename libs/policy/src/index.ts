export { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER, DYNAMIC_PROVIDER_PLACEHOLDER } from './plan';
export type { SynthPlan, PlanResource, PolicyRule, Violation, Severity } from './plan';
export { runPolicies, hasErrors, formatViolations, resourcesOfType } from './run';
export { scrubSecrets } from './scrub';
export { ExpectedError } from './expected-error';
