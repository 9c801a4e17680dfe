import type { PlanResource, SynthPlan } from '@sophia-ai/policy';

/** Small synth plans for the table tests: URNs built the way the mock monitor builds them. */
export function resource(stack: string, type: string, name: string, inputs: Record<string, unknown> = {}, extra: Partial<PlanResource> = {}): PlanResource {
  return { urn: `urn:pulumi:local::${stack}::${type}::${name}`, type, name, custom: true, dependencies: [], inputs, ...extra };
}

export function plan(stack: string, resources: PlanResource[], outputs: Record<string, unknown> = {}): SynthPlan {
  return { stack, project: stack, env: 'local', resources, outputs, secretOutputNames: [], violations: [] };
}
