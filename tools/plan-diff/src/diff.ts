import type { PlanResource, SynthPlan, Violation } from '@sophia-ai/policy';
import { diffInputs, type InputChange } from './input-changes';
import type { Decision } from './provider-diff';

/*
 * The offline plan diff: two sets of synth plans (the PR's base and head) compared per stack, the way a preview
 * would group them. Pure: plans in, a structure out; rendering is render.ts.
 */

export type ResourceAction = 'create' | 'delete' | 'update' | 'replace';

export interface ResourceChange {
  urn: string;
  type: string;
  name: string;
  action: ResourceAction;
  /** Changed input paths (update/replace); secrets only as changed. */
  inputs: InputChange[];
  /** Why this is a replace (`provider changed`, `any input change replaces random:* resources`). */
  replaceReason?: string;
  /** An update whose provider may still decide to replace (its diff could not be asked offline). */
  replacePossible?: boolean;
}

export type StackStatus = 'added' | 'removed' | 'changed' | 'unchanged' | 'failed';

export interface StackDiff {
  /** Pulumi project name (= folder under stacks/). */
  stack: string;
  env: string;
  status: StackStatus;
  /** For `failed`: which side has no plan and why (from the runner). */
  failure?: string;
  resources: ResourceChange[];
  counts: { create: number; update: number; delete: number; replace: number; unchanged: number };
  outputs: InputChange[];
  /** Secret inputs neither plan fingerprinted (a side synthesised without a key, e.g. an older base). */
  uncomparedSecrets: number;
  /** The head plan's policy violations (errors fail its synth; warnings are reported only). */
  violations: Violation[];
}

export interface PlanSet {
  /** Plans by Pulumi project name. */
  plans: Map<string, SynthPlan>;
  /** Stacks that exist on this side but have no plan (synth failed), with the reason. */
  failures: Map<string, string>;
}

/** Types whose every input change replaces (their providers mark all inputs ForceNew). */
const REPLACE_ON_ANY_CHANGE: Array<[RegExp, string]> = [
  [/^random:/, 'every input of a random:* resource forces a new one'],
  [/^tls:/, 'every input of a tls:* resource forces a new key'],
];

/**
 * Every stack of either side, compared. `decisions`: what the head's dynamic providers' own `diff` said about a
 * changed resource (by URN, see provider-diff/), which settles update vs replace where it is known.
 */
export function diffPlanSets(base: PlanSet, head: PlanSet, env: string, decisions: ReadonlyMap<string, Decision> = new Map()): StackDiff[] {
  const names = [...new Set([...base.plans.keys(), ...head.plans.keys(), ...base.failures.keys(), ...head.failures.keys()])].sort();
  return names.map((stack) => {
    const failure = head.failures.get(stack) ?? base.failures.get(stack);
    if (failure !== undefined) {
      const side = head.failures.has(stack) ? 'head' : 'base';
      return { ...emptyDiff(stack, env, 'failed'), failure: `synth failed on the ${side}: ${failure}` };
    }
    return diffStack(stack, env, base.plans.get(stack), head.plans.get(stack), decisions);
  });
}

/** One stack's diff; a missing side means the stack is added (no base) or removed (no head) by the change. */
export function diffStack(stack: string, env: string, base: SynthPlan | undefined, head: SynthPlan | undefined, decisions: ReadonlyMap<string, Decision> = new Map()): StackDiff {
  const before = byUrn(base?.resources ?? []);
  const after = byUrn(head?.resources ?? []);
  const diff = emptyDiff(stack, env, !base ? 'added' : !head ? 'removed' : 'unchanged');
  diff.violations = head?.violations ?? [];
  for (const urn of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const change = diffResource(before.get(urn), after.get(urn), decisions.get(urn));
    diff.uncomparedSecrets += change.uncomparedSecrets;
    if (!change.resource) diff.counts.unchanged++;
    else {
      diff.resources.push(change.resource);
      diff.counts[change.resource.action]++;
    }
  }
  const outputs = diffInputs(base?.outputs ?? {}, head?.outputs ?? {});
  diff.outputs = outputs.changes;
  if (diff.status === 'unchanged' && (diff.resources.length > 0 || diff.outputs.length > 0)) diff.status = 'changed';
  return diff;
}

function diffResource(a: PlanResource | undefined, b: PlanResource | undefined, decision: Decision | undefined): { resource?: ResourceChange; uncomparedSecrets: number } {
  const r = (b ?? a)!;
  const base = { urn: r.urn, type: r.type, name: r.name };
  if (!a) return { resource: { ...base, action: 'create', inputs: [] }, uncomparedSecrets: 0 };
  if (!b) return { resource: { ...base, action: 'delete', inputs: [] }, uncomparedSecrets: 0 };
  const { changes, uncomparedSecrets } = diffInputs(a.inputs, b.inputs);
  const moved = identityChange(a, b);
  const counted = uncomparedSecrets.length;
  if (moved) return { resource: { ...base, action: 'replace', inputs: changes, replaceReason: moved }, uncomparedSecrets: counted };
  if (changes.length === 0) return { uncomparedSecrets: counted };
  const always = REPLACE_ON_ANY_CHANGE.find(([pattern]) => pattern.test(b.type));
  if (always) return { resource: { ...base, action: 'replace', inputs: changes, replaceReason: always[1] }, uncomparedSecrets: counted };
  // A dynamic provider's own diff, asked offline (provider-diff/), says which changed properties replace.
  if (decision && !('error' in decision)) {
    // A secret one side left unfingerprinted looks changed to the provider; it is not known to be.
    const replaces = decision.replaces.filter((p) => !uncomparedSecrets.includes(p));
    return replaces.length > 0
      ? { resource: { ...base, action: 'replace', inputs: changes, replaceReason: `its provider replaces on ${replaces.join(', ')}` }, uncomparedSecrets: counted }
      : { resource: { ...base, action: 'update', inputs: changes, ...(decision.replaces.length > 0 ? { replacePossible: true } : {}) }, uncomparedSecrets: counted };
  }
  // Components own no cloud object: a change of their inputs replaces nothing. Any other custom resource's
  // provider decides update vs replace (bridged providers: their schema's ForceNew fields), which the plan does
  // not record: say so rather than guess.
  return { resource: { ...base, action: 'update', inputs: changes, ...(b.custom ? { replacePossible: true } : {}) }, uncomparedSecrets: counted };
}

/** Same URN but another type, provider or parent: the engine deletes the old resource and creates a new one. */
function identityChange(a: PlanResource, b: PlanResource): string | undefined {
  if (a.type !== b.type) return `type changed (${a.type} → ${b.type})`;
  if ((a.provider ?? '') !== (b.provider ?? '')) return 'provider changed';
  if ((a.parent ?? '') !== (b.parent ?? '')) return 'parent changed';
  return undefined;
}

const byUrn = (resources: readonly PlanResource[]) => new Map(resources.map((r) => [r.urn, r]));

function emptyDiff(stack: string, env: string, status: StackStatus): StackDiff {
  return { stack, env, status, resources: [], counts: { create: 0, update: 0, delete: 0, replace: 0, unchanged: 0 }, outputs: [], uncomparedSecrets: 0, violations: [] };
}
