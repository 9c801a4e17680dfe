import { plan, resource } from '../testing/plans';
import { costAssumptions, defaultPriceBook, estimateStackCost, lambdaPricesFromInstanceTypes, type PriceBook } from './index';

const prices: PriceBook = { lambdaCentsPerHour: { gpu_1x_a10: 75, gpu_8x_h100_sxm5: 2392 }, lambdaSource: 'test prices', snowflakeCreditUsd: 3 };
const INSTANCE = 'pulumi-nodejs:dynamic/lambda:Instance';
const WAREHOUSE = 'snowflake:index/warehouse:Warehouse';
const MONITOR = 'snowflake:index/resourceMonitor:ResourceMonitor';
const WORKSPACE = 'pulumi-nodejs:dynamic/portkey:Workspace';
const PROVIDER = 'pulumi-nodejs:dynamic/portkey:Provider';

const cost = (resources: ReturnType<typeof resource>[]) => estimateStackCost(plan('s', resources), prices);
const wh = (name: string, inputs: Record<string, unknown>) => resource('s', WAREHOUSE, name.toLowerCase(), { name, ...inputs });
const monitor = (name: string, inputs: Record<string, unknown>) => resource('s', MONITOR, name.toLowerCase(), { name, ...inputs });

describe('Lambda Labs', () => {
  it.each([
    ['an A10 all month', { instanceType: 'gpu_1x_a10' }, 547.5],
    ['an 8x H100 all month', { instanceType: 'gpu_8x_h100_sxm5' }, 23.92 * 730],
    ['a type the catalog does not price', { instanceType: 'gpu_1x_b200' }, undefined],
    ['a type known only after apply', { instanceType: '[unknown]' }, undefined],
  ])('%s', (_n, inputs, usd) => {
    const c = cost([resource('s', INSTANCE, 'gpu', inputs)]);
    if (usd === undefined) expect(c).toMatchObject({ usd: 0, unknown: 1 });
    if (usd === undefined) expect(c.items[0].usd).toBeUndefined();
    else expect(c.usd).toBeCloseTo(usd, 6);
  });

  it('counts each instance', () => {
    expect(cost([resource('s', INSTANCE, 'a', { instanceType: 'gpu_1x_a10' }), resource('s', INSTANCE, 'b', { instanceType: 'gpu_1x_a10' })]).usd).toBeCloseTo(1095);
  });
});

describe('Snowflake', () => {
  it.each([
    ['X-Small, no monitor: always on', [wh('WH', { warehouseSize: 'XSMALL' })], 730 * 3],
    ['default size is X-Small', [wh('WH', {})], 730 * 3],
    ['Medium spelled as the provider allows', [wh('WH', { warehouseSize: 'medium' })], 4 * 730 * 3],
    ['2X-Large aliases', [wh('WH', { warehouseSize: '2X-LARGE' })], 32 * 730 * 3],
    ['multi-cluster', [wh('WH', { warehouseSize: 'SMALL', maxClusterCount: 3 })], 2 * 3 * 730 * 3],
    ['capped by its monitor (suspend immediately at 120%)', [wh('WH', { warehouseSize: 'XSMALL', resourceMonitor: 'M' }), monitor('M', { creditQuota: 10, suspendTrigger: 100, suspendImmediateTrigger: 120 })], 12 * 3],
    ['capped by suspend when there is no immediate trigger', [wh('WH', { warehouseSize: 'LARGE', resourceMonitor: 'M' }), monitor('M', { creditQuota: 50, suspendTrigger: 90 })], 45 * 3],
    ['a daily quota allows 30.4 of them a month', [wh('WH', { warehouseSize: 'LARGE', resourceMonitor: 'M' }), monitor('M', { creditQuota: 10, frequency: 'DAILY', suspendImmediateTrigger: 100 })], 10 * (730 / 24) * 3],
    ['a monitor above the always-on figure does not raise it', [wh('WH', { warehouseSize: 'XSMALL', resourceMonitor: 'M' }), monitor('M', { creditQuota: 5000, suspendTrigger: 100 })], 730 * 3],
    ['a notify-only monitor caps nothing', [wh('WH', { warehouseSize: 'XSMALL', resourceMonitor: 'M' }), monitor('M', { creditQuota: 10, notifyTriggers: [50] })], 730 * 3],
    ['two warehouses share one monitor\'s cap', [wh('A', { warehouseSize: 'XSMALL', resourceMonitor: 'M' }), wh('B', { warehouseSize: 'MEDIUM', resourceMonitor: 'M' }), monitor('M', { creditQuota: 100, suspendImmediateTrigger: 100 })], 100 * 3],
    ['an unknown size under a monitor: the cap still holds', [wh('WH', { warehouseSize: '[unknown]', resourceMonitor: 'M' }), monitor('M', { creditQuota: 10, suspendImmediateTrigger: 100 })], 30],
  ])('%s', (_n, resources, usd) => {
    const c = cost(resources);
    expect(c.unknown).toBe(0);
    expect(c.usd).toBeCloseTo(usd, 6);
  });

  it.each([
    ['an unknown size without a monitor', [wh('WH', { warehouseSize: '[unknown]' })]],
    ['a Snowpark-optimized warehouse', [wh('WH', { warehouseType: 'SNOWPARK-OPTIMIZED' })]],
    ['a Gen2 warehouse', [wh('WH', { resourceConstraint: 'STANDARD_GEN_2' })]],
  ])('unknown, never $0: %s', (_n, resources) => {
    expect(cost(resources)).toMatchObject({ usd: 0, unknown: 1 });
  });

  it('says how it got there', () => {
    const [item] = cost([wh('WH', { warehouseSize: 'XSMALL', resourceMonitor: 'M' }), monitor('M', { creditQuota: 10, suspendImmediateTrigger: 120 })]).items;
    expect(item.basis).toBe('WH XSMALL 1 credit/h × 730 h = 730 credits, capped by M at 12 credits (quota 10, suspends immediately at 120%) × $3/credit');
  });
});

describe('Portkey', () => {
  const ws = (name: string, usageLimit?: unknown) => resource('s', WORKSPACE, name, { name, ...(usageLimit ? { usageLimit } : {}) });
  const provider = (name: string, workspace: string, usageLimit?: unknown) =>
    resource('s', PROVIDER, name, usageLimit ? { usageLimit } : {}, { dependencies: [`urn:pulumi:local::s::${WORKSPACE}::${workspace}`] });
  const monthly = (creditLimit: number, extra = {}) => ({ type: 'cost', creditLimit, periodicReset: 'monthly', ...extra });

  it.each([
    ['the workspace budget when below its providers\'', [ws('prod', monthly(1000)), provider('a', 'prod', monthly(800)), provider('b', 'prod', monthly(500))], 1000, 0],
    ['the providers\' sum when below the workspace budget', [ws('prod', monthly(5000)), provider('a', 'prod', monthly(500)), provider('b', 'prod', monthly(1000))], 1500, 0],
    ['a workspace budget caps an unbudgeted provider', [ws('prod', monthly(200)), provider('a', 'prod')], 200, 0],
    ['no workspace budget: the providers\' budgets', [ws('research'), provider('a', 'research', monthly(100))], 100, 0],
    ['weekly reset: 730/168 budgets a month', [ws('w', { type: 'cost', creditLimit: 100, periodicReset: 'weekly' })], (100 * 730) / 168, 0],
    ['no reset: the limit at most once', [ws('w', { type: 'cost', creditLimit: 70 })], 70, 0],
    ['a token budget is not dollars: unknown', [ws('t'), provider('a', 't', { type: 'tokens', creditLimit: 100000 })], 0, 1],
    ['nothing budgeted: unknown', [ws('open'), provider('a', 'open')], 0, 1],
    ['a workspace with neither budget nor providers is not priced', [ws('empty')], 0, 0],
  ])('%s', (_n, resources, usd, unknown) => {
    const c = cost(resources);
    expect(c.unknown).toBe(unknown);
    expect(c.usd).toBeCloseTo(usd, 6);
  });
});

describe('prices', () => {
  it('reads a GET /instance-types answer; entries without a price are left out (so they read unknown)', () => {
    expect(lambdaPricesFromInstanceTypes({ data: { gpu_1x_a10: { instance_type: { name: 'gpu_1x_a10', price_cents_per_hour: 80 } }, odd: { instance_type: {} } } })).toEqual({ gpu_1x_a10: 80 });
    expect(() => lambdaPricesFromInstanceTypes({ error: {} })).toThrow(/instance-types/);
  });

  it('defaults to the catalog prices and states every assumption', () => {
    const book = defaultPriceBook();
    expect(book.lambdaCentsPerHour.gpu_1x_a10).toBe(75);
    const text = costAssumptions(book).join('\n');
    for (const fact of ['730 h', 'docs.snowflake.com', '$3/credit', 'auto-suspend', 'budgets are the ceiling', 'never as $0']) expect(text).toContain(fact);
  });

  it('a missing plan (stack not on this side) costs nothing', () => {
    expect(estimateStackCost(undefined, prices)).toEqual({ items: [], usd: 0, unknown: 0 });
  });
});
