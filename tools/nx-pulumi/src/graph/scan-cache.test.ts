import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCache } from './scan-cache';

describe('ScanCache', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'scan-cache-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('computes once per content hash, across processes (disk)', () => {
    const path = join(dir, 'sub', 'cache.json');
    const compute = jest.fn(() => ['a']);
    const first = new ScanCache<string[]>(path, '1');
    expect(first.get('f.ts', 'h1', compute)).toEqual(['a']);
    first.save(new Set(['f.ts']));

    const second = new ScanCache<string[]>(path, '1');
    expect(second.get('f.ts', 'h1', compute)).toEqual(['a']);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(second.get('f.ts', 'h2', () => ['b'])).toEqual(['b']);
  });

  it('ignores a cache of another version and drops deleted files on save', () => {
    const path = join(dir, 'cache.json');
    const c = new ScanCache<number>(path, '1');
    c.get('gone.ts', 'h', () => 1);
    c.get('kept.ts', 'h', () => 2);
    c.save(new Set(['kept.ts']));
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).entries)).toEqual(['kept.ts']);
    const compute = jest.fn(() => 3);
    new ScanCache<number>(path, '2').get('kept.ts', 'h', compute);
    expect(compute).toHaveBeenCalled();
  });
});
