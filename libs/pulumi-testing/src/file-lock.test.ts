import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireTreeLock, releaseTreeLock, treeLockDir } from './file-lock';

// Another process holding the lock for `holdMs`, as another Jest worker's suite would (it loads this very module).
function holder(lock: string, holdMs: number, marks: string): Promise<number> {
  const script = `
    require('ts-node').register({ transpileOnly: true });
    const fs = require('node:fs');
    const { acquireTreeLock, releaseTreeLock } = require(${JSON.stringify(join(__dirname, 'file-lock.ts'))});
    acquireTreeLock(${JSON.stringify(lock)}, 'holder');
    fs.appendFileSync(${JSON.stringify(marks)}, 'holder-in ' + Date.now() + '\\n');
    setTimeout(() => { fs.appendFileSync(${JSON.stringify(marks)}, 'holder-out ' + Date.now() + '\\n'); releaseTreeLock(${JSON.stringify(lock)}); }, ${holdMs});
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

describe('the working-tree lock of the real-engine suites', () => {
  let dir: string;
  let lock: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tree-lock-'));
    lock = join(dir, 'tree.lock');
  });
  afterEach(() => {
    releaseTreeLock(lock);
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits while another process holds it, then takes it', async () => {
    const marks = join(dir, 'marks');
    writeFileSync(marks, '');
    const done = holder(lock, 1500, marks);
    while (!readFileSync(marks, 'utf8').includes('holder-in')) await new Promise((r) => setTimeout(r, 50));
    acquireTreeLock(lock, 'waiter');
    const takenAt = Date.now();
    const out = Number(/holder-out (\d+)/.exec(readFileSync(marks, 'utf8'))?.[1]);
    expect(out).toBeGreaterThan(0);
    expect(takenAt).toBeGreaterThanOrEqual(out);
    expect(await done).toBe(0);
  });

  it('is re-entrant within a suite and freed by the last release', () => {
    acquireTreeLock(lock, 'suite');
    acquireTreeLock(lock, 'suite');
    releaseTreeLock(lock);
    expect(existsSync(lock)).toBe(true);
    releaseTreeLock(lock);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock whose process is gone', () => {
    mkdirSync(lock);
    // A pid far above any pid_max: no such process.
    writeFileSync(join(lock, 'owner'), JSON.stringify({ pid: 2 ** 30, token: 'crashed', suite: 'crashed.engine.test.ts' }));
    acquireTreeLock(lock, 'suite', 2_000);
    expect(JSON.parse(readFileSync(join(lock, 'owner'), 'utf8')).suite).toBe('suite');
  });

  it('takes over what an earlier suite of this same worker left behind', () => {
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner'), JSON.stringify({ pid: process.pid, token: 'earlier-suite', suite: 'earlier.engine.test.ts' }));
    acquireTreeLock(lock, 'suite', 2_000);
    expect(JSON.parse(readFileSync(join(lock, 'owner'), 'utf8')).suite).toBe('suite');
  });

  it('names the holder when the wait runs out', () => {
    mkdirSync(lock);
    // The parent process of Jest is alive and is not this worker.
    writeFileSync(join(lock, 'owner'), JSON.stringify({ pid: process.ppid, token: 'other', suite: 'portkey/src/stack.engine.test.ts' }));
    expect(() => acquireTreeLock(lock, 'suite', 600)).toThrow(/waited 1 s for the working tree, held by portkey\/src\/stack\.engine\.test\.ts \(pid \d+\)/);
    rmSync(lock, { recursive: true, force: true });
  });

  it('is one lock per working tree', () => {
    const tree = (name: string) => {
      const root = join(dir, name);
      mkdirSync(join(root, 'stacks', 'portkey'), { recursive: true });
      writeFileSync(join(root, 'nx.json'), '{}');
      return join(root, 'stacks', 'portkey', 'Pulumi.local.yaml');
    };
    const a = tree('a');
    expect(treeLockDir(a)).toBe(treeLockDir(join(dir, 'a', 'stacks', 'Pulumi.dev.yaml')));
    expect(treeLockDir(a)).not.toBe(treeLockDir(tree('b')));
  });
});
