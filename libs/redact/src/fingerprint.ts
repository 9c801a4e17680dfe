import { SECRET_PLACEHOLDER } from './markers';

/*
 * Keyed secret fingerprints in plans: a plan diff gives the base and head synths one random key per run in
 * PLAN_SECRET_KEY_ENV, and synth writes each secret input as `[secret:<hex>]` (12 hex of HMAC-SHA256(key, value),
 * tools/nx-pulumi/src/synth/secret-fingerprint.ts) instead of "[secret]". Equal markers: same value; different:
 * changed. The key is discarded after the run, so a marker reveals nothing about the value.
 */
export const PLAN_SECRET_KEY_ENV = 'SOPHIA_PLAN_SECRET_KEY';

const MARKER = /^\[secret(?::([0-9a-f]+))?\]$/;

/** `[secret:<fingerprint>]`. */
export const fingerprintMarker = (fingerprint: string): string => `${SECRET_PLACEHOLDER.slice(0, -1)}:${fingerprint}]`;

/** "[secret]" or a fingerprinted `[secret:<hex>]`. */
export const isSecretMarker = (v: unknown): v is string => typeof v === 'string' && MARKER.test(v);

/** The fingerprint of a secret marker; undefined for the bare "[secret]" (planned without a key). */
export const fingerprintOf = (marker: string): string | undefined => MARKER.exec(marker)?.[1];
