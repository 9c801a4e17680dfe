/**
 * An expected failure (bad config, missing upstream plan, policy violation): printed as its message only.
 * Anything else thrown while synthesizing is a bug in the program or in synth and is printed with its stack.
 */
export class SynthError extends Error {
  override readonly name = 'SynthError';
}

/** Pulumi's own RunError family (config errors among them) is also "expected": the engine hides their stack. */
export function isRunError(err: unknown): err is Error {
  return err instanceof Error && (err as { __pulumiRunError?: boolean }).__pulumiRunError === true;
}
