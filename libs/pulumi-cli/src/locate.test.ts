import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { engineBinDir, engineCacheDir, ENGINE_VERSION } from './engine-cache';
import { findOnPath, locatePulumi, missingPulumiMessage } from './locate';

function executable(file: string) {
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
}

describe('engineCacheDir', () => {
  it.each([
    [{ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }, `/x/cache/sophia-ai/pulumi/${ENGINE_VERSION}`],
    [{ HOME: '/home/u' }, `/home/u/.cache/sophia-ai/pulumi/${ENGINE_VERSION}`],
    [{ XDG_CACHE_HOME: '', HOME: '/home/u' }, `/home/u/.cache/sophia-ai/pulumi/${ENGINE_VERSION}`],
  ])('%j -> %s', (env, expected) => {
    expect(engineCacheDir(env)).toBe(expected);
    expect(engineBinDir(env)).toBe(`${expected}/bin`);
  });
});

describe('findOnPath', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'find-cli-'));
    for (const d of ['a', 'b', 'c']) mkdirSync(join(dir, d));
    writeFileSync(join(dir, 'a', 'pulumi'), '#!/bin/sh\n', { mode: 0o644 }); // not executable
    mkdirSync(join(dir, 'b', 'pulumi')); // a directory, not a program
    executable(join(dir, 'c', 'pulumi'));
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

describe('locatePulumi', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'locate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prefers the CLI on PATH', () => {
    mkdirSync(join(dir, 'path'));
    executable(join(dir, 'path', 'pulumi'));
    const env = { PATH: join(dir, 'path'), XDG_CACHE_HOME: join(dir, 'cache') };
    mkdirSync(engineBinDir(env), { recursive: true });
    executable(join(engineBinDir(env), 'pulumi'));
    expect(locatePulumi(env, 'linux')).toEqual({ path: join(dir, 'path', 'pulumi'), binDir: join(dir, 'path'), source: 'path' });
  });
  it('falls back to the engine cache', () => {
    const env = { PATH: '', XDG_CACHE_HOME: join(dir, 'cache') };
    mkdirSync(engineBinDir(env), { recursive: true });
    executable(join(engineBinDir(env), 'pulumi'));
    expect(locatePulumi(env, 'linux')).toEqual({
      path: join(engineBinDir(env), 'pulumi'),
      binDir: engineBinDir(env),
      source: 'engine-cache',
    });
  });
  it('is undefined with neither, and the message names both ways to get one', () => {
    const env = { PATH: '', XDG_CACHE_HOME: join(dir, 'cache') };
    expect(locatePulumi(env, 'linux')).toBeUndefined();
    const message = missingPulumiMessage(env);
    expect(message).toContain(engineBinDir(env));
    expect(message).toContain('npm run engine:install');
    expect(message).toContain('curl -fsSL https://get.pulumi.com | sh');
    expect(message).toContain('nx run-many -t synth');
  });
});
