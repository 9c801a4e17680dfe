/**
 * Pacing: a minimum interval between the starts of requests that share a key (e.g. Lambda launches ≤ 1 per
 * 12 s). Callers of the same key are served in order. Clock and sleep are injectable so tests never wait.
 * A Pacer holds state: create one per client/process, never at module level of a serialized provider.
 */
export interface PacerOptions {
  /** Minimum ms between two starts of the same key. */
  minIntervalMs: number | Record<string, number>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class Pacer {
  private readonly last = new Map<string, number>();
  private readonly queue = new Map<string, Promise<void>>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: PacerOptions) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  intervalFor(key: string): number {
    const m = this.opts.minIntervalMs;
    return typeof m === 'number' ? m : (m[key] ?? 0);
  }

  /** Resolves when a request of `key` may start; records the start. Returns the ms waited. */
  wait(key: string): Promise<number> {
    const previous = this.queue.get(key) ?? Promise.resolve();
    let waited = 0;
    const turn = previous.then(async () => {
      const interval = this.intervalFor(key);
      const last = this.last.get(key);
      if (last !== undefined && interval > 0) {
        const due = last + interval - this.now();
        if (due > 0) {
          waited = due;
          await this.sleep(due);
        }
      }
      this.last.set(key, this.now());
    });
    this.queue.set(key, turn.catch(() => undefined));
    return turn.then(() => waited);
  }

  /** Pushes the next allowed start of `key` to at least `ms` from now (e.g. after a 429 with Retry-After). */
  defer(key: string, ms: number): void {
    const interval = this.intervalFor(key);
    this.last.set(key, Math.max(this.last.get(key) ?? 0, this.now() + ms - interval));
  }
}
