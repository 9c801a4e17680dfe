/*
 * Two secret slots per generated webhook, so that a rotation never rejects a delivery: GitHub holds ONE secret per
 * hook, so the receivers accept the previous one during the window instead. Generation g lives in slot g % 2; the
 * hook signs with the current generation's slot and the other slot is the previous secret until the rotation
 * record says `retired` (decided by `sophia-secrets rotate`, never by a clock here).
 */
import { effectiveGeneration, type RotationRecord, type RotationRecords } from '@sophia-ai/config';

export interface SecretSlot {
  /** 0 or 1: slot 0 is today's `<hook>-secret` resource, slot 1 is `<hook>-secret-1`. */
  slot: 0 | 1;
  /** The generation the slot holds (its random resource's keeper: a new generation replaces the value). */
  generation: number;
}

export interface WebhookSlots {
  current: SecretSlot;
  /** The other slot while receivers may still see deliveries signed with it; undefined before any rotation or once retired. */
  previous?: SecretSlot;
}

const slotOf = (generation: number): 0 | 1 => (generation % 2 === 0 ? 0 : 1);

/** The slots of a webhook with `record` (undefined: generation 0 alone, exactly today's single secret). */
export function webhookSlots(record: RotationRecord | undefined): WebhookSlots {
  const { generation, retirePrevious } = effectiveGeneration(0, record);
  const current: SecretSlot = { slot: slotOf(generation), generation };
  if (generation === 0 || retirePrevious) return { current };
  return { current, previous: { slot: slotOf(generation - 1), generation: generation - 1 } };
}

/**
 * The random resource's keepers for a slot: none for generation 0 (the resource that exists today is neither
 * replaced nor renamed on upgrade), the generation otherwise (a change of keepers makes a new value).
 */
export const slotKeepers = (s: SecretSlot): Record<string, string> | undefined => (s.generation === 0 ? undefined : { generation: String(s.generation) });

/** The child name suffix of a slot's random resource: today's `secret` for slot 0. */
export const slotChildName = (slot: 0 | 1): string[] => (slot === 0 ? ['secret'] : ['secret', '1']);

/**
 * A record naming no hook with a generated secret is a typo or a removed hook: the message names the keys (never a
 * value), so the program fails rather than silently rotating nothing.
 */
export function strayRotationRecords(generatedHooks: readonly string[], records: RotationRecords): string | undefined {
  const stray = Object.keys(records).filter((k) => !generatedHooks.includes(k));
  if (!stray.length) return undefined;
  return `github:webhookSecretRotation names no webhook with a generated secret: ${stray.join(', ')} (keys are "<repository>/<webhook>" of src/organisation-spec.ts)`;
}
