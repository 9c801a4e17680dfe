/**
 * One cross-process lock for the real-engine suites that rewrite files of the working tree (`preserve`):
 * `pulumi stack init` writes a salt into a stack's committed `Pulumi.<env>.yaml` and `config set` a value, until
 * `dispose` puts the file back. Jest runs suites in several worker processes, so a second suite reading or
 * rewriting the same files meanwhile would see another test's salt. Holders take turns; every other suite runs in
 * parallel with them.
 *
 * A directory is the lock (mkdir is atomic); its `owner` file names the holding process and suite. A lock whose
 * process is gone, or that an earlier suite of this same worker left behind, is taken over: a crashed suite
 * never blocks the run. Waiting blocks the waiting suite's thread on purpose: `preserve` is synchronous, and the
 * holder is always another process, so nothing this worker serves is held up.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** How long a suite waits for the tree before failing with the holder's name (the longest suite takes ~4 min). */
export const TREE_LOCK_WAIT_MS = 20 * 60_000;
const POLL_MS = 250;
const OWNERLESS_MS = 5_000;

interface Owner {
  pid: number;
  token: string;
  suite: string;
}

/** This module instance (one per suite: Jest gives every test file its own module registry). */
const token = randomUUID();
let held = 0;

/** The lock for the working tree holding `file` (two clones on one machine do not wait for each other). */
export function treeLockDir(file: string): string {
  let root = dirname(file);
  while (!existsSync(join(root, 'nx.json')) && dirname(root) !== root) root = dirname(root);
  const id = createHash('sha256').update(root).digest('hex').slice(0, 16);
  return join(tmpdir(), `sophia-engine-tree-${id}.lock`);
}

/** Takes the lock (re-entrant within one suite); `release` as many times as it was taken. */
export function acquireTreeLock(lockDir: string, suite: string, waitMs = TREE_LOCK_WAIT_MS): void {
  if (held > 0) {
    held++;
    return;
  }
  const deadline = Date.now() + waitMs;
  let ownerless = 0;
  for (;;) {
    if (tryTake(lockDir, suite)) {
      held = 1;
      return;
    }
    const owner = readOwner(lockDir);
    // No owner yet: another process made the directory a moment ago; only a long-ownerless lock is abandoned.
    ownerless = owner ? 0 : ownerless + 1;
    if ((owner && isStale(owner)) || ownerless * POLL_MS > OWNERLESS_MS) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`waited ${Math.round(waitMs / 1000)} s for the working tree, held by ${owner ? `${owner.suite} (pid ${owner.pid})` : 'a process that has not said who it is'}; remove ${lockDir} if that process is not a test`);
    }
    sleep(POLL_MS);
  }
}

export function releaseTreeLock(lockDir: string): void {
  if (held === 0) return;
  if (--held > 0) return;
  if (readOwner(lockDir)?.token === token) rmSync(lockDir, { recursive: true, force: true });
}

function tryTake(lockDir: string, suite: string): boolean {
  try {
    mkdirSync(lockDir);
  } catch {
    return false;
  }
  const owner: Owner = { pid: process.pid, token, suite };
  writeFileSync(join(lockDir, 'owner'), JSON.stringify(owner));
  return true;
}

function readOwner(lockDir: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(join(lockDir, 'owner'), 'utf8')) as Owner;
  } catch {
    // Just made by another process that has not written its owner yet, or gone: decided by the caller.
    return undefined;
  }
}

/** The holder's process is gone, or it is this worker and an earlier suite of it never disposed. */
function isStale(owner: Owner): boolean {
  if (owner.pid === process.pid) return owner.token !== token;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
