// A throw-away copy of this workspace for the stack generator's tests: its root files, libs, the plugin, the sandbox
// and every stack's config namespace (the sandbox's emulators read their limits from them), with node_modules linked
// to the real ones. Never writes inside the repository.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT as REPO } from './fixture-workspace';

export const NX = path.join(REPO, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');

export interface Workspace {
  root: string;
  run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): { code: number; out: string };
  /** `nx g @sophia-ai/nx-pulumi:stack <name> ...flags --skipInstall`, then the links `npm install` would make. */
  generate(name: string, flags: readonly string[]): void;
  /** What `npm install` does for a new workspace package: a node_modules/@sophia-ai link. */
  link(pkgDir: string): void;
  dispose(): void;
}

const SKIP = new Set(['node_modules', 'dist', 'coverage', '.nx']);

export function createWorkspace(): Workspace {
  const root = mkdtempSync(path.join(tmpdir(), 'stack-generator-'));
  for (const f of ['package.json', 'nx.json', 'tsconfig.base.json', 'tsconfig.json', 'jest.preset.js', 'jest.config.js', 'eslint.config.mjs']) {
    cpSync(path.join(REPO, f), path.join(root, f));
  }
  const copy = (dir: string) =>
    cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true, filter: (src) => !SKIP.has(path.basename(src)) });
  copy('libs');
  copy('tools/nx-pulumi');
  copy('tools/sandbox');
  const namespaces = readdirSync(path.join(REPO, 'stacks')).filter((s) => existsSync(path.join(REPO, 'stacks', s, 'config', 'package.json')));
  for (const s of namespaces) copy(`stacks/${s}/config`);
  const nm = path.join(root, 'node_modules');
  mkdirSync(path.join(nm, '@sophia-ai'), { recursive: true });
  for (const entry of readdirSync(path.join(REPO, 'node_modules'))) {
    if (entry !== '@sophia-ai' && !entry.startsWith('.')) symlinkSync(path.join(REPO, 'node_modules', entry), path.join(nm, entry));
  }
  const link = (pkgDir: string) => {
    const name = (JSON.parse(readFileSync(path.join(root, pkgDir, 'package.json'), 'utf8')) as { name: string }).name;
    symlinkSync(path.join(root, pkgDir), path.join(nm, name));
  };
  for (const group of ['libs', 'tools']) {
    for (const dir of readdirSync(path.join(root, group))) if (existsSync(path.join(root, group, dir, 'package.json'))) link(`${group}/${dir}`);
  }
  for (const s of namespaces) link(`stacks/${s}/config`);
  const baseEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_PREFER_TS_NODE: 'true', FORCE_COLOR: '0', CI: 'true' };
  const run: Workspace['run'] = (cmd, args, env = {}) => {
    const r = spawnSync(cmd, args, { cwd: root, env: { ...baseEnv, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
    return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
  };
  return {
    root,
    link,
    run,
    generate(name, flags) {
      const r = run(process.execPath, [NX, 'g', '@sophia-ai/nx-pulumi:stack', name, ...flags, '--skipInstall', '--no-interactive']);
      if (r.code !== 0) throw new Error(`nx g exited ${r.code}:\n${r.out}`);
      for (const dir of [`stacks/${name}`, `stacks/${name}/config`, `stacks/${name}/contract`]) link(dir);
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
