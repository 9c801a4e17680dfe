import type { SynthPlan } from '@sophia-ai/policy';
import { HOURS_PER_MONTH, type PriceBook } from './prices';
import type { CostItem } from './types';

const INSTANCE_TYPE = 'pulumi-nodejs:dynamic/lambda:Instance';

/** Each Lambda instance resource is one running instance, billed by the hour whether busy or idle. */
export function lambdaCosts(plan: SynthPlan, prices: PriceBook): CostItem[] {
  return plan.resources
    .filter((r) => r.type === INSTANCE_TYPE)
    .map((r) => {
      const type = r.inputs.instanceType;
      const item = { service: 'Lambda Labs' as const, resource: r.name };
      if (typeof type !== 'string' || type.startsWith('[')) return { ...item, basis: 'instance type not known offline' };
      const cents = prices.lambdaCentsPerHour[type];
      if (cents === undefined) return { ...item, basis: `no price for ${type} in ${prices.lambdaSource}` };
      return { ...item, usd: (cents / 100) * HOURS_PER_MONTH, basis: `${type} at $${(cents / 100).toFixed(2)}/h × ${HOURS_PER_MONTH} h` };
    });
}
