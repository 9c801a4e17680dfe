import type { SynthPlan } from '@sophia-ai/policy';
import { buildPlan } from '@sophia-ai/pulumi-testing/src/plan';
import type { RecordedResource } from '@sophia-ai/pulumi-testing/src/recorder';

/** What the adapter reads of @pulumi/policy's `PolicyResource` (props already decoded as plans: see wire.ts). */
export interface AnalyzedResource {
  type: string;
  urn: string;
  name: string;
  props: Record<string, unknown>;
  parent?: { urn: string };
  dependencies: ReadonlyArray<{ urn: string }>;
  provider?: { urn: string; name: string };
}

const STACK_TYPE = 'pulumi:pulumi:Stack';

/** `urn:pulumi:<stack>::<project>::<type>::<name>` → stack and project. */
function stackOf(urn: string): { stack: string; project: string } {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  if (!m) throw new Error(`not a Pulumi URN: ${urn}`);
  return { stack: m[1]!, project: m[2]! };
}

const isProvider = (r: { type: string }) => r.type.startsWith('pulumi:providers:');
/** Default providers (`default`, `default_4_2_0`) are the engine's, not the program's: a plan shows none. */
const isExplicitProvider = (p: { name: string }) => !/^default(_|$)/.test(p.name);

/**
 * The engine's view of a stack (the resources `validateStack` gets) as the synth plan of that stack, built by
 * the function synth uses, so a rule sees the same shape offline and on the real engine. Two differences, read
 * by no rule: outputs are not part of what the analyzer receives (the plan has none), and an explicit provider
 * is named by its URN (synth's `<urn>::<id>`: a preview has no id yet).
 */
export function planFromResources(resources: readonly AnalyzedResource[]): SynthPlan {
  const root = resources.find((r) => r.type === STACK_TYPE) ?? resources[0];
  const { stack, project } = root ? stackOf(root.urn) : { stack: 'unknown', project: 'unknown' };
  const recorded: RecordedResource[] = resources
    // The engine's default providers are not the program's: synth's plan has none. Explicit ones it has.
    .filter((r) => !(isProvider(r) && !isExplicitProvider(r)))
    .map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      ...(r.parent ? { parent: r.parent.urn } : {}),
      dependencies: r.dependencies.map((d) => d.urn),
      propertyDependencies: {},
      inputs: r.props,
      // The analyzer does not say; a custom resource is a provider or has one.
      custom: isProvider(r) || r.provider !== undefined,
      ...(r.provider && isExplicitProvider(r.provider) ? { provider: r.provider.urn } : {}),
      operation: 'register',
    }));
  return buildPlan({ stack: project, project, env: stack, resources: recorded });
}
