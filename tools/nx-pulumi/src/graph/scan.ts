import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACTS_DIR, findCycle, isContractFile, isProgramSource, stackEdges, type FileImports, type StackEdge } from './edges';
import { parseContracts, stackRefsImports, type StackRefsUse } from './parse';
import { ScanCache } from './scan-cache';

/** A stack as the plugin knows it: Nx project name, root (workspace-relative) and Pulumi project. */
export interface StackInfo {
  name: string;
  root: string;
  pulumiProject: string;
}

/** An expected failure of the scan: the message names the files and the fix. */
export class StackGraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackGraphError';
  }
}

// Bump when the shape of cached parse results changes.
const CACHE_VERSION = '2';

const SKIP_DIRS = new Set(['node_modules', 'dist', 'bin', 'coverage']);

function sourcesUnder(workspaceRoot: string, dir: string): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(join(workspaceRoot, dir), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIP_DIRS.has(entry.name)) out.push(...sourcesUnder(workspaceRoot, rel));
    } else if (isProgramSource(rel)) {
      out.push(rel);
    }
  }
  return out;
}

/**
 * Every stack → stack edge of the workspace (consumer → producer, with the file that creates the reference).
 * Throws StackGraphError when a file uses stack-refs in a way the scan cannot resolve (an edge would be missing)
 * or when the references form a cycle (no deploy order exists). Parse results are cached per content hash in
 * `cacheFile`, so an unchanged file is read but not parsed.
 */
export function scanStackEdges(workspaceRoot: string, stacks: StackInfo[], cacheFile: string): StackEdge[] {
  const cache = new ScanCache<Record<string, string> | StackRefsUse>(cacheFile, CACHE_VERSION);
  const used = new Set<string>();
  const parse = <T extends Record<string, string> | StackRefsUse>(file: string, compute: (text: string) => T): T => {
    used.add(file);
    const text = readFileSync(join(workspaceRoot, file), 'utf8');
    return cache.get(file, createHash('sha1').update(text).digest('hex'), () => compute(text)) as T;
  };

  const contracts: Record<string, string> = {};
  for (const file of sourcesUnder(workspaceRoot, CONTRACTS_DIR.replace(/\/$/, '')).filter(isContractFile)) {
    Object.assign(contracts, parse(file, (text) => parseContracts(file, text)));
  }
  const imports: FileImports[] = [];
  const unresolved: string[] = [];
  for (const stack of stacks) {
    for (const file of sourcesUnder(workspaceRoot, stack.root)) {
      const use = parse(file, (text) => stackRefsImports(file, text));
      if (use.unresolved) unresolved.push(use.unresolved);
      if (use.names.length > 0) imports.push({ project: stack.name, file, names: use.names });
    }
  }
  cache.save(used);
  if (unresolved.length > 0) {
    throw new StackGraphError(
      `nx-pulumi cannot tell which stacks these files reference, so their deploy order and affected set would be wrong:\n` +
        unresolved.map((u) => `  ${u}`).join('\n'),
    );
  }
  const nxProjectByPulumiProject = Object.fromEntries(stacks.map((s) => [s.pulumiProject, s.name]));
  const edges = stackEdges(contracts, nxProjectByPulumiProject, imports);
  const cycle = findCycle(edges);
  if (cycle) {
    throw new StackGraphError(
      `Stack references form a cycle, so no stack of it can be deployed first:\n` +
        cycle.map((e) => `  ${e.source} reads ${e.target} (${e.sourceFile})`).join('\n') +
        `\nBreak it: move the shared value to one producer, or pass it through configuration.`,
    );
  }
  return edges;
}
