import * as pulumi from '@pulumi/pulumi';
import type { OutputInternals } from './sdk-internals';

/**
 * Awaits an Output (or plain value) and reports its value, secretness and known-ness. Uses the Output's own
 * promises rather than `apply`, because `apply` never runs for unknown values (the await would hang) and an
 * assertion inside an un-awaited `apply` passes without running.
 */
export async function outputValue<T>(
  input: pulumi.Input<T>,
): Promise<{ value: pulumi.Unwrap<T> | undefined; isSecret: boolean; isKnown: boolean }> {
  const out = pulumi.output(input) as unknown as OutputInternals<pulumi.Unwrap<T>>;
  // All three promises reject together on failure; await them together so no rejection goes unhandled.
  const [value, isKnown, isSecret] = await Promise.all([out.promise(), out.isKnown, out.isSecret]);
  return { value: isKnown ? value : undefined, isSecret, isKnown };
}
