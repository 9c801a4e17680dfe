import { instanceTypeProblem, parseCatalog } from './catalog';

const data = {
  gpu_1x_a10: { instance_type: { name: 'gpu_1x_a10' }, regions_with_capacity_available: [{ name: 'us-east-1' }, { name: 'us-west-1' }] },
  gpu_8x_h100_sxm5: { instance_type: { name: 'gpu_8x_h100_sxm5' }, regions_with_capacity_available: [] },
  gpu_1x_a100: { instance_type: { name: 'gpu_1x_a100' }, regions_with_capacity_available: [{ name: 'us-west-1' }] },
};

describe('instance-type catalog', () => {
  const catalog = parseCatalog(data);

  it('reads names and regions with capacity', () => {
    expect(catalog).toEqual({ gpu_1x_a10: ['us-east-1', 'us-west-1'], gpu_8x_h100_sxm5: [], gpu_1x_a100: ['us-west-1'] });
    expect(parseCatalog(undefined)).toEqual({});
  });

  it.each([
    ['a known type with capacity', 'gpu_1x_a10', 'us-east-1', undefined],
    ['a known type without capacity now (the launch reports capacity)', 'gpu_8x_h100_sxm5', 'us-east-1', undefined],
    ['an unknown type', 'gpu_9x_zzz', 'us-east-1', 'instanceType "gpu_9x_zzz" is not a Lambda instance type. With capacity in us-east-1 now: gpu_1x_a10; all types: gpu_1x_a10, gpu_1x_a100, gpu_8x_h100_sxm5'],
    ['an unknown type where nothing has capacity', 'gpu_9x_zzz', 'asia-south-1', 'instanceType "gpu_9x_zzz" is not a Lambda instance type. With capacity in asia-south-1 now: none; all types: gpu_1x_a10, gpu_1x_a100, gpu_8x_h100_sxm5'],
  ])('%s', (_title, type, region, expected) => {
    expect(instanceTypeProblem(catalog, type, region)).toBe(expected);
  });

  it('an empty catalog knows nothing and refuses nothing', () => {
    expect(instanceTypeProblem({}, 'gpu_9x_zzz', 'us-east-1')).toBeUndefined();
  });
});
