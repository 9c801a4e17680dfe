import { costAssumptions, estimateStackCost, type PriceBook, type StackCost } from './cost';
import { diffPlanSets, type PlanSet, type StackDiff } from './diff';
import type { Decision } from './provider-diff';

/** Everything the PR comment's first section shows, as data (`--json` writes this). */
export interface PlanDiffReport {
  base: string;
  head: string;
  env: string;
  stacks: Array<StackDiff & { cost: { before: StackCost; after: StackCost } }>;
  cost: { before: Total; after: Total };
  assumptions: string[];
}

export interface Total {
  usd: number;
  /** Items whose price is unknown (the total is then a lower bound). */
  unknown: number;
  /** False when no stack on this side has a priced resource. */
  priced: boolean;
}

export function buildReport(args: { base: PlanSet; head: PlanSet; baseRef: string; headRef: string; env: string; prices: PriceBook; decisions?: ReadonlyMap<string, Decision> }): PlanDiffReport {
  const stacks = diffPlanSets(args.base, args.head, args.env, args.decisions).map((d) => ({
    ...d,
    cost: { before: estimateStackCost(args.base.plans.get(d.stack), args.prices), after: estimateStackCost(args.head.plans.get(d.stack), args.prices) },
  }));
  const total = (side: 'before' | 'after'): Total => ({
    usd: stacks.reduce((s, d) => s + d.cost[side].usd, 0),
    unknown: stacks.reduce((s, d) => s + d.cost[side].unknown, 0),
    priced: stacks.some((d) => d.cost[side].items.length > 0),
  });
  return { base: args.baseRef, head: args.headRef, env: args.env, stacks, cost: { before: total('before'), after: total('after') }, assumptions: costAssumptions(args.prices) };
}
