/*
 * Edges from ESC imports. A stack's `Pulumi.<env>.yaml` lists `environment:` imports (`<project>/<name>`, possibly
 * pinned `@stable` / `@<revision>`); an environment whose definition is committed in the workspace, as
 * `<stack root>/esc/<env>.yaml` for `<project>/<stack>-<env>`, makes the importing stack depend on the project
 * holding that file (`<stack>-esc`). The edge goes to the file's project rather than to the stack that creates
 * environments (`esc`) so that `nx affected` stays exact: a change to one definition affects its importers and
 * esc (which depends on every `*-esc`), not every stack. `up` still runs the
 * environments stack first: that order is a task dependency (targets.ts), not a project edge.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { StackInfo } from './scan';

/** Where a stack's generated ESC definitions live, relative to its root (stacks/esc's `definitionFile`). */
export const ESC_DEFINITIONS_DIR = 'esc';

/** One import that resolves to a committed definition. */
export interface EnvironmentImport {
  /** The importing stack (Nx project). */
  source: string;
  /** `<project>/<name>` as written, without the pin. */
  environment: string;
  /** The stack config file that imports it (the edge's sourceFile). */
  sourceFile: string;
  /** The committed definition, workspace-relative. */
  definitionFile: string;
}

/** The `environment:` imports of a stack config file, pins removed. Anything else (no list, bad YAML) is none. */
export function environmentImports(text: string): string[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return []; // the ESC stack's missing-environment check reports the file
  }
  const list = (doc as { environment?: unknown } | null)?.environment;
  if (!Array.isArray(list)) return [];
  return list.filter((e): e is string => typeof e === 'string').map((e) => e.replace(/@[^@/]+$/, ''));
}

/**
 * The definition file for `<project>/<name>`: the stack whose folder name is a prefix `<stack>-` of `name`, with
 * `<root>/esc/<rest>.yaml` present. The longest matching stack name wins (`data` vs `data-lake`).
 */
export function definitionFor(environment: string, stacks: readonly StackInfo[], exists: (rel: string) => boolean): string | undefined {
  const name = environment.slice(environment.indexOf('/') + 1);
  const candidates = [...stacks].sort((a, b) => b.name.length - a.name.length);
  for (const stack of candidates) {
    if (!name.startsWith(`${stack.name}-`)) continue;
    const file = `${stack.root}/${ESC_DEFINITIONS_DIR}/${name.slice(stack.name.length + 1)}.yaml`;
    if (exists(file)) return file;
  }
  return undefined;
}

/** Every resolvable import of every stack's `Pulumi.<env>.yaml`, sorted. Unresolvable ones are left to the ESC check. */
export function scanEnvironmentImports(workspaceRoot: string, stacks: readonly StackInfo[]): EnvironmentImport[] {
  const exists = (rel: string) => existsSync(join(workspaceRoot, rel));
  const found: EnvironmentImport[] = [];
  for (const stack of stacks) {
    const configs = readdirSync(join(workspaceRoot, stack.root)).filter((f) => /^Pulumi\.[^.]+\.ya?ml$/.test(f)).sort();
    for (const config of configs) {
      const sourceFile = `${stack.root}/${config}`;
      for (const environment of environmentImports(readFileSync(join(workspaceRoot, sourceFile), 'utf8'))) {
        const definitionFile = definitionFor(environment, stacks, exists);
        if (definitionFile) found.push({ source: stack.name, environment, sourceFile, definitionFile });
      }
    }
  }
  return found;
}

/** The Nx project that owns a workspace-relative file: the one with the longest root containing it. */
export function projectOwning(file: string, roots: Record<string, string>): string | undefined {
  let best: { name: string; length: number } | undefined;
  for (const [name, root] of Object.entries(roots)) {
    const inside = root === '.' || root === '' || file.startsWith(`${root}/`);
    if (inside && (!best || root.length > best.length)) best = { name, length: root.length };
  }
  return best?.name;
}
