/**
 * Waiting and reconciling, bounded by the injected clock: the parts of create/delete every API-backed kind
 * needs (see README "Rules").
 */
import { isOutcomeUnknown, ServiceError } from '@sophia-ai/http';
import type { RuntimeEvent } from './api';

/** The clock, sleep and event sink these helpers use (any resolved runtime options have them). */
export interface Clocked {
  now(): number;
  sleep(ms: number): Promise<void>;
  pollIntervalMs: number;
  onEvent(event: RuntimeEvent): void;
}

/** 409: the API says another change is in progress (or the create raced one); re-read and retry. */
export function isConflict(err: unknown): boolean {
  return err instanceof ServiceError && err.status === 409;
}

/** `poll` gave up: the awaited state did not come within its bound. */
export class PollTimeout extends Error {}

/** Polls `probe` until it returns a value, bounded by `timeoutMs` of the injected clock. */
export async function poll<T>(o: Clocked, timeoutMs: number, what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = o.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (o.now() >= deadline) throw new PollTimeout(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await o.sleep(o.pollIntervalMs);
  }
}

/**
 * Creates an object the API cannot create idempotently (no idempotency key) without ever making a second one:
 * an existing object carrying our unique name is adopted first; a create whose outcome is unknown (timeout,
 * dropped connection, 5xx) or that conflicted (409) is followed by a look for our name, and created again
 * (bounded) only when it is not there.
 */
export async function createOrAdopt<T>(o: Clocked, what: string, find: () => Promise<T | undefined>, create: () => Promise<T>): Promise<T> {
  const existing = await find();
  if (existing) {
    o.onEvent({ type: 'info', message: `adopted the existing ${what}` });
    return existing;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (err) {
      if (!(isOutcomeUnknown(err) || isConflict(err)) || attempt >= 3) throw err;
      o.onEvent({ type: 'info', message: `create of ${what}: outcome unknown (${(err as Error).name}); looking for it by name` });
      await o.sleep(o.pollIntervalMs);
      const found = await find();
      if (found) {
        o.onEvent({ type: 'info', message: `adopted the ${what} made by the lost request` });
        return found;
      }
    }
  }
}

/** Runs `attempt` again (at most `tries` times, one poll interval apart) while the API answers 409. */
export async function retryConflicts<T>(o: Clocked, attempt: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isConflict(err) || i >= tries) throw err;
      await o.sleep(o.pollIntervalMs);
    }
  }
}
