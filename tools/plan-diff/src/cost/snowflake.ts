import type { PlanResource, SynthPlan } from '@sophia-ai/policy';
import { HOURS_PER_MONTH, SNOWFLAKE_CREDITS_PER_HOUR, type PriceBook } from './prices';
import type { CostItem } from './types';

const WAREHOUSE = 'snowflake:index/warehouse:Warehouse';
const MONITOR = 'snowflake:index/resourceMonitor:ResourceMonitor';

/** A month holds this many of each resource-monitor interval (FREQUENCY); YEARLY/NEVER quotas can be spent at most once a month. */
const INTERVALS_PER_MONTH: Record<string, number> = { MONTHLY: 1, DAILY: HOURS_PER_MONTH / 24, WEEKLY: HOURS_PER_MONTH / 168, YEARLY: 1, NEVER: 1 };

/**
 * Warehouses bill credits per second while running. The ceiling is a warehouse running all month (auto-suspend
 * only lowers the real figure), capped by the resource monitor it is assigned to when that monitor suspends it.
 * Warehouses sharing a monitor share its cap, so they are priced together.
 */
export function snowflakeCosts(plan: SynthPlan, prices: PriceBook): CostItem[] {
  const monitors = new Map(plan.resources.filter((r) => r.type === MONITOR).map((m) => [String(m.inputs.name), m]));
  const groups = new Map<string, PlanResource[]>();
  for (const wh of plan.resources.filter((r) => r.type === WAREHOUSE)) {
    const monitor = typeof wh.inputs.resourceMonitor === 'string' && monitors.has(wh.inputs.resourceMonitor) ? wh.inputs.resourceMonitor : `\0${wh.urn}`;
    groups.set(monitor, [...(groups.get(monitor) ?? []), wh]);
  }
  return [...groups].map(([monitorName, warehouses]) => {
    const runs = warehouses.map(alwaysOnCredits);
    const cap = monitorCap(monitors.get(monitorName));
    const resource = warehouses.map((w) => String(w.inputs.name ?? w.name)).join(', ');
    const unknown = runs.find((r) => r.credits === undefined);
    const running = unknown ? undefined : runs.reduce((sum, r) => sum + r.credits!, 0);
    const how = runs.map((r) => r.basis).join(' + ');
    if (running === undefined && !cap) return { service: 'Snowflake' as const, resource, basis: `${how}; no resource monitor caps it` };
    const credits = cap && (running === undefined || cap.credits < running) ? cap.credits : running!;
    const capped = cap && credits === cap.credits ? `, capped by ${monitorName} at ${round(cap.credits)} credits (${cap.basis})` : cap ? ` (under ${monitorName}'s cap of ${round(cap.credits)})` : ', no resource monitor';
    return { service: 'Snowflake' as const, resource, usd: credits * prices.snowflakeCreditUsd, basis: `${how}${capped} × $${prices.snowflakeCreditUsd}/credit` };
  });
}

function alwaysOnCredits(wh: PlanResource): { credits?: number; basis: string } {
  const name = String(wh.inputs.name ?? wh.name);
  const type = String(wh.inputs.warehouseType ?? 'STANDARD').toUpperCase();
  if (type !== 'STANDARD') return { basis: `${name}: ${type} warehouse credits are not modelled` };
  const constraint = wh.inputs.resourceConstraint;
  if (constraint !== undefined && constraint !== 'STANDARD_GEN_1') return { basis: `${name}: ${String(constraint)} credits are not modelled` };
  const size = normalizeSize(wh.inputs.warehouseSize ?? 'XSMALL'); // CREATE WAREHOUSE's default size
  const perHour = size ? SNOWFLAKE_CREDITS_PER_HOUR[size] : undefined;
  if (perHour === undefined) return { basis: `${name}: size ${String(wh.inputs.warehouseSize)} not known offline` };
  const clusters = typeof wh.inputs.maxClusterCount === 'number' ? wh.inputs.maxClusterCount : 1;
  const credits = perHour * clusters * HOURS_PER_MONTH;
  return { credits, basis: `${name} ${size} ${perHour} credit/h${clusters > 1 ? ` × ${clusters} clusters` : ''} × ${HOURS_PER_MONTH} h = ${round(credits)} credits` };
}

/** The credits a monitor lets its warehouses use in a month: quota × intervals × the suspend threshold. */
function monitorCap(monitor: PlanResource | undefined): { credits: number; basis: string } | undefined {
  if (!monitor) return undefined;
  const { creditQuota: quota, frequency, suspendImmediateTrigger: immediate, suspendTrigger: suspend } = monitor.inputs;
  const percent = typeof immediate === 'number' ? immediate : typeof suspend === 'number' ? suspend : undefined;
  const intervals = INTERVALS_PER_MONTH[String(frequency ?? 'MONTHLY').toUpperCase()];
  if (typeof quota !== 'number' || percent === undefined || intervals === undefined) return undefined; // notify-only or no quota
  const how = typeof immediate === 'number' ? 'suspends immediately at' : 'suspends (running queries finish) at';
  const per = intervals === 1 ? '' : ` × ${round(intervals)} ${String(frequency).toLowerCase()} intervals`;
  return { credits: quota * intervals * (percent / 100), basis: `quota ${quota}${per}, ${how} ${percent}%` };
}

/** The provider accepts `XSMALL`, `X-SMALL`, `XXLARGE`, `X2LARGE`, `2X-LARGE`, …: one spelling per size. */
function normalizeSize(size: unknown): string | undefined {
  if (typeof size !== 'string') return undefined;
  const s = size.toUpperCase().replace(/-/g, '');
  const n = /^(?:X(\d)|(\d)X)LARGE$/.exec(s);
  if (!n) return s;
  const k = Number(n[1] ?? n[2]);
  return k === 2 ? 'XXLARGE' : k === 3 ? 'XXXLARGE' : `X${k}LARGE`;
}

const round = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
