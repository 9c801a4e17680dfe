import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Per-file parse results keyed by a content hash. Without the daemon every `nx` command is a fresh process,
 * so the cache lives on disk in Nx's workspace-data directory; a hit means the file is not parsed (and
 * TypeScript never loads).
 */
export class ScanCache<T> {
  private entries: Record<string, { hash: string; value: T }> = {};
  private dirty = false;

  constructor(
    private readonly path: string,
    private readonly version: string,
  ) {
    try {
      const raw = JSON.parse(readFileSync(path, 'utf8')) as { version?: string; entries?: ScanCache<T>['entries'] };
      if (raw.version === version && raw.entries) this.entries = raw.entries;
    } catch {
      // Missing or unreadable cache: start empty, it is only an optimisation.
    }
  }

  get(file: string, hash: string, compute: () => T): T {
    const hit = this.entries[file];
    if (hit && hit.hash === hash) return hit.value;
    const value = compute();
    this.entries[file] = { hash, value };
    this.dirty = true;
    return value;
  }

  /** Writes what was used this run (dropping entries for deleted files), if anything changed. */
  save(used: Set<string>): void {
    const stale = Object.keys(this.entries).filter((f) => !used.has(f));
    if (!this.dirty && stale.length === 0) return;
    for (const f of stale) delete this.entries[f];
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(this.path, JSON.stringify({ version: this.version, entries: this.entries }));
    } catch {
      // A read-only workspace still gets a correct graph, just not a faster next one.
    }
  }
}
