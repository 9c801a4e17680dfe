import type { PlanResource, SynthPlan } from '@sophia-ai/policy';
import { HOURS_PER_MONTH } from './prices';
import type { CostItem } from './types';

const WORKSPACE = 'pulumi-nodejs:dynamic/portkey:Workspace';
const PROVIDER = 'pulumi-nodejs:dynamic/portkey:Provider';

/**
 * Portkey bills the model providers' usage through budgets: a cost budget (`usageLimit`, type `cost`, US dollars)
 * stops requests at its credit limit, so it is the ceiling. A workspace's ceiling is the lower of its own budget
 * and the sum of its providers' budgets (when every provider has one). Token budgets are not dollars; per-key
 * usage-limit policies sit inside the workspace's ceiling and are not added.
 */
export function portkeyCosts(plan: SynthPlan): CostItem[] {
  const providers = plan.resources.filter((r) => r.type === PROVIDER);
  const workspaces = plan.resources.filter((r) => r.type === WORKSPACE);
  const inWorkspace = (ws: PlanResource) => providers.filter((p) => p.dependencies.includes(ws.urn));
  const items = workspaces.flatMap((ws) => {
    const own = monthlyBudget(ws.inputs.usageLimit);
    const members = inWorkspace(ws);
    if (!own && members.length === 0) return []; // nothing in this stack can spend through it
    const budgets = members.map((p) => ({ name: p.name, budget: monthlyBudget(p.inputs.usageLimit) }));
    const allBudgeted = budgets.every((b) => b.budget);
    const sum = allBudgeted && budgets.length > 0 ? budgets.reduce((s, b) => s + b.budget!.usd, 0) : undefined;
    const resource = String(ws.inputs.name ?? ws.name);
    if (!own && sum === undefined) {
      const open = budgets.filter((b) => !b.budget).map((b) => b.name);
      return [{ service: 'Portkey' as const, resource, basis: `no cost budget on the workspace nor on ${open.join(', ')}` }];
    }
    const useOwn = own && (sum === undefined || own.usd <= sum);
    const basis = useOwn ? `workspace budget ${own!.basis}` : `sum of its providers' budgets (${budgets.map((b) => `${b.name} ${b.budget!.basis}`).join(' + ')})`;
    return [{ service: 'Portkey' as const, resource, usd: useOwn ? own!.usd : sum!, basis }];
  });
  // A provider outside every workspace of the plan is its own ceiling.
  for (const p of providers.filter((p) => !workspaces.some((ws) => p.dependencies.includes(ws.urn)))) {
    const b = monthlyBudget(p.inputs.usageLimit);
    items.push({ service: 'Portkey', resource: p.name, ...(b ? { usd: b.usd, basis: `provider budget ${b.basis}` } : { basis: 'no cost budget' }) });
  }
  return items;
}

/** A cost budget's monthly ceiling: weekly resets allow 730/168 of it a month; no reset, at most the limit once. */
function monthlyBudget(limit: unknown): { usd: number; basis: string } | undefined {
  const u = limit as { type?: unknown; creditLimit?: unknown; periodicReset?: unknown } | undefined;
  if (!u || typeof u !== 'object' || (u.type ?? 'cost') !== 'cost' || typeof u.creditLimit !== 'number') return undefined;
  if (u.periodicReset === 'weekly') return { usd: (u.creditLimit * HOURS_PER_MONTH) / 168, basis: `$${u.creditLimit}/week` };
  return { usd: u.creditLimit, basis: u.periodicReset === 'monthly' ? `$${u.creditLimit}/month` : `$${u.creditLimit} (no reset)` };
}
