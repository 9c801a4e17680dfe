import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export class PlanDiffError extends Error {
  override name = 'PlanDiffError';
}

export interface Checkout {
  ref: string;
  /** The commit the ref named when checked out. */
  sha: string;
  dir: string;
  remove(): void;
}

const git = (repo: string, args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** The commit `ref` names in `repo`, or a PlanDiffError naming the ref (never a git stack trace). */
export function resolveRef(repo: string, ref: string): string {
  if (ref.startsWith('-')) throw new PlanDiffError(`"${ref}" is not a git ref`);
  try {
    return git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new PlanDiffError(`"${ref}" names no commit in ${repo} (fetch it first: the plan diff reads only local refs, no network)`);
  }
}

/**
 * `ref` as a detached git worktree in a temporary directory, with the workspace's installed packages linked in
 * (nothing is installed, nothing downloaded). Remove it with `remove()`.
 */
export function checkout(repo: string, ref: string, nodeModules: string): Checkout {
  const sha = resolveRef(repo, ref);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-diff-'));
  try {
    git(repo, ['worktree', 'add', '--detach', '--quiet', dir, sha]);
    linkNodeModules(dir, nodeModules);
  } catch (err) {
    removeWorktree(repo, dir);
    throw err instanceof PlanDiffError ? err : new PlanDiffError(`could not check out ${ref} (${sha.slice(0, 12)}) into a worktree: ${firstLine(err)}`);
  }
  return { ref, sha, dir, remove: () => removeWorktree(repo, dir) };
}

function removeWorktree(repo: string, dir: string): void {
  // The links first: they point into the workspace's node_modules, which must never be touched.
  fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
  try {
    git(repo, ['worktree', 'remove', '--force', dir]);
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      git(repo, ['worktree', 'prune']);
    } catch {
      // nothing registered
    }
  }
}

/**
 * `<dir>/node_modules`: a link to each installed package of `source`, except the workspace's own packages
 * (npm links those to the workspace's folders), which are linked to the checkout's folders instead, so the
 * checkout runs its own libs, tools and stacks with the workspace's third-party packages.
 */
export function linkNodeModules(dir: string, source: string): void {
  const own = workspacePackages(dir);
  const target = path.join(dir, 'node_modules');
  fs.mkdirSync(target);
  const ownScopes = new Set([...own.keys()].filter((n) => n.startsWith('@')).map((n) => n.split('/')[0]));
  for (const entry of fs.readdirSync(source)) {
    if (entry === '.cache' || own.has(entry)) continue; // tools' caches stay with the workspace
    if (ownScopes.has(entry)) {
      fs.mkdirSync(path.join(target, entry));
      for (const pkg of fs.readdirSync(path.join(source, entry))) {
        if (!own.has(`${entry}/${pkg}`)) fs.symlinkSync(path.join(source, entry, pkg), path.join(target, entry, pkg));
      }
    } else fs.symlinkSync(path.join(source, entry), path.join(target, entry));
  }
  for (const [name, pkgDir] of own) {
    fs.mkdirSync(path.dirname(path.join(target, name)), { recursive: true });
    fs.symlinkSync(pkgDir, path.join(target, name));
  }
}

/** Package name → folder for every npm workspace of the checkout (root package.json `workspaces`, `*` segments). */
function workspacePackages(root: string): Map<string, string> {
  const patterns = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces?: string[] }).workspaces ?? [];
  const found = new Map<string, string>();
  for (const pattern of patterns) {
    for (const dir of expand(root, pattern.split('/'))) {
      const file = path.join(dir, 'package.json');
      if (!fs.existsSync(file)) continue;
      const name = (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string }).name;
      if (name) found.set(name, dir);
    }
  }
  return found;
}

function expand(base: string, segments: string[]): string[] {
  if (segments.length === 0) return [base];
  const [head, ...rest] = segments;
  if (head !== '*') return fs.existsSync(path.join(base, head)) ? expand(path.join(base, head), rest) : [];
  return fs
    .readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'node_modules' && !d.name.startsWith('.'))
    .flatMap((d) => expand(path.join(base, d.name), rest));
}

const firstLine = (err: unknown) => String((err as { stderr?: unknown }).stderr || (err as Error).message).split('\n')[0];
