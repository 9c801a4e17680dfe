import fc from 'fast-check';
import { keySlots, rotationStep, slotOf } from './rotation';

describe('keySlots', () => {
  it('starts with generation 0 alone in RSA_PUBLIC_KEY', () => {
    expect(keySlots(0)).toEqual({ slot1: 0, current: 0, currentSlot: 1, previous: undefined, live: [0] });
  });

  it.each([
    // rotation, slot1, slot2, current slot
    [1, 0, 1, 2],
    [2, 2, 1, 1],
    [3, 2, 3, 2],
    [4, 4, 3, 1],
  ])('rotation %i: slot1 holds g%i, slot2 holds g%i, current in slot %i', (rotation, s1, s2, currentSlot) => {
    expect(keySlots(rotation)).toEqual({
      slot1: s1,
      slot2: s2,
      current: rotation,
      currentSlot,
      previous: rotation - 1,
      live: [rotation - 1, rotation],
    });
  });

  it('rejects negative, fractional and non-finite rotations', () => {
    for (const bad of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => keySlots(bad)).toThrow(/keyRotation must be a non-negative integer/);
    }
  });

  it('holds its invariants for every rotation number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (n) => {
        const s = keySlots(n);
        // The current key is exported and sits in its own slot.
        expect(s.current).toBe(n);
        expect(s[`slot${s.currentSlot}`]).toBe(n);
        // At most two live generations, each in its fixed slot, never both in the same slot.
        expect(s.live.length).toBe(n === 0 ? 1 : 2);
        for (const g of s.live) expect(s[`slot${slotOf(g)}`]).toBe(g);
        if (n > 0) {
          expect(s.previous).toBe(n - 1);
          expect(slotOf(n - 1)).not.toBe(slotOf(n));
        }
      }),
    );
  });
});

describe('rotationStep', () => {
  it('first rotation adds a key in RSA_PUBLIC_KEY_2 and retires nothing', () => {
    expect(rotationStep(0, 1)).toEqual({ created: [1], retired: [], changedSlots: [2], zeroDowntime: true });
  });

  it('later rotations reuse the slot of the key two generations back', () => {
    expect(rotationStep(1, 2)).toEqual({ created: [2], retired: [0], changedSlots: [1], zeroDowntime: true });
    expect(rotationStep(2, 3)).toEqual({ created: [3], retired: [1], changedSlots: [2], zeroDowntime: true });
  });

  it('every single bump is zero-downtime and changes exactly one slot', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (n) => {
        const step = rotationStep(n, n + 1);
        expect(step.zeroDowntime).toBe(true);
        expect(step.created).toEqual([n + 1]);
        expect(step.retired).toEqual(n === 0 ? [] : [n - 1]);
        expect(step.changedSlots).toEqual([slotOf(n + 1)]);
        // The key consumers held before the bump is still accepted after it.
        expect(keySlots(n + 1).live).toContain(keySlots(n).current);
      }),
    );
  });

  it('flags jumps of two or more and going backwards as not zero-downtime', () => {
    expect(rotationStep(1, 3)).toEqual({ created: [2, 3], retired: [0, 1], changedSlots: [1, 2], zeroDowntime: false });
    expect(rotationStep(3, 2).zeroDowntime).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 2, max: 1000 }), (n, jump) => {
        expect(rotationStep(n, n + jump).zeroDowntime).toBe(false);
      }),
    );
  });

  it('is a no-op when the number does not change', () => {
    expect(rotationStep(5, 5)).toEqual({ created: [], retired: [], changedSlots: [], zeroDowntime: true });
  });
});

describe('keySlots with retirePrevious (phase two)', () => {
  it('keeps only the current generation: the previous slot is cleared, the next bump fills it again', () => {
    expect(keySlots(3, true)).toEqual({ slot2: 3, current: 3, currentSlot: 2, previous: undefined, live: [3] });
    expect(keySlots(4).live).toEqual([3, 4]);
    expect(rotationStep(3, 4).zeroDowntime).toBe(true);
  });

  it('generation 0 has nothing to retire', () => {
    expect(keySlots(0, true)).toEqual(keySlots(0));
  });
});
