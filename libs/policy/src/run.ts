import type { PolicyRule, SynthPlan, Violation } from './plan';

/**
 * Runs every rule on the plan. A rule that throws is a broken rule, not a pass: it becomes an error-level
 * violation naming the rule, so a bug in a policy can never silently let a plan through.
 */
export function runPolicies(plan: SynthPlan, rules: readonly PolicyRule[]): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw new Error(`Duplicate policy rule id "${rule.id}"`);
    seen.add(rule.id);
    let found: Array<{ urn?: string; message: string }>;
    try {
      found = rule.check(plan);
    } catch (err) {
      violations.push({
        ruleId: rule.id,
        severity: 'error',
        message: `policy rule threw: ${err instanceof Error ? err.message : String(err)}`,
      });
      continue;
    }
    for (const { urn, message } of found) {
      violations.push({ ruleId: rule.id, severity: rule.severity, ...(urn ? { urn } : {}), message });
    }
  }
  return violations;
}

/** True when any violation must fail the run. */
export function hasErrors(violations: readonly Violation[]): boolean {
  return violations.some((v) => v.severity === 'error');
}

/** One line per violation, errors first: `error   no-public-ssh  <urn>: message`. */
export function formatViolations(violations: readonly Violation[]): string {
  const order = (v: Violation) => (v.severity === 'error' ? 0 : 1);
  return [...violations]
    .sort((a, b) => order(a) - order(b) || a.ruleId.localeCompare(b.ruleId))
    .map((v) => `${v.severity.padEnd(7)} ${v.ruleId}  ${v.urn ? `${v.urn}: ` : ''}${v.message}`)
    .join('\n');
}

/** Helper for rules: the resources of one type. */
export function resourcesOfType(plan: SynthPlan, ...types: readonly string[]) {
  return plan.resources.filter((r) => types.includes(r.type));
}
