import { createHmac } from 'node:crypto';
import type { SynthPlan } from '@sophia-ai/policy';
import { containsSecret, redact, SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER, type RecordedResource } from '@sophia-ai/pulumi-testing';
import { fingerprintMarker, PLAN_SECRET_KEY_ENV } from '@sophia-ai/redact';
import { SynthError } from './errors';

/*
 * A plan diff (tools/plan-diff) must tell "this secret changed" from "unchanged" without either value reaching a
 * plan. It generates a random key per run and gives it to the base and the head synth in PLAN_SECRET_KEY_ENV; each
 * secret input is then written as `[secret:<12 hex of HMAC-SHA256(key, value)>]`. The key is discarded after the
 * run, so the fingerprint cannot be brute-forced even for a short secret, and means nothing outside that run.
 * Without the variable plans say "[secret]" as always (and are byte-identical between runs, so Nx caches them).
 */
export { PLAN_SECRET_KEY_ENV };

const FINGERPRINT_HEX = 12;

/** The run's key from the environment, or undefined; a malformed key is refused without echoing it. */
export function planSecretKey(env: NodeJS.ProcessEnv): Buffer | undefined {
  const raw = env[PLAN_SECRET_KEY_ENV];
  if (raw === undefined || raw === '') return undefined;
  if (!/^[0-9a-f]{64}$/i.test(raw)) {
    throw new SynthError(`${PLAN_SECRET_KEY_ENV} must be 64 hex characters (32 random bytes), one per plan-diff run; unset it for an ordinary synth`);
  }
  return Buffer.from(raw, 'hex');
}

/**
 * `[secret:<fingerprint>]` for a secret value; "[secret]" when part of it is unknown (preview): an unknown
 * value cannot be compared, and an equal fingerprint would claim "unchanged".
 */
export function secretFingerprint(key: Buffer, value: unknown): string {
  const text = JSON.stringify(redact(value)) ?? 'undefined';
  if (text.includes(JSON.stringify(UNKNOWN_PLACEHOLDER))) return SECRET_PLACEHOLDER;
  return fingerprintMarker(createHmac('sha256', key).update(text).digest('hex').slice(0, FINGERPRINT_HEX));
}

/**
 * Replaces each "[secret]" the plan builder wrote into a resource's inputs by the fingerprint of the value it
 * stands for (found at the same path in the recorded inputs). Stack outputs keep "[secret]": downstream synths
 * read them through StackReferences, whose contracts recognise the marker.
 */
export function fingerprintPlanSecrets(plan: SynthPlan, resources: readonly RecordedResource[], key: Buffer): void {
  const recorded = new Map(resources.map((r) => [r.urn, r]));
  for (const resource of plan.resources) {
    const raw = recorded.get(resource.urn);
    if (raw) resource.inputs = fingerprintAt(resource.inputs, raw.inputs, key) as Record<string, unknown>;
  }
}

function fingerprintAt(planned: unknown, raw: unknown, key: Buffer): unknown {
  if (planned === SECRET_PLACEHOLDER) {
    // The builder writes the marker for a secret wrapper; a plain string "[secret]" in the program stays as it is.
    return raw !== null && typeof raw === 'object' && containsSecret(raw) ? secretFingerprint(key, (raw as { value?: unknown }).value) : planned;
  }
  if (Array.isArray(planned)) return planned.map((item, i) => fingerprintAt(item, Array.isArray(raw) ? raw[i] : undefined, key));
  if (planned !== null && typeof planned === 'object') {
    const source = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(planned).map(([k, v]) => [k, fingerprintAt(v, source[k], key)]));
  }
  return planned;
}
