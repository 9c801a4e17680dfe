import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');

/**
 * Every file Node loads when a fresh process requires `entry` (a package name or a path), as real paths. Proves
 * the import boundaries that keep light libraries light (libs/http without libs/policy, stack programs without
 * @pulumi/esc-sdk, tools' ESC storage without @pulumi/pulumi). A child process, because Jest's registry is not
 * Node's and the test's own imports would be counted.
 */
export function modulesLoadedBy(entry: string): string[] {
  const script = [
    `require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(path.join(ROOT, 'tsconfig.base.json'))}, compilerOptions: { module: 'commonjs' } });`,
    `require(${JSON.stringify(entry)});`,
    `process.stdout.write(JSON.stringify(Object.keys(require.cache)));`,
  ].join('\n');
  const out = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return JSON.parse(out) as string[];
}

/** The workspace-relative paths of loaded files under `dir` (e.g. `node_modules/@pulumi/pulumi`, `libs/policy`). */
export function loadedUnder(modules: string[], dir: string): string[] {
  const prefix = path.join(ROOT, dir) + path.sep;
  return modules.filter((m) => m.startsWith(prefix)).map((m) => path.relative(ROOT, m));
}

/** Asserts that requiring `entry` loads files under each of `loads` and none under any of `never`. */
export function expectImportBoundary(entry: string, { loads, never }: { loads: string[]; never: string[] }): void {
  const loaded = modulesLoadedBy(entry);
  for (const dir of loads) expect({ dir, loaded: loadedUnder(loaded, dir).length > 0 }).toEqual({ dir, loaded: true });
  for (const dir of never) expect({ dir, loaded: loadedUnder(loaded, dir) }).toEqual({ dir, loaded: [] });
}

/** Time for a fresh process to load TypeScript sources and their packages. */
export const BOUNDARY_TEST_TIMEOUT_MS = 60_000;
