import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { generateFiles, getProjects, type GeneratorCallback, type Tree } from '@nx/devkit';
import { spawnSync } from 'node:child_process';
import { addEmulatorRegistration, nextEmulatorPort } from './sandbox-registry';
import { stackNames, validateStackOptions, type StackGeneratorOptions } from './options';

export type { StackGeneratorOptions } from './options';

const SANDBOX_REGISTRY = 'tools/sandbox/src/registry.ts';

/** Random base62, for the local sample key (the config validator wants `key` values to look random). */
function sampleKey(name: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const suffix = [...randomBytes(20)].map((b) => alphabet[b % alphabet.length]).join('');
  return `sandbox_${name.replace(/-/g, '_')}_${suffix}`;
}

/**
 * `nx g @sophia-ai/nx-pulumi:stack <name> --team <team> [--api]`: a new stack in the workspace layout
 * (docs/CONVENTIONS.md). Every problem with the options is reported at once, before anything is written.
 */
export async function stackGenerator(tree: Tree, options: StackGeneratorOptions): Promise<GeneratorCallback | undefined> {
  const projects = [...getProjects(tree).entries()].map(([name, p]) => ({ name, root: p.root, tags: p.tags ?? [] }));
  const opts = validateStackOptions(options, {
    projects,
    exists: (file) => tree.exists(file),
    hasSandbox: tree.exists(SANDBOX_REGISTRY),
  });
  const names = stackNames(opts.name);
  const registry = opts.api ? tree.read(SANDBOX_REGISTRY, 'utf8')! : '';
  const vars = {
    ...names,
    team: opts.team,
    description: opts.description,
    api: opts.api,
    port: opts.api ? nextEmulatorPort(registry) : 0,
    sandboxKey: sampleKey(opts.name),
    tmpl: '',
  };
  generateFiles(tree, path.join(__dirname, 'files'), `stacks/${opts.name}`, vars);
  if (opts.api) {
    generateFiles(tree, path.join(__dirname, 'files-api'), `stacks/${opts.name}`, vars);
    generateFiles(tree, path.join(__dirname, 'files-emulator'), `tools/sandbox/src/${opts.name}`, vars);
    tree.write(SANDBOX_REGISTRY, addEmulatorRegistration(registry, { ...names, port: vars.port }));
  }
  if (opts.skipInstall) return undefined;
  // npm links the new workspace packages (stack, config, contract) and records them in package-lock.json:
  // without it `npm ci` on a fresh clone refuses the lockfile.
  return () => {
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: tree.root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm install failed: run it yourself to link the new stack packages');
  };
}

export default stackGenerator;
