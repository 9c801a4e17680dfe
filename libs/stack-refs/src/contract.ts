import type * as pulumi from '@pulumi/pulumi';
import type { z } from 'zod';
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from '@sophia-ai/redact';
import { stackName } from './naming';

/**
 * The SDK, loaded on first use: a contract is also read by tools that only look at its declarations (the secrets
 * sync checks which outputs are secret) and must not pull the engine SDK into their process.
 */
const sdk = (): typeof pulumi => require('@pulumi/pulumi') as typeof pulumi;

/**
 * An Output the engine considers unknown (as during a preview). The SDK offers no public constructor for one;
 * the internal one is stable across 3.x and is what `apply` itself uses.
 */
function unknownOutput<T>(): pulumi.Output<T> {
  const OutputImpl = sdk().Output as unknown as new (...args: unknown[]) => pulumi.Output<T>;
  return new OutputImpl(new Set(), Promise.resolve(undefined), Promise.resolve(false), Promise.resolve(false), Promise.resolve(new Set()));
}

/** One declared stack output: its shape (zod), whether it is secret, and what it is for. */
export interface OutputSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** Secret outputs are exported with `pulumi.secret` and stay secret in every consumer. */
  secret?: boolean;
  description: string;
}

export type OutputSpecs = Record<string, OutputSpec>;

/** A producer stack's published interface. Importing it never runs the producer's program. */
export interface StackContract<P extends string = string, O extends OutputSpecs = OutputSpecs> {
  /** The producer's Pulumi project name (`name:` in its Pulumi.yaml). */
  readonly project: P;
  readonly description: string;
  readonly outputs: O;
}

/** The TypeScript type of every output of a contract. */
export type ContractValues<C extends StackContract> = {
  [K in keyof C['outputs']]: z.infer<C['outputs'][K]['schema']>;
};

/** What a producer's `index.ts` must export for contract C (each value may be an Output). */
export type ContractInputs<C extends StackContract> = {
  [K in keyof C['outputs']]: pulumi.Input<z.infer<C['outputs'][K]['schema']>>;
};

/** Declares a contract. Lives in the producer's `stacks/<project>/contract/index.ts` (package `@sophia-ai/<project>-contract`). */
export function defineStackContract<const P extends string, const O extends OutputSpecs>(contract: {
  project: P;
  description: string;
  outputs: O;
}): StackContract<P, O> {
  return Object.freeze({ ...contract });
}

/**
 * Producer side: validates at compile time that every declared output is provided (and nothing else),
 * wraps secret outputs in `pulumi.secret`, and returns the object for `export = declareOutputs(...)`.
 */
export function declareOutputs<C extends StackContract>(
  contract: C,
  values: ContractInputs<C> & Record<Exclude<keyof ContractInputs<C>, keyof C['outputs']>, never>,
): { [K in keyof C['outputs']]: pulumi.Output<z.infer<C['outputs'][K]['schema']>> } {
  const result: Record<string, pulumi.Output<unknown>> = {};
  for (const [key, spec] of Object.entries(contract.outputs)) {
    const value = (values as Record<string, pulumi.Input<unknown>>)[key];
    if (value === undefined) {
      throw new Error(`Stack ${contract.project} does not set its declared output "${key}"`);
    }
    result[key] = spec.secret ? sdk().secret(value) : sdk().output(value);
  }
  return result as never;
}

/** Consumer side: a typed view of another stack's outputs in the same environment. */
export class TypedStackReference<C extends StackContract> {
  readonly ref: pulumi.StackReference;
  readonly stackName: string;

  constructor(
    readonly contract: C,
    opts: { env?: string; parent?: pulumi.Resource } = {},
  ) {
    // The organisation the engine runs this stack in: a reference into any other organisation would miss on a
    // fresh Pulumi organisation, and on a DIY backend (file://, s3://) the only organisation is `organization`.
    this.stackName = stackName(contract.project, opts.env ?? sdk().getStack(), sdk().getOrganization());
    // The logical name is the stack name itself, so two consumers of the same stack share one URN shape.
    this.ref = new (sdk().StackReference)(this.stackName, { name: this.stackName }, { parent: opts.parent });
  }

  /**
   * A declared output, typed and validated. A missing output fails with the stack and output name and the
   * command that produces it; secret outputs stay secret even if the producer forgot to mark them.
   */
  output<K extends keyof C['outputs'] & string>(key: K): pulumi.Output<z.infer<C['outputs'][K]['schema']>> {
    const spec = this.contract.outputs[key];
    if (!spec) throw new Error(`Stack contract ${this.contract.project} declares no output "${key}"`);
    // Mark secret before validating: `apply` keeps secretness, and one chain means one rejection to surface.
    const raw = spec.secret ? sdk().secret(this.ref.getOutput(key)) : this.ref.getOutput(key);
    type Value = z.infer<C['outputs'][K]['schema']>;
    // `apply` lifts a returned Output (here: the unknown one), so the result is an Output<Value>.
    return raw.apply((value: unknown): pulumi.Input<Value> => {
      // Offline synth hands on upstream plan values: what the upstream plan did not know stays unknown here,
      // and a redacted secret cannot be validated (it is the marker, not the value).
      if (value === UNKNOWN_PLACEHOLDER) return unknownOutput();
      if (value === SECRET_PLACEHOLDER && spec.secret) return value as Value;
      if (value === SECRET_PLACEHOLDER) {
        // A marker is not a value: a consumer must never build on the literal text "[secret]".
        throw new Error(
          `Stack ${this.stackName} output "${key}" arrived redacted ("${SECRET_PLACEHOLDER}") although its contract declares ` +
            `it non-secret: the producer's plan hid it (a secret input with the same value?). Fix the producer so the ` +
            `output stays readable, or declare it secret in its contract (stacks/${this.contract.project}/contract/index.ts).`,
        );
      }
      if (value === undefined || value === null) {
        throw new Error(
          `Stack ${this.stackName} has no output "${key}". Deploy it first (npx nx run ${this.contract.project}:up) ` +
            `or synth it offline (npx nx run ${this.contract.project}:synth).`,
        );
      }
      const parsed = spec.schema.safeParse(value);
      if (!parsed.success) {
        // Never echo the value: it may be secret.
        throw new Error(
          `Stack ${this.stackName} output "${key}" does not match its contract: ${parsed.error.issues
            .map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`)
            .join('; ')}`,
        );
      }
      return parsed.data as Value;
    }) as pulumi.Output<Value>;
  }
}

/** Reads another stack (same environment unless `env` is given) through its contract. */
export function referenceStack<C extends StackContract>(
  contract: C,
  opts: { env?: string; parent?: pulumi.Resource } = {},
): TypedStackReference<C> {
  return new TypedStackReference(contract, opts);
}
