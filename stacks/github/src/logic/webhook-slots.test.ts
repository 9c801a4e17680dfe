import { slotKeepers, strayRotationRecords, webhookSlots } from './webhook-slots';

const at = '2026-11-01T00:00:00.000Z';

describe('webhookSlots', () => {
  it('is today\'s single secret without a record (slot 0, no keepers: nothing replaced on upgrade)', () => {
    const slots = webhookSlots(undefined);
    expect(slots).toEqual({ current: { slot: 0, generation: 0 } });
    expect(slotKeepers(slots.current)).toBeUndefined();
  });

  it.each([
    [1, 1, 0],
    [2, 0, 1],
    [3, 1, 2],
  ])('after %i rotation(s) the hook signs with slot %i and the other slot holds generation %i', (rotations, slot, previous) => {
    const slots = webhookSlots({ rotations, rotatedAt: at });
    expect(slots.current).toEqual({ slot, generation: rotations });
    expect(slots.previous).toEqual({ slot: 1 - slot, generation: previous });
    expect(slotKeepers(slots.current)).toEqual({ generation: String(rotations) });
  });

  it('drops the previous secret once the record says retired (and only after a rotation)', () => {
    expect(webhookSlots({ rotations: 1, rotatedAt: at, retired: true })).toEqual({ current: { slot: 1, generation: 1 } });
    expect(webhookSlots({ rotations: 0, rotatedAt: at, retired: true })).toEqual({ current: { slot: 0, generation: 0 } });
  });
});

describe('strayRotationRecords', () => {
  it('names a record for no generated hook, and accepts the ones that exist', () => {
    const hooks = ['sophia-ml-models/ml-events'];
    expect(strayRotationRecords(hooks, { 'sophia-ml-models/ml-events': { rotations: 1, rotatedAt: at } })).toBeUndefined();
    expect(strayRotationRecords(hooks, { 'sophia-ml-models/ml-event': { rotations: 1, rotatedAt: at } })).toMatch(/names no webhook with a generated secret: sophia-ml-models\/ml-event \(/);
  });
});
