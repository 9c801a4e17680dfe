import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { SynthError } from './errors';

export interface StackProject {
  /** Absolute stack directory (holds Pulumi.yaml). */
  dir: string;
  /** Workspace-relative directory for messages (`stacks/x`). */
  displayDir: string;
  /** Pulumi project name. */
  name: string;
  /** What the engine would require: an absolute file, or the directory with a trailing slash. */
  entry: string;
  typescript: boolean;
  /** Absolute tsconfig path (may not exist: the engine then skips project options). */
  tsconfig: string;
}

interface PulumiYaml {
  name?: string;
  main?: string;
  runtime?: string | { name?: string; options?: { typescript?: boolean; tsconfig?: string } };
}

/** Reads Pulumi.yaml and resolves the program entry the way `pulumi-language-nodejs` + cmd/run/run.ts do. */
export function readStackProject(dir: string, workspaceRoot: string): StackProject {
  const displayDir = path.relative(workspaceRoot, dir) || '.';
  const file = path.join(dir, 'Pulumi.yaml');
  if (!fs.existsSync(file)) throw new SynthError(`${displayDir} has no Pulumi.yaml; is it a stack directory?`);
  const doc = (parse(fs.readFileSync(file, 'utf8')) ?? {}) as PulumiYaml;
  if (!doc.name) throw new SynthError(`${displayDir}/Pulumi.yaml has no "name"`);
  const options = typeof doc.runtime === 'object' ? (doc.runtime.options ?? {}) : {};
  // The nodejs language host treats a missing `typescript` option as true.
  const typescript = options.typescript !== false;
  const tsconfig = path.resolve(dir, options.tsconfig ?? 'tsconfig.json');
  return {
    dir,
    displayDir,
    name: doc.name,
    entry: resolveEntry(dir, doc.main),
    typescript,
    tsconfig,
  };
}

function resolveEntry(dir: string, main: string | undefined): string {
  if (main) return path.resolve(dir, main);
  // No `main`: the engine runs "." and looks at package.json exports/main, else requires the directory.
  const pkgFile = path.join(dir, 'package.json');
  if (fs.existsSync(pkgFile)) {
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { main?: string; exports?: unknown };
    const exp = pkg.exports;
    const candidate =
      typeof exp === 'string'
        ? exp
        : exp && typeof exp === 'object' && typeof (exp as Record<string, unknown>)['.'] === 'string'
          ? ((exp as Record<string, string>)['.'])
          : pkg.main;
    if (candidate && fs.existsSync(path.join(dir, candidate))) return path.join(dir, candidate);
  }
  return dir + path.sep;
}
