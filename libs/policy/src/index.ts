// The plan markers and the scrubber live in @sophia-ai/redact (libs/http uses them without policy); plans carry
// the markers, so they are part of this package's plan format too.
export { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER, DYNAMIC_PROVIDER_PLACEHOLDER, scrubSecrets } from '@sophia-ai/redact';
export type { SynthPlan, PlanResource, PolicyRule, Violation, Severity } from './plan';
export { runPolicies, hasErrors, formatViolations, resourcesOfType } from './run';
export { ExpectedError } from './expected-error';
