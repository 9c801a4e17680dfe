import type { SynthPlan } from '@sophia-ai/policy';
import { lambdaCosts } from './lambda';
import { portkeyCosts } from './portkey';
import { snowflakeCosts } from './snowflake';
import { HOURS_PER_MONTH, type PriceBook } from './prices';
import type { CostItem } from './types';

export type { CostItem, Service } from './types';
export { defaultPriceBook, lambdaPricesFromInstanceTypes, type PriceBook } from './prices';

export interface StackCost {
  items: CostItem[];
  /** Sum of the priced items. */
  usd: number;
  /** Items whose price is unknown: the total is then "at least". */
  unknown: number;
}

/** The estimated monthly cost of one plan (undefined plan: the stack does not exist on that side, $0). */
export function estimateStackCost(plan: SynthPlan | undefined, prices: PriceBook): StackCost {
  const items = plan ? [...lambdaCosts(plan, prices), ...snowflakeCosts(plan, prices), ...portkeyCosts(plan)] : [];
  return { items, usd: items.reduce((sum, i) => sum + (i.usd ?? 0), 0), unknown: items.filter((i) => i.usd === undefined).length };
}

/** The assumptions the cost line rests on, stated under it. */
export function costAssumptions(prices: PriceBook): string[] {
  return [
    `Monthly = ${HOURS_PER_MONTH} h. Lambda Labs: each instance runs all month at its hourly price from ${prices.lambdaSource}; persistent filesystems (billed by stored GB) are not included.`,
    `Snowflake: warehouse credits per hour by size (X-Small 1, Small 2, Medium 4, Large 8, … doubling; https://docs.snowflake.com/user-guide/warehouses-overview) × max clusters, running all month — auto-suspend only lowers this — capped by the assigned resource monitor's quota at its suspend threshold; $${prices.snowflakeCreditUsd}/credit (on-demand Enterprise, AWS US; set yours with --snowflake-credit-usd). Storage, serverless features (Snowpipe, tasks) and cloud services are not included.`,
    'Portkey: the cost budgets are the ceiling (workspace budget, or the sum of its providers\' budgets when lower); token budgets and per-key policies are not added. Model spend below the budget is not predicted.',
    'Stacks without priced resources (GitHub, ESC, Estuary) show —; a resource whose price is not known offline is counted as unknown, never as $0.',
  ];
}
