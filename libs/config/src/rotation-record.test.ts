import { effectiveGeneration, rotationRecordsSchema } from './rotation-record';

const AT = '2026-11-01T00:00:00.000Z';

describe('effectiveGeneration', () => {
  it('no record: the committed counter (nothing rotates on upgrade)', () => {
    expect(effectiveGeneration(0, undefined)).toEqual({ generation: 0, retirePrevious: false });
    expect(effectiveGeneration(3, undefined)).toEqual({ generation: 3, retirePrevious: false });
  });

  it('recorded rotations add to the committed counter; pending changes nothing for the program', () => {
    expect(effectiveGeneration(3, { rotations: 2, rotatedAt: AT })).toEqual({ generation: 5, retirePrevious: false });
    expect(effectiveGeneration(0, { rotations: 1, rotatedAt: AT, pending: true })).toEqual({ generation: 1, retirePrevious: false });
  });

  it('retired retires the previous key only after a recorded rotation', () => {
    expect(effectiveGeneration(0, { rotations: 1, rotatedAt: AT, retired: true })).toEqual({ generation: 1, retirePrevious: true });
    expect(effectiveGeneration(2, { rotations: 0, rotatedAt: AT, retired: true })).toEqual({ generation: 2, retirePrevious: false });
  });
});

describe('rotationRecordsSchema', () => {
  it('rejects negative or fractional rotations, a time that is not ISO, and unknown fields', () => {
    for (const bad of [{ rotations: -1, rotatedAt: AT }, { rotations: 1.5, rotatedAt: AT }, { rotations: 1, rotatedAt: 'yesterday' }, { rotations: 1, rotatedAt: AT, extra: 1 }]) {
      expect(rotationRecordsSchema.safeParse({ ESTUARY_LOADER: bad }).success).toBe(false);
    }
    expect(rotationRecordsSchema.safeParse({ ESTUARY_LOADER: { rotations: 1, rotatedAt: AT, pending: true } }).success).toBe(true);
  });
});
