import * as pulumi from '@pulumi/pulumi';
import { installRecorder, type RecordedResource, type RecorderState } from './recorder';
import { SECRET_SIG, SIG_KEY, waitForRPCs } from './sdk-internals';
import { outputValue } from './outputs';
import { DIY_ORGANIZATION } from '@sophia-ai/stack-refs/src/naming';

export const STACK_REFERENCE_TYPE = 'pulumi:pulumi:StackReference';


export interface MockRuntimeOptions {
  project: string;
  stack: string;
  organization?: string;
  /** Full keys, `'<project>:<key>'`; values are strings exactly as the engine passes them (objects JSON-encoded). */
  config?: Record<string, string>;
  /** Full keys of `config` entries that are secret (`Config.getSecret` etc. return secret Outputs for them). */
  secretKeys?: string[];
  /** Outputs of upstream stacks by fully qualified stack name (`sophia-ai/<project>/<env>`). */
  stackOutputs?: Record<string, Record<string, unknown>>;
  /** Which of those outputs are secret, by stack name. */
  secretStackOutputs?: Record<string, string[]>;
  /**
   * Called for a referenced stack that is not in `stackOutputs` (e.g. to load it from a file on demand). Throw to
   * fail the reference with your message; return undefined for the default "unknown stack" error.
   */
  resolveStackReference?: (stackName: string) => { outputs: Record<string, unknown>; secretOutputNames?: string[] } | undefined;
  /** Run as a preview (unset resource outputs become unknown). Default false. */
  preview?: boolean;
  /** Extra outputs for a resource beyond its inputs (state = { ...inputs, ...result }). */
  resourceOutputs?: (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown> | undefined;
  /** Results of provider functions by token; unlisted invokes return their arguments. */
  invokes?: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>;
}

export interface MockRuntime {
  readonly project: string;
  readonly stack: string;
  readonly organization: string;
  /** Every registered/read resource, in the order the mock answered them. */
  readonly resources: readonly RecordedResource[];
  /** Waits until registrations stop arriving and all RPCs answered; rejects with the first mock error. */
  settle(): Promise<void>;
  /**
   * Runs `program` as the engine does (inside the root `pulumi:pulumi:Stack` component, so top-level resources
   * get it as parent), settles, and returns each export with its secretness.
   */
  runStack(program: () => unknown): Promise<Record<string, OutputValue<unknown>>>;
}

export interface OutputValue<T> {
  value: T | undefined;
  isSecret: boolean;
  isKnown: boolean;
}

/**
 * Installs the SDK mocks with a recorder, sets config and returns a handle. Await it BEFORE importing the
 * program or component module: the SDK reads the monitor and config when resources are constructed, and a
 * module that builds resources at import time would otherwise talk to no engine at all.
 */
export async function startMockRuntime(options: MockRuntimeOptions): Promise<MockRuntime> {
  const organization = options.organization ?? DIY_ORGANIZATION;
  const state: RecorderState = { resources: [], errors: [], activity: 0 };
  const stackOutputs = options.stackOutputs ?? {};
  const secretOutputs = options.secretStackOutputs ?? {};

  const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
      if (args.type === STACK_REFERENCE_TYPE) {
        const name = String(args.inputs.name ?? args.id ?? args.name);
        const resolved = stackOutputs[name]
          ? { outputs: stackOutputs[name], secretOutputNames: secretOutputs[name] }
          : options.resolveStackReference?.(name);
        if (!resolved) {
          const known = Object.keys(stackOutputs);
          throw new Error(
            `StackReference to unknown stack "${name}" (known: ${known.length ? known.join(', ') : 'none'})`,
          );
        }
        const { outputs } = resolved;
        const secret = resolved.secretOutputNames ?? [];
        // Upstream secrets go out in the SDK's wire form, so both `ref.getOutput(k)` and `ref.outputs` are
        // secret, as with the real engine.
        const encoded: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(outputs)) {
          encoded[key] = secret.includes(key) ? { [SIG_KEY]: SECRET_SIG, value } : value;
        }
        return { id: name, state: { name, outputs: encoded, secretOutputNames: [...secret] } };
      }
      // Deterministic ids make recorded plans diff cleanly between runs.
      return { id: `${args.name}-id`, state: { ...args.inputs, ...(options.resourceOutputs?.(args) ?? {}) } };
    },
    call(args) {
      const handler = options.invokes?.[args.token];
      return handler ? handler(args.inputs) : args.inputs;
    },
  };

  await pulumi.runtime.setMocks(mocks, options.project, options.stack, options.preview ?? false, organization);
  installRecorder(state);
  pulumi.runtime.setAllConfig(options.config ?? {}, options.secretKeys ?? []);

  const settle = async (): Promise<void> => {
    // Registrations can start on later turns (apply callbacks, component initializers), so wait until a full
    // round of RPC draining plus an event-loop turn sees no new activity.
    let seen = -1;
    while (seen !== state.activity) {
      seen = state.activity;
      await waitForRPCs();
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (state.errors.length > 0) throw state.errors[0];
  };

  return {
    project: options.project,
    stack: options.stack,
    organization,
    resources: state.resources,
    settle,
    async runStack(program) {
      let exported: unknown;
      const done = pulumi.runtime.runInPulumiStack(async () => {
        // Same rule as the engine: an exported function is called and its result awaited.
        const result = await program();
        exported = typeof result === 'function' ? await (result as () => unknown)() : result;
        return exported as Record<string, unknown> | undefined;
      });
      await done;
      await settle();
      const outputs: Record<string, OutputValue<unknown>> = {};
      if (exported && typeof exported === 'object') {
        for (const [key, value] of Object.entries(exported)) {
          if (value === undefined) continue; // the engine drops undefined exports too
          outputs[key] = await outputValue(exportable(value));
        }
      }
      return outputs;
    },
  };
}

/** The engine exports a Resource as its properties; we keep just its identity (urn, id) to stay readable. */
function exportable(value: unknown): pulumi.Input<unknown> {
  if (pulumi.CustomResource.isInstance(value)) return { urn: value.urn, id: value.id };
  if (pulumi.Resource.isInstance(value)) return { urn: value.urn };
  return value as pulumi.Input<unknown>;
}
