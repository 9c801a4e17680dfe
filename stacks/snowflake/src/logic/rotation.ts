/**
 * Zero-downtime key-pair rotation for service users, as a pure function of one number.
 *
 * A Snowflake user has two public-key slots, RSA_PUBLIC_KEY (slot 1) and RSA_PUBLIC_KEY_2 (slot 2), and accepts
 * a JWT signed by either key. Key generation `g` always lives in slot `g % 2 === 0 ? 1 : 2`. At rotation `n`:
 *
 *   - generation `n` is the current key: the stack exports its private key, consumers (Estuary) use it;
 *   - generation `n - 1` (if n >= 1) stays in the other slot so consumers that still hold it keep working;
 *   - every older generation is retired (its key pair is deleted, its slot was reused).
 *
 * Bumping `keyRotation` from n to n + 1 therefore creates generation n + 1 in the slot generation n - 1 held
 * (the "free" slot, from the consumers' point of view), moves the exported key to it, and leaves generation n
 * untouched until the next bump. Components only turn this plan into resources.
 *
 * `retirePrevious` (phase two, recorded by `sophia-secrets rotate` once the window has passed) removes
 * generation `n - 1` early: its slot is cleared and its key pair deleted; the next bump fills that slot again.
 */

export type KeySlot = 1 | 2;

export interface KeySlots {
  /** Generation whose public key is in RSA_PUBLIC_KEY, if any. */
  slot1?: number;
  /** Generation whose public key is in RSA_PUBLIC_KEY_2, if any. */
  slot2?: number;
  /** Generation consumers should use (the exported private key). */
  current: number;
  currentSlot: KeySlot;
  /** Generation still accepted while consumers move over, if any. */
  previous?: number;
  /** Generations that exist as key pairs at this rotation, oldest first. */
  live: number[];
}

function assertRotation(rotation: number): void {
  if (!Number.isSafeInteger(rotation) || rotation < 0) {
    throw new RangeError(`keyRotation must be a non-negative integer, got ${rotation}`);
  }
}

/** The slot a key generation always occupies. */
export function slotOf(generation: number): KeySlot {
  assertRotation(generation);
  return generation % 2 === 0 ? 1 : 2;
}

/** Which generation sits in which slot at rotation `rotation`, and which one is current. */
export function keySlots(rotation: number, retirePrevious = false): KeySlots {
  assertRotation(rotation);
  const live = rotation === 0 || retirePrevious ? [rotation] : [rotation - 1, rotation];
  const slots: { slot1?: number; slot2?: number } = {};
  for (const g of live) slots[slotOf(g) === 1 ? 'slot1' : 'slot2'] = g;
  return {
    ...slots,
    current: rotation,
    currentSlot: slotOf(rotation),
    previous: live.length === 2 ? rotation - 1 : undefined,
    live,
  };
}

export interface RotationStep {
  /** Key generations to create. */
  created: number[];
  /** Key generations deleted (their slots are overwritten or cleared). */
  retired: number[];
  /** Slots whose public key changes. */
  changedSlots: KeySlot[];
  /**
   * True when every consumer holding the key that was current before the step can still log in after it
   * (the old current key is still in a slot). False for jumps of more than one and for going backwards.
   */
  zeroDowntime: boolean;
}

/** What moving `keyRotation` from `from` to `to` does (a review aid; the stack itself is declarative). */
export function rotationStep(from: number, to: number): RotationStep {
  const before = keySlots(from);
  const after = keySlots(to);
  const created = after.live.filter((g) => !before.live.includes(g));
  const retired = before.live.filter((g) => !after.live.includes(g));
  const changedSlots = ([1, 2] as const).filter((s) => before[`slot${s}`] !== after[`slot${s}`]);
  return { created, retired, changedSlots, zeroDowntime: after.live.includes(before.current) };
}
