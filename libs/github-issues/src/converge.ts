/**
 * Find-or-create that a dropped connection cannot turn into a duplicate: look for the object; update it when it
 * is there, create it (never retried by the client) when it is not. When a create fails in a way GitHub may have
 * acted on (no answer, 5xx), look again before creating again: the object made by the lost request is found and
 * updated instead.
 */
import { mayHaveActed } from './client';

export type Outcome = 'created' | 'updated' | 'unchanged';

export async function findOrCreate<T>(steps: {
  find: () => Promise<T | undefined>;
  /** Answers whether anything changed. */
  update: (found: T) => Promise<boolean>;
  /** Sent once per attempt, never retried by the client (`request: { retries: 0 }`). */
  create: () => Promise<T>;
  /** The error to throw when creating fails for good (the raw one carries request details). */
  createFailed: (e: unknown) => Error;
  attempts?: number;
}): Promise<{ outcome: Outcome; value: T }> {
  const attempts = steps.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    const found = await steps.find();
    if (found !== undefined) return { outcome: (await steps.update(found)) ? 'updated' : 'unchanged', value: found };
    try {
      return { outcome: 'created', value: await steps.create() };
    } catch (e) {
      if (attempt >= attempts || !mayHaveActed(e)) throw steps.createFailed(e);
    }
  }
}
