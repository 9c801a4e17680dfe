/*
 * The markers that stand in for values nobody may read: in plan files, snapshots, logs and error messages.
 * Plans (libs/policy `SynthPlan`) and HTTP errors (libs/http) write them; policy rules and reviewers read them.
 */

/** How a plan writes a secret value: the value itself never reaches a plan file. */
export const SECRET_PLACEHOLDER = '[secret]';
/** How a plan writes a value only the cloud knows (as `pulumi preview` shows `output<T>`). */
export const UNKNOWN_PLACEHOLDER = '[unknown]';
/** How a plan writes a dynamic provider's serialized closure (`__provider`). */
export const DYNAMIC_PROVIDER_PLACEHOLDER = '[dynamic provider]';
/** What replaces a credential the caller sent (auth header, token) when a service echoes it in an error. */
export const REDACTED_PLACEHOLDER = '[redacted]';
