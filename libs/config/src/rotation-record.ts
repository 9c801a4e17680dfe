/*
 * The rotation record of a platform-made key: how many times `sophia-secrets rotate` has rotated it, written into
 * ESC (owner `rotation`) and read by the stack through its typed config. The program stays deterministic: every
 * time-based decision (has the old key's window passed?) is made by `rotate` and recorded here (`retired`),
 * never by reading the clock in the program.
 */
import { z } from 'zod';

export const rotationRecordSchema = z
  .object({
    /** Rotations done by `sophia-secrets rotate`, added to the counter committed in code (absent = 0). */
    rotations: z.number().int().min(0),
    /** When `rotate` wrote this record (ISO time): the start of the previous key's window. */
    rotatedAt: z.string().datetime(),
    /** Written, but the `up` that applies it has not succeeded yet: the next run re-runs `up`, never bumps again. */
    pending: z.boolean().optional(),
    /** The window has passed: the previous key is removed (phase two). */
    retired: z.boolean().optional(),
  })
  .strict();
export type RotationRecord = z.infer<typeof rotationRecordSchema>;

/** A `rotation`-owned config key: entry (service user, service key) → its record. */
export const rotationRecordsSchema = z.record(z.string().min(1), rotationRecordSchema);
export type RotationRecords = z.infer<typeof rotationRecordsSchema>;

/**
 * The generation a stack makes: the counter committed in code plus the recorded rotations, so that a missing
 * record is exactly today's committed value (nothing rotates on upgrade). `retirePrevious` only after a recorded
 * rotation (a committed counter's previous key is never retired this way).
 */
export function effectiveGeneration(committed: number, record: RotationRecord | undefined): { generation: number; retirePrevious: boolean } {
  const rotations = record?.rotations ?? 0;
  return { generation: committed + rotations, retirePrevious: record?.retired === true && rotations > 0 };
}
