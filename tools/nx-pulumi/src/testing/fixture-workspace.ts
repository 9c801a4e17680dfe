// Builds a throw-away Nx workspace in a temporary git repository for the plugin's integration tests:
// a copy of this plugin, stub `pulumi` and synth runner, and node_modules linked to the real ones so
// real Nx runs without an install. Never writes inside the repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { PULUMI_STUB, SYNTH_STUB } from './stubs';

export const PLUGIN_DIR = resolve(__dirname, '..', '..');
export const REPO_ROOT = resolve(PLUGIN_DIR, '..', '..');

export type Files = Record<string, string>;

export interface NxResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Fixture {
  root: string;
  /** Directory holding only the stub `pulumi`; put it first on PATH to "have" the CLI. */
  stubBin: string;
  /** Directory holding only `node` and `git`: a PATH without pulumi. */
  bareBin: string;
  pulumiLog: string;
  synthLog: string;
  write(files: Files): void;
  /** Text of a workspace file, or undefined if it does not exist. */
  readText(file: string): string | undefined;
  remove(file: string): void;
  commit(message: string): string;
  nx(args: string[], env?: NodeJS.ProcessEnv): NxResult;
  readLog(file: string): Array<Record<string, unknown>>;
  cleanup(): void;
}

/** A git/Nx environment that does not leak the caller's CI, SOPHIA_ENV or Nx settings into the run. */
function baseEnv(fixture: { bareBin: string; stubBin: string }): NodeJS.ProcessEnv {
  return {
    HOME: process.env.HOME ?? tmpdir(),
    TMPDIR: tmpdir(),
    PATH: `${fixture.stubBin}:${fixture.bareBin}`,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_PREFER_TS_NODE: 'true', // ts-node is the installed transpiler; silences the "use swc" hint
    NX_SKIP_LOG_GROUPING: 'true',
    FORCE_COLOR: '0',
    GIT_CONFIG_NOSYSTEM: '1',
  };
}

function git(root: string, args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
}

/** Links every installed package except our own workspace packages, which point at the fixture's. */
function linkNodeModules(root: string, packages: Record<string, string>): void {
  const nm = join(root, 'node_modules');
  mkdirSync(join(nm, '@sophia-ai'), { recursive: true });
  const real = join(REPO_ROOT, 'node_modules');
  for (const entry of readdirSync(real)) {
    if (entry === '@sophia-ai' || entry.startsWith('.')) continue;
    symlinkSync(join(real, entry), join(nm, entry));
  }
  for (const [name, dir] of Object.entries(packages)) {
    symlinkSync(relative(join(nm, '@sophia-ai'), join(root, dir)), join(nm, '@sophia-ai', name));
  }
  // The plugin's own runtime library (where the pulumi CLI is): the real one, nothing fixture-specific in it.
  symlinkSync(join(REPO_ROOT, 'libs', 'pulumi-cli'), join(nm, '@sophia-ai', 'pulumi-cli'));
}

/** Copies the plugin sources (not its tests, test helpers or the real synth runner). */
function copyPlugin(root: string): void {
  const dest = join(root, 'tools', 'nx-pulumi');
  cpSync(PLUGIN_DIR, dest, {
    recursive: true,
    filter: (src) => {
      const rel = relative(PLUGIN_DIR, src);
      return !(
        /(^|\/)(node_modules|__fixtures__|testing)(\/|$)/.test(rel) ||
        /\.test\.ts$/.test(rel) ||
        rel === join('bin', 'synth.js') ||
        rel.startsWith(join('src', 'synth'))
      );
    },
  });
  mkdirSync(join(dest, 'bin'), { recursive: true });
  writeFileSync(join(dest, 'bin', 'synth.js'), SYNTH_STUB);
}

export function createFixture(files: Files, packages: Record<string, string>): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'nx-pulumi-fixture-'));
  const stubBin = join(root, '.bin-stub');
  const bareBin = join(root, '.bin-bare');
  mkdirSync(stubBin);
  mkdirSync(bareBin);
  writeFileSync(join(stubBin, 'pulumi'), PULUMI_STUB, { mode: 0o755 });
  symlinkSync(process.execPath, join(bareBin, 'node'));
  const gitPath = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim() || '/usr/bin/git';
  symlinkSync(gitPath, join(bareBin, 'git'));

  const fixture: Fixture = {
    root,
    stubBin,
    bareBin,
    pulumiLog: join(root, 'pulumi-calls.log'),
    synthLog: join(root, 'synth-calls.log'),
    write(more) {
      for (const [file, text] of Object.entries(more)) {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        writeFileSync(join(root, file), text);
      }
    },
    readText(file) {
      try {
        return readFileSync(join(root, file), 'utf8');
      } catch {
        return undefined;
      }
    },
    remove(file) {
      rmSync(join(root, file), { force: true });
    },
    commit(message) {
      git(root, ['add', '-A']);
      git(root, ['-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '-m', message]);
      return git(root, ['rev-parse', 'HEAD']);
    },
    nx(args, env = {}) {
      const result = spawnSync(process.execPath, [join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), ...args], {
        cwd: root,
        env: { ...baseEnv(fixture), PULUMI_STUB_LOG: fixture.pulumiLog, SYNTH_STUB_LOG: fixture.synthLog, ...env },
        encoding: 'utf8',
        timeout: 120_000,
      });
      return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
    },
    readLog(file) {
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return [];
      }
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };

  fixture.write({
    '.gitignore': ['node_modules', '.nx', 'dist', '*.log', '.bin-stub', '.bin-bare', ''].join('\n'),
    ...files,
  });
  copyPlugin(root);
  linkNodeModules(root, { ...packages, 'nx-pulumi': 'tools/nx-pulumi' });
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['config', 'user.email', 'fixture@example.invalid']);
  git(root, ['config', 'user.name', 'fixture']);
  fixture.commit('fixture');
  return fixture;
}
