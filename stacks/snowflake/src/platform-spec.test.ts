import { parsePlatformSpec } from './logic/spec';
import { platformFor } from './platform-spec';
import { SAMPLE_INPUTS } from './test-fixtures';

const loader = (keyRotation?: Parameters<typeof platformFor>[1]['keyRotation']) => {
  const spec = parsePlatformSpec(platformFor('dev', { ...SAMPLE_INPUTS, ...(keyRotation ? { keyRotation } : {}) }));
  const user = spec.users.find((u) => u.name === 'ESTUARY_LOADER');
  return user?.kind === 'service' ? { keyRotation: user.keyRotation, retirePrevious: user.retirePrevious } : undefined;
};

describe('platformFor: service user key generations from the ESC record (snowflake:keyRotation)', () => {
  it('no record: the committed counter (0), nothing rotates on upgrade', () => {
    expect(loader()).toEqual({ keyRotation: 0, retirePrevious: false });
  });

  it('a recorded rotation moves the loader to the next generation (new key in the free slot, the old one kept)', () => {
    expect(loader({ ESTUARY_LOADER: { rotations: 1, rotatedAt: '2026-11-01T00:00:00.000Z' } })).toEqual({ keyRotation: 1, retirePrevious: false });
  });

  it('phase two: `retired` in the record clears the previous slot; other users are untouched', () => {
    const records = { ESTUARY_LOADER: { rotations: 1, rotatedAt: '2026-11-01T00:00:00.000Z', retired: true } };
    expect(loader(records)).toEqual({ keyRotation: 1, retirePrevious: true });
    const dbt = parsePlatformSpec(platformFor('dev', { ...SAMPLE_INPUTS, keyRotation: records })).users.find((u) => u.name === 'DBT_TRANSFORMER');
    expect(dbt).toMatchObject({ keyRotation: 0, retirePrevious: false });
  });
});
