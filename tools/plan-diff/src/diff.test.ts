import { diffPlanSets, diffStack } from './diff';
import { plan, resource } from './testing/plans';

const INSTANCE = 'pulumi-nodejs:dynamic/lambda:Instance';
const WAREHOUSE = 'snowflake:index/warehouse:Warehouse';

describe('diffStack', () => {
  const base = plan('lambda-labs', [
    resource('lambda-labs', 'pulumi:pulumi:Stack', 'lambda-labs-local', {}, { custom: false }),
    resource('lambda-labs', INSTANCE, 'gpu-1', { instanceType: 'gpu_1x_a10', apiKey: '[secret:aaaaaaaaaaaa]' }),
    resource('lambda-labs', INSTANCE, 'gpu-old', { instanceType: 'gpu_1x_a10' }),
    resource('lambda-labs', 'random:index/randomPassword:RandomPassword', 'pw', { length: 24 }),
    resource('lambda-labs', 'sophia:lambda-labs:Platform', 'lambda', { size: 1 }, { custom: false }),
    resource('lambda-labs', WAREHOUSE, 'wh', { warehouseSize: 'XSMALL' }, { provider: 'urn:p::a::id' }),
  ]);

  it('nothing changed: every resource unchanged', () => {
    const same = JSON.parse(JSON.stringify(base));
    expect(diffStack('lambda-labs', 'local', base, same)).toMatchObject({ status: 'unchanged', resources: [], counts: { create: 0, update: 0, delete: 0, replace: 0, unchanged: 6 } });
  });

  it('creates, deletes, updates (replace possible for custom resources) and replaces', () => {
    const head = plan('lambda-labs', [
      base.resources[0],
      resource('lambda-labs', INSTANCE, 'gpu-1', { instanceType: 'gpu_1x_a100_sxm4', apiKey: '[secret:bbbbbbbbbbbb]' }),
      resource('lambda-labs', INSTANCE, 'gpu-2', { instanceType: 'gpu_1x_a10' }),
      resource('lambda-labs', 'random:index/randomPassword:RandomPassword', 'pw', { length: 32 }),
      resource('lambda-labs', 'sophia:lambda-labs:Platform', 'lambda', { size: 2 }, { custom: false }),
      resource('lambda-labs', WAREHOUSE, 'wh', { warehouseSize: 'XSMALL' }, { provider: 'urn:p::b::id' }),
    ]);
    const d = diffStack('lambda-labs', 'local', base, head);
    expect(d.status).toBe('changed');
    expect(d.counts).toEqual({ create: 1, update: 2, delete: 1, replace: 2, unchanged: 1 });
    const by = Object.fromEntries(d.resources.map((r) => [r.name, r]));
    expect(by['gpu-1']).toMatchObject({ action: 'update', replacePossible: true });
    expect(by['gpu-1'].inputs).toEqual([
      { path: 'apiKey', kind: 'changed', secret: 'changed' },
      { path: 'instanceType', kind: 'changed', before: 'gpu_1x_a10', after: 'gpu_1x_a100_sxm4' },
    ]);
    expect(by['gpu-2'].action).toBe('create');
    expect(by['gpu-old'].action).toBe('delete');
    expect(by.pw).toMatchObject({ action: 'replace', replaceReason: expect.stringContaining('random') });
    expect(by.wh).toMatchObject({ action: 'replace', replaceReason: 'provider changed' });
    expect(by.lambda).toMatchObject({ action: 'update' });
    expect(by.lambda.replacePossible).toBeUndefined(); // a component owns no cloud object
  });

  it("follows the provider's own diff where it was asked: replace, in-place update, or (failed) replace possible", () => {
    const old = plan('s', ['a', 'b', 'c'].map((n) => resource('s', INSTANCE, n, { instanceType: 'gpu_1x_a10' })));
    const now = plan('s', ['a', 'b', 'c'].map((n) => resource('s', INSTANCE, n, { instanceType: 'gpu_1x_h100_pcie' })));
    const urn = (n: string) => old.resources.find((r) => r.name === n)!.urn;
    const decisions = new Map([
      [urn('a'), { replaces: ['instanceType'], changes: true }],
      [urn('b'), { replaces: [], changes: true }],
      [urn('c'), { error: 'runtime failed to load' }],
    ]);
    const by = Object.fromEntries(diffStack('s', 'local', old, now, decisions).resources.map((r) => [r.name, r]));
    expect(by.a).toMatchObject({ action: 'replace', replaceReason: 'its provider replaces on instanceType' });
    expect(by.b).toMatchObject({ action: 'update' });
    expect(by.b.replacePossible).toBeUndefined();
    expect(by.c).toMatchObject({ action: 'update', replacePossible: true });
  });

  it('does not call a replace on a secret it could not compare (replace possible)', () => {
    const old = plan('s', [resource('s', INSTANCE, 'a', { token: '[secret]', size: 1 })]);
    const now = plan('s', [resource('s', INSTANCE, 'a', { token: '[secret:bbbbbbbbbbbb]', size: 2 })]);
    const d = diffStack('s', 'local', old, now, new Map([[old.resources[0].urn, { replaces: ['token'], changes: true }]]));
    expect(d.resources[0]).toMatchObject({ action: 'update', replacePossible: true });
  });

  it('counts secrets it cannot compare (a side without fingerprints) instead of calling them unchanged', () => {
    const old = plan('s', [resource('s', INSTANCE, 'a', { apiKey: '[secret]' })]);
    const now = plan('s', [resource('s', INSTANCE, 'a', { apiKey: '[secret:bbbbbbbbbbbb]' })]);
    expect(diffStack('s', 'local', old, now)).toMatchObject({ status: 'unchanged', uncomparedSecrets: 1 });
  });

  it('a stack only in head is added, only in base removed', () => {
    expect(diffStack('n', 'local', undefined, plan('n', [resource('n', INSTANCE, 'a')]))).toMatchObject({ status: 'added', counts: { create: 1 } });
    expect(diffStack('n', 'local', plan('n', [resource('n', INSTANCE, 'a')]), undefined)).toMatchObject({ status: 'removed', counts: { delete: 1 } });
  });

  it('reports output changes', () => {
    const d = diffStack('n', 'local', plan('n', [], { url: 'a' }), plan('n', [], { url: 'b' }));
    expect(d).toMatchObject({ status: 'changed', outputs: [{ path: 'url', kind: 'changed', before: 'a', after: 'b' }] });
  });
});

describe('diffPlanSets', () => {
  it('lists every stack of either side, sorted, and a failed synth as failed (not removed)', () => {
    const p = plan('a', []);
    const d = diffPlanSets(
      { plans: new Map([['a', p], ['gone', plan('gone', [])]]), failures: new Map() },
      { plans: new Map([['a', p], ['new', plan('new', [])]]), failures: new Map([['broken', 'policy error']]) },
      'local',
    );
    expect(d.map((s) => [s.stack, s.status])).toEqual([['a', 'unchanged'], ['broken', 'failed'], ['gone', 'removed'], ['new', 'added']]);
    expect(d[1].failure).toBe('synth failed on the head: policy error');
  });
});
