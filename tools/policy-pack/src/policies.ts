import type { EnforcementLevel, StackValidationPolicy } from '@pulumi/policy';
import { runPolicies, type PolicyRule, type Severity, type SynthPlan, type Violation } from '@sophia-ai/policy';
import { planFromResources, type AnalyzedResource } from './adapter';
import type { RuleSet } from './rule-sets';

/** `error` stops the preview or update (as it fails synth); `warning` is reported only. */
export const ENFORCEMENT: Record<Severity, EnforcementLevel> = { error: 'mandatory', warning: 'advisory' };

/**
 * A rule's verdict on one stack. Every rule runs on every stack: rules are written over resource types, so a
 * rule finds nothing where its types are absent, and a hand-written resource in another stack is held to it too.
 * A finding that names no resource is about the declaring stack's own settings (github's webhook URLs), so it
 * counts on that stack only.
 */
export function violationsOf(set: RuleSet, rule: PolicyRule, plan: SynthPlan): Violation[] {
  return runPolicies(plan, [rule]).filter((v) => v.urn !== undefined || plan.project === set.project);
}

/** One stack policy per rule: name = rule id, enforcement from its severity, verdicts from the rule's own code. */
export function policiesFor(sets: readonly RuleSet[]): StackValidationPolicy[] {
  const seen = new Map<string, string>();
  return sets.flatMap((set) =>
    set.rules.map((rule): StackValidationPolicy => {
      const other = seen.get(rule.id);
      if (other) throw new Error(`policy rule id "${rule.id}" is declared by ${other} and ${set.file}: rule ids must be unique across stacks`);
      seen.set(rule.id, set.file);
      return {
        name: rule.id,
        description: rule.description,
        enforcementLevel: ENFORCEMENT[rule.severity],
        validateStack: (args, report) => {
          // @pulumi/policy decodes the stack afresh for each policy, so each builds its own plan (cheap).
          const plan = planFromResources(args.resources as unknown as readonly AnalyzedResource[]);
          for (const v of violationsOf(set, rule, plan)) report(v.message, v.urn);
        },
      };
    }),
  );
}
