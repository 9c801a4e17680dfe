import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_DIR, findCycle, isProgramSource, stackEdges, type ContractsByPackage, type FileImports, type StackEdge } from './edges';
import { contractImports, parseContracts, type ContractUse } from './parse';
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
const CACHE_VERSION = '3';

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

/** `name` of `<dir>/package.json`, if the folder is a package. */
function packageName(workspaceRoot: string, dir: string): string | undefined {
  try {
    const name = (JSON.parse(readFileSync(join(workspaceRoot, dir, 'package.json'), 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' && name ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every stack → stack edge of the workspace (consumer → producer, with the file that creates the reference): a
 * stack's contract package is `<root>/contract` (`@sophia-ai/<s>-contract`), and a stack that uses a contract
 * exported there reads that producer. Throws StackGraphError when a file uses a contract package in a way the scan
 * cannot resolve (an edge would be missing), when a contract names another stack's Pulumi project than the one
 * whose folder holds it, or when the references form a cycle (no deploy order exists). Parse results are cached
 * per content hash in `cacheFile`, so an unchanged file is read but not parsed.
 */
export function scanStackEdges(workspaceRoot: string, stacks: StackInfo[], cacheFile: string): StackEdge[] {
  const cache = new ScanCache<Record<string, string> | ContractUse>(cacheFile, CACHE_VERSION);
  const used = new Set<string>();
  /** Cached per (kind, file); `salt` is whatever else the result depends on (the contract packages). */
  const parse = <T extends Record<string, string> | ContractUse>(
    kind: 'contracts' | 'imports',
    file: string,
    salt: string,
    compute: (text: string) => T,
  ): T => {
    const key = `${kind}:${file}`;
    used.add(key);
    const text = readFileSync(join(workspaceRoot, file), 'utf8');
    return cache.get(key, createHash('sha1').update(salt).update('\0').update(text).digest('hex'), () => compute(text)) as T;
  };

  const contracts: ContractsByPackage = {};
  const misplaced: string[] = [];
  for (const stack of stacks) {
    const dir = `${stack.root}/${CONTRACT_DIR}`;
    const pkg = packageName(workspaceRoot, dir);
    if (!pkg) continue;
    contracts[pkg] = {};
    for (const file of sourcesUnder(workspaceRoot, dir)) {
      for (const [name, project] of Object.entries(parse('contracts', file, '', (text) => parseContracts(file, text)))) {
        if (project !== stack.pulumiProject) {
          misplaced.push(`  ${file}: ${name} declares project '${project}', but ${dir} is the contract of '${stack.pulumiProject}'`);
        }
        contracts[pkg][name] = project;
      }
    }
  }
  const packages = Object.keys(contracts).sort();
  const imports: FileImports[] = [];
  const unresolved: string[] = [];
  for (const stack of stacks) {
    for (const file of sourcesUnder(workspaceRoot, stack.root)) {
      const use = parse('imports', file, packages.join(','), (text) => contractImports(file, text, packages));
      if (use.unresolved) unresolved.push(use.unresolved);
      if (Object.keys(use.modules).length > 0) imports.push({ project: stack.name, file, modules: use.modules });
    }
  }
  cache.save(used);
  if (misplaced.length > 0) {
    throw new StackGraphError(
      `A stack's contract declares its own outputs only (the folder decides which stack it belongs to):\n${misplaced.join('\n')}`,
    );
  }
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
