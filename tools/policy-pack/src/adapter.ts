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

/** Default providers (`default`, `default_4_2_0`) are the engine's, not the program's: a plan shows none. */
const isExplicitProvider = (p: { name: string }) => !/^default(_|$)/.test(p.name);

/**
 * The engine's view of a stack (the resources `validateStack` gets) as the synth plan of that stack, built by
 * the function synth uses, so a rule sees the same shape offline and on the real engine. Outputs are not part
 * of what the analyzer receives: the plan has none (no rule reads them).
 */
export function planFromResources(resources: readonly AnalyzedResource[]): SynthPlan {
  const root = resources.find((r) => r.type === STACK_TYPE) ?? resources[0];
  const { stack, project } = root ? stackOf(root.urn) : { stack: 'unknown', project: 'unknown' };
  const recorded: RecordedResource[] = resources
    .filter((r) => !r.type.startsWith('pulumi:providers:'))
    .map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      ...(r.parent ? { parent: r.parent.urn } : {}),
      dependencies: r.dependencies.map((d) => d.urn),
      propertyDependencies: {},
      inputs: r.props,
      // The analyzer does not say; a custom resource is the one with a provider.
      custom: r.provider !== undefined,
      ...(r.provider && isExplicitProvider(r.provider) ? { provider: r.provider.urn } : {}),
      operation: 'register',
    }));
  return buildPlan({ stack: project, project, env: stack, resources: recorded });
}
