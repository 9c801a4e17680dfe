import * as pulumi from '@pulumi/pulumi';
import { dynamicProvider } from './loader';
import { STATE_VERSION_KEY } from './runtime/state';

/** One resource kind as the program declares it; the runtime side is the module's `kind` export. */
export interface KindDefinition {
  /** Package id of the runtime module, e.g. `@sophia-ai/lambda-labs/src/providers/runtime`. */
  runtime: string;
  /** Export of the runtime module holding this kind's KindRuntime, e.g. `sshKey`. */
  kind: string;
  /** Type token `<module>:<Type>`: the URN type becomes `pulumi-nodejs:dynamic/<module>:<Type>`. */
  type: `${string}:${string}`;
  /** Output-only properties (declared so their outputs exist before create); the state version is added. */
  outputs: readonly string[];
  /** Inputs that are credentials: passed as secrets and kept secret in the outputs (default `['apiKey']`). */
  secrets?: readonly string[];
}

export interface ResourceKind extends Required<KindDefinition> {
  readonly provider: pulumi.dynamic.ResourceProvider;
}

/** A kind with its serialized provider (made once per kind). */
export function defineKind(def: KindDefinition): ResourceKind {
  return { secrets: ['apiKey'], ...def, provider: dynamicProvider(def.runtime, def.kind) };
}

/** Options keeping `secrets` secret in the outputs too (the engine would otherwise store them in plain text). */
export function secretOpts(opts: pulumi.CustomResourceOptions | undefined, secrets: readonly string[] = ['apiKey']): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] };
}

/**
 * Base of every dynamic resource: the kind's provider and type token, credentials wrapped as secrets in and
 * out, output-only properties and the state version declared. Subclasses declare their outputs' types only.
 */
export abstract class DynamicResource extends pulumi.dynamic.Resource {
  constructor(kind: ResourceKind, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = { ...args };
    for (const key of kind.secrets) if (props[key] !== undefined) props[key] = pulumi.secret(props[key]);
    for (const key of [...kind.outputs, STATE_VERSION_KEY]) props[key] = undefined;
    const [module, type] = kind.type.split(':');
    super(kind.provider, name, props, secretOpts(opts, kind.secrets), module, type);
  }
}
