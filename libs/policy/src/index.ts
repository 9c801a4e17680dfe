export type { SynthPlan, PlanResource, PolicyRule, Violation, Severity } from './plan';
export { runPolicies, hasErrors, formatViolations, resourcesOfType } from './run';
export { ExpectedError } from './expected-error';
