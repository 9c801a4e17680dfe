import type { PlanResource, SynthPlan } from '@sophia-ai/policy';
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from '@sophia-ai/redact';
import type { OutputValue } from './mock-runtime';
import type { RecordedResource } from './recorder';
import { collectLeafStrings, collectSecretStrings, redact } from './redact';

/**
 * Recorded resources (and stack outputs) as a synth plan — what `nx run <stack>:synth` writes and what policy
 * rules read; stack tests use it to run their rules on a mock run. Builds the plan with a fixed key order and resources sorted by URN, so two synths of the same code produce
 * byte-identical files and a PR diff shows only real changes.
 */
export function buildPlan(args: {
  stack: string;
  project: string;
  env: string;
  resources: readonly RecordedResource[];
  outputs?: Record<string, OutputValue<unknown>>;
}): SynthPlan {
  const resources: PlanResource[] = [...args.resources]
    .sort((a, b) => a.urn.localeCompare(b.urn))
    .map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      ...(r.parent ? { parent: r.parent } : {}),
      custom: r.custom,
      ...(r.provider ? { provider: r.provider } : {}),
      dependencies: [...new Set(r.dependencies)].sort(),
      inputs: redact(r.inputs) as Record<string, unknown>,
    }));
  const outputs: Record<string, unknown> = {};
  const secretOutputNames: string[] = [];
  const given = args.outputs ?? {};
  for (const key of Object.keys(given).sort()) {
    const o = given[key];
    if (o.isSecret) secretOutputNames.push(key);
    outputs[key] = o.isSecret ? SECRET_PLACEHOLDER : o.isKnown ? redact(o.value) : UNKNOWN_PLACEHOLDER;
  }
  return {
    stack: args.stack,
    project: args.project,
    env: args.env,
    resources,
    outputs,
    secretOutputNames,
    violations: [],
  };
}

/** Every secret value the run saw (resource inputs, secret outputs): scrubbed from anything we write or print. */
export function secretValues(
  resources: readonly RecordedResource[],
  outputs: Record<string, OutputValue<unknown>>,
): Set<string> {
  const found = new Set<string>();
  for (const r of resources) collectSecretStrings(r.inputs, found);
  for (const o of Object.values(outputs)) {
    if (o.isSecret) collectLeafStrings(o.value, found);
  }
  found.delete(SECRET_PLACEHOLDER);
  return found;
}
