/** The stack's camelCase budgets and rate limits ↔ the API's snake_case objects (pure). */
import { PORTKEY_LIMITS, usageLimitProblem, type RateLimit, type UsageLimit } from '@sophia-ai/portkey-config';

export interface ApiUsageLimits {
  type: string;
  credit_limit: number;
  alert_threshold?: number | null;
  periodic_reset?: string | null;
}

export const toApiUsageLimits = (u: UsageLimit | undefined): ApiUsageLimits | null =>
  u ? { type: u.type, credit_limit: u.creditLimit, alert_threshold: u.alertThreshold ?? null, periodic_reset: u.periodicReset ?? null } : null;

/** The API may answer `10.0` for 10 (the Terraform provider reads floats): numbers are kept as numbers. */
export const fromApiUsageLimits = (u: ApiUsageLimits | null | undefined): UsageLimit | undefined =>
  u && typeof u.credit_limit === 'number'
    ? (Object.fromEntries(
        Object.entries({ type: u.type ?? 'cost', creditLimit: u.credit_limit, alertThreshold: u.alert_threshold ?? undefined, periodicReset: u.periodic_reset ?? undefined }).filter(([, v]) => v !== undefined),
      ) as UsageLimit)
    : undefined;

export const fromApiRateLimits = (r: RateLimit[] | RateLimit | null | undefined): RateLimit[] => (Array.isArray(r) ? r : r ? [r] : []).map(({ type, unit, value }) => ({ type, unit, value }));

/** What the API would refuse in a budget or rate limits, as check failures on `property`. */
export function limitFailures(usageLimit: unknown, rateLimits: unknown): Array<{ property: string; reason: string }> {
  const failures: Array<{ property: string; reason: string }> = [];
  if (usageLimit !== undefined && usageLimit !== null) {
    const u = usageLimit as Partial<UsageLimit>;
    if (!(PORTKEY_LIMITS.usageTypes as readonly unknown[]).includes(u.type)) failures.push({ property: 'usageLimit', reason: `usageLimit.type must be one of ${PORTKEY_LIMITS.usageTypes.join(', ')}` });
    else if (!Number.isInteger(u.creditLimit) || (u.alertThreshold !== undefined && !Number.isInteger(u.alertThreshold))) failures.push({ property: 'usageLimit', reason: 'usageLimit.creditLimit and alertThreshold must be whole numbers' });
    else {
      const problem = usageLimitProblem(u as UsageLimit);
      if (problem) failures.push({ property: 'usageLimit', reason: `usageLimit: ${problem}` });
    }
  }
  if (rateLimits !== undefined && !Array.isArray(rateLimits)) failures.push({ property: 'rateLimits', reason: 'rateLimits must be a list' });
  for (const [i, r] of (Array.isArray(rateLimits) ? (rateLimits as RateLimit[]) : []).entries()) {
    if (!(PORTKEY_LIMITS.rateLimitUnits as readonly unknown[]).includes(r?.unit) || !(PORTKEY_LIMITS.rateLimitTypes as readonly unknown[]).includes(r?.type) || !Number.isInteger(r?.value) || r.value < 1) {
      failures.push({ property: 'rateLimits', reason: `rateLimits[${i}] must be {type: ${PORTKEY_LIMITS.rateLimitTypes.join('|')}, unit: ${PORTKEY_LIMITS.rateLimitUnits.join('|')}, value ≥ 1}` });
    }
  }
  return failures;
}
