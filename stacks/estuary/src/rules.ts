import type { PolicyRule } from '@sophia-ai/policy';
import { resourcesOfType } from '@sophia-ai/policy';
import { ESTUARY_LIMITS, plaintextSecretPointers } from '@sophia-ai/estuary-config/limits';

/**
 * Rules over a synth plan (inputs already redacted). They read the dynamic resources, not the spec, so they also
 * catch what a future component or a hand-written resource would produce.
 */
export const T = {
  capture: 'pulumi-nodejs:dynamic/estuary:Capture',
  materialization: 'pulumi-nodejs:dynamic/estuary:Materialization',
} as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const connector = (inputs: Json): Json | undefined => {
  const spec = inputs.spec;
  return isObject(spec) && isObject(spec.endpoint) && isObject(spec.endpoint.connector) ? spec.endpoint.connector : undefined;
};
const label = (r: { name: string; inputs: Json }) => (typeof r.inputs.catalogName === 'string' ? r.inputs.catalogName : r.name);

export const productionCaptureInterval: PolicyRule = {
  id: 'estuary-production-capture-interval',
  description: 'In production every capture states its schedule: an explicit interval (no silent 5m default)',
  severity: 'error',
  check(plan) {
    if (plan.env !== 'production') return [];
    return resourcesOfType(plan, T.capture)
      .filter((c) => !(isObject(c.inputs.spec) && typeof c.inputs.spec.interval === 'string'))
      .map((c) => ({ urn: c.urn, message: `capture ${label(c)} has no interval (set estuary:catalog.captures.<key>.interval, e.g. 5m)` }));
  },
};

export const snowflakeKeyPairAuth: PolicyRule = {
  id: 'estuary-snowflake-key-pair-auth',
  description: 'Every materialization into Snowflake authenticates with a key pair (credentials.auth_type jwt, the key a secret)',
  severity: 'error',
  check(plan) {
    return resourcesOfType(plan, T.materialization).flatMap((m) => {
      const c = connector(m.inputs);
      if (!c || typeof c.image !== 'string' || !c.image.startsWith(ESTUARY_LIMITS.snowflakeImage)) return [];
      const creds = isObject(c.config) ? c.config.credentials : undefined;
      if (isObject(creds) && creds.auth_type === 'jwt' && creds.private_key === undefined && m.inputs.endpointSecrets !== undefined) return [];
      return [{ urn: m.urn, message: `materialization ${label(m)} into Snowflake does not use key-pair auth (credentials.auth_type must be jwt, the private key in endpointSecrets)` }];
    });
  },
};

export const noPlaintextEndpointSecrets: PolicyRule = {
  id: 'estuary-no-plaintext-endpoint-secret',
  description: 'No endpoint config holds a credential in plain text (they travel as endpointSecrets and are encrypted)',
  severity: 'error',
  check(plan) {
    return [...resourcesOfType(plan, T.capture), ...resourcesOfType(plan, T.materialization)].flatMap((r) => {
      const found = plaintextSecretPointers(connector(r.inputs)?.config);
      return found.length ? [{ urn: r.urn, message: `${label(r)}: endpoint config ${found.join(', ')} holds a plaintext credential (move it to estuary:endpointSecrets)` }] : [];
    });
  },
};

export const estuaryRules: PolicyRule[] = [productionCaptureInterval, snowflakeKeyPairAuth, noPlaintextEndpointSecrets];
