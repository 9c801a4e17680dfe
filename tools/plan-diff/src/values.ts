import { DYNAMIC_PROVIDER_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from '@sophia-ai/redact';

/*
 * How plan values compare in the diff: a secret is a marker ("[secret]", or with a run key `[secret:<fingerprint>]`,
 * see @sophia-ai/redact fingerprint.ts) and is compared by its fingerprint only; an unknown ("[unknown]", known
 * after apply) cannot be compared with anything.
 */
export { fingerprintOf, isSecretMarker } from '@sophia-ai/redact';

export const isUnknown = (v: unknown): boolean => v === UNKNOWN_PLACEHOLDER;

export const isOpaque = (v: unknown): boolean => v === DYNAMIC_PROVIDER_PLACEHOLDER;

/** A short, single-line rendering of a non-secret plan value for the comment (long values are cut). */
export function preview(value: unknown, max = 60): string {
  const text = value === undefined ? 'absent' : JSON.stringify(value);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
