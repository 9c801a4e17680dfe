import type * as gstruct from 'google-protobuf/google/protobuf/struct_pb';
import * as rpc from '@pulumi/pulumi/runtime/rpc';
import { redact } from '@sophia-ai/pulumi-testing/src/redact';

/** The one @pulumi/policy internal this pack reaches (not in its typings): how the analyzer decodes properties. */
interface PolicyDeserializer {
  deserializeProperties(struct: gstruct.Struct, proxySecrets: boolean): Record<string, unknown>;
}
const policyDeserializer = require('@pulumi/policy/deserialize') as PolicyDeserializer;
const library = policyDeserializer.deserializeProperties;

/**
 * Makes every policy of this pack see resource properties as synth's plans show them: secrets "[secret]",
 * unknowns "[unknown]", the dynamic-provider blob "[dynamic provider]", assets by kind.
 *
 * Why a patch: @pulumi/policy 1.21 decodes the engine's properties with secrets unwrapped (its server calls
 * `deserializeProperties(struct, false)` for stack policies), so rules — and anything they put in a message —
 * would hold plaintext secrets, and the secret marker is gone before `validateStack` runs. The engine does send
 * the marker, so this decodes the same wire struct with the SDK's own decoder (secrets kept wrapped, unknowns
 * kept) and redacts it with the function synth uses. Callers asking for `proxySecrets` (remediations, which this
 * pack has none of) keep the library's behaviour.
 */
export function decodePropertiesAsPlans(): void {
  policyDeserializer.deserializeProperties = (struct, proxySecrets) => (proxySecrets ? library(struct, true) : planInputs(struct));
}

/** A wire properties struct as a plan's inputs. */
export function planInputs(struct: gstruct.Struct): Record<string, unknown> {
  return redact(rpc.deserializeProperties(struct, true)) as Record<string, unknown>;
}
