/*
 * Rotations `sophia-secrets rotate` does itself, for keys a stack makes from a generation (Snowflake key pairs,
 * Portkey service keys): the rotation record in ESC (libs/config rotation-record), then the stack's `up`.
 *
 *   rotate  (overdue)          record rotations + 1, rotatedAt, pending → up → pending cleared
 *   retire  (window passed)    record retired, pending                  → up → pending cleared
 *   resume  (pending found)    no new write                             → up → pending cleared
 *
 * `pending` is the intent marker: written before `up`, cleared after it succeeded, so a run that fails (or dies)
 * after the write is finished by the next one without a second bump. All writes are surgical and conditional
 * (esc-store update: a concurrent writer is a ConflictError, never lost).
 */
import { escKeyLocation, type GenerationRotation, type Namespace, type RotationRecord, rotationRecordSchema } from '@sophia-ai/config';
import { escEnvName, type EscEnvRef, type EscStore, valueAt } from '@sophia-ai/esc-store';
import type { KeyAge } from '../compliance/model';
import type { RotationEntry } from './policy';
import type { Runner } from './rotate';

const DAY_MS = 86_400_000;

export type GenerationPhase = 'rotate' | 'retire' | 'resume';

export interface GenerationStep {
  /** The rotated key (`<project>:<output>[<entry>]`). */
  key: string;
  phase: GenerationPhase;
  stack: string;
  entry: string;
  /** Where the record lives: `values.pulumiConfig["<stack>:<configKey>"].<entry>` of the secrets environment. */
  env: EscEnvRef;
  path: string[];
  /** The record as read (undefined: none yet). */
  record?: RotationRecord;
}

/** The record's place for `entry` of a generation policy. */
function location(rotation: GenerationRotation, namespaces: Namespace[], env: string, org?: string) {
  const ns = namespaces.find((n) => n.name === rotation.stack);
  if (!ns?.keys[rotation.configKey]) throw new Error(`rotation record ${rotation.stack}:${rotation.configKey} is not declared in stacks/${rotation.stack}/config/index.ts`);
  return escKeyLocation(ns, rotation.configKey, env, org);
}

const entryOf = (rotation: GenerationRotation, key: string) => rotation.entry ?? /\[([^\]]+)\]$/.exec(key)?.[1] ?? key;

/** A record as stored; one that does not parse is an error naming where it is (never its neighbours' values). */
function parseRecord(raw: unknown, where: string): RotationRecord | undefined {
  if (raw === undefined) return undefined;
  const parsed = rotationRecordSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`the rotation record ${where} is invalid (${parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ')}); fix or remove it`);
  return parsed.data;
}

/**
 * The generation steps of one environment: every overdue key with a generation policy (`rotate`, or `resume`
 * if its record is still pending), and every recorded rotation whose window has passed (`retire`).
 */
export async function planGenerationSteps(opts: {
  store: EscStore;
  entries: RotationEntry[];
  ages: KeyAge[];
  namespaces: Namespace[];
  env: string;
  org?: string;
  now: Date;
}): Promise<GenerationStep[]> {
  const steps: GenerationStep[] = [];
  const docs = new Map<string, Record<string, unknown> | undefined>();
  const read = async (ref: EscEnvRef) => {
    const name = escEnvName(ref);
    if (!docs.has(name)) docs.set(name, (await opts.store.read(ref))?.doc);
    return docs.get(name);
  };
  for (const age of opts.ages) {
    const entry = opts.entries.find((e) => e.key === age.key.replace(/\[.*\]$/, ''));
    const rotation = entry?.policy.rotatedBy === 'platform' ? entry.policy.generation : undefined;
    if (!rotation) continue;
    const loc = location(rotation, opts.namespaces, opts.env, opts.org);
    const name = entryOf(rotation, age.key);
    const path = [...loc.path, name];
    const record = parseRecord(valueAt(await read(loc.env), path), `${escEnvName(loc.env)} ${loc.configKey}.${name}`);
    const base = { key: age.key, stack: rotation.stack, entry: name, env: loc.env, path, ...(record ? { record } : {}) };
    if (record?.pending) steps.push({ ...base, phase: 'resume' });
    else if (age.overdue) steps.push({ ...base, phase: 'rotate' });
    else if (record && retireDue(record, rotation, opts.now)) steps.push({ ...base, phase: 'retire' });
  }
  return steps;
}

function retireDue(record: RotationRecord, rotation: GenerationRotation, now: Date): boolean {
  if (rotation.retireAfterDays === undefined || record.retired || record.rotations === 0) return false;
  return now.getTime() - Date.parse(record.rotatedAt) >= rotation.retireAfterDays * DAY_MS;
}

/** The `up` that applies a record (argv only: names and flags). */
export const upArgv = (stack: string, env: string) => ['npx', 'nx', 'run', `${stack}:up`, '--env', env, '--yes'];

/** What a step writes before its `up` (resume writes nothing). */
export function intendedRecord(step: GenerationStep, now: Date): RotationRecord | undefined {
  const r = step.record;
  if (step.phase === 'rotate') return { rotations: (r?.rotations ?? 0) + 1, rotatedAt: now.toISOString(), pending: true };
  if (step.phase === 'retire') return { ...r!, retired: true, pending: true };
  return undefined;
}

/** Carries one step out: the intent, the `up`, then the intent cleared. Resolves with `up`'s exit code. */
export async function runGenerationStep(step: GenerationStep, store: EscStore, runner: Runner, env: string, now: Date): Promise<number> {
  const intended = intendedRecord(step, now);
  const record = intended ?? step.record!;
  if (intended) await store.update(step.env, [{ op: 'set', path: step.path, value: intended }]);
  const code = await runner(upArgv(step.stack, env));
  if (code !== 0) return code;
  const { pending: _done, ...applied } = record;
  await store.update(step.env, [{ op: 'set', path: step.path, value: applied }]);
  return 0;
}

/** One line about a step, for the rotate report. */
export function describeStep(step: GenerationStep, env: string): string {
  const up = upArgv(step.stack, env).join(' ');
  const where = `${escEnvName(step.env)} ${step.path.slice(2).join('.')}`;
  if (step.phase === 'rotate') return `rotation ${(step.record?.rotations ?? 0) + 1} recorded in ${where}, then ${up} (new key beside the old)`;
  if (step.phase === 'retire') return `previous key's window has passed: retired recorded in ${where}, then ${up}`;
  return `a rotation recorded in ${where} has not been applied yet: ${up} again (no new rotation)`;
}
