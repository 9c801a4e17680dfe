import { DYNAMIC_PROVIDER_PLACEHOLDER, SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from '@sophia-ai/redact';

/**
 * How one plan value compares with another, for the diff: a secret is a marker (`[secret]`, or with a run key
 * `[secret:<fingerprint>]`, see tools/nx-pulumi/src/synth/secret-fingerprint.ts) and is compared by its
 * fingerprint only; an unknown ("[unknown]", known after apply) cannot be compared with anything.
 */
const SECRET = /^\[secret(?::([0-9a-f]+))?\]$/;

export const isSecretMarker = (v: unknown): v is string => typeof v === 'string' && SECRET.test(v);

/** The fingerprint of a secret marker, or undefined for the bare "[secret]" (synth ran without a key). */
export const fingerprintOf = (v: string): string | undefined => SECRET.exec(v)?.[1];

export const isUnknown = (v: unknown): boolean => v === UNKNOWN_PLACEHOLDER;

export const isOpaque = (v: unknown): boolean => v === DYNAMIC_PROVIDER_PLACEHOLDER;

export { SECRET_PLACEHOLDER };

/** A short, single-line rendering of a non-secret plan value for the comment (long values are cut). */
export function preview(value: unknown, max = 60): string {
  const text = value === undefined ? 'absent' : JSON.stringify(value);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
