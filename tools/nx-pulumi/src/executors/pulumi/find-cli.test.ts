import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { findOnPath, MISSING_PULUMI_MESSAGE } from './find-cli';

describe('findOnPath', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'find-cli-'));
    for (const d of ['a', 'b', 'c']) mkdirSync(join(dir, d));
    writeFileSync(join(dir, 'a', 'pulumi'), '#!/bin/sh\n', { mode: 0o644 }); // not executable
    mkdirSync(join(dir, 'b', 'pulumi')); // a directory, not a program
    writeFileSync(join(dir, 'c', 'pulumi'), '#!/bin/sh\n');
    chmodSync(join(dir, 'c', 'pulumi'), 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the first executable file on PATH', () => {
    const PATH = ['a', 'b', 'c'].map((d) => join(dir, d)).join(delimiter);
    expect(findOnPath('pulumi', { PATH }, 'linux')).toBe(join(dir, 'c', 'pulumi'));
  });
  it('returns undefined when absent', () => {
    expect(findOnPath('pulumi', { PATH: join(dir, 'a') }, 'linux')).toBeUndefined();
    expect(findOnPath('pulumi', {}, 'linux')).toBeUndefined();
  });
});

describe('MISSING_PULUMI_MESSAGE', () => {
  it('says how to install and that synth works offline', () => {
    expect(MISSING_PULUMI_MESSAGE).toContain('https://www.pulumi.com/docs/install/');
    expect(MISSING_PULUMI_MESSAGE).toContain('curl -fsSL https://get.pulumi.com | sh');
    expect(MISSING_PULUMI_MESSAGE).toContain('brew');
    expect(MISSING_PULUMI_MESSAGE).toContain('nx run-many -t synth');
  });
});
