/** A stack program file and the names it imports from `@sophia-ai/stack-refs`. */
export interface FileImports {
  project: string;
  file: string;
  names: string[];
}

export interface StackEdge {
  source: string;
  target: string;
  sourceFile: string;
}

/**
 * consumer → producer for every contract a stack imports, through contract name → Pulumi project →
 * Nx project. Unknown names (helpers such as `TypedStackReference`) and self-imports (a producer typing
 * its own outputs) give no edge. One edge per (consumer, producer, file), sorted for stable output.
 */
export function stackEdges(
  contracts: Record<string, string>,
  nxProjectByPulumiProject: Record<string, string>,
  imports: FileImports[],
): StackEdge[] {
  const edges = new Map<string, StackEdge>();
  for (const { project, file, names } of imports) {
    for (const name of names) {
      const pulumiProject = contracts[name];
      const target = pulumiProject === undefined ? undefined : nxProjectByPulumiProject[pulumiProject];
      if (!target || target === project) continue;
      edges.set(`${project}\0${target}\0${file}`, { source: project, target, sourceFile: file });
    }
  }
  return [...edges.values()].sort((a, b) =>
    `${a.source}\0${a.target}\0${a.sourceFile}`.localeCompare(`${b.source}\0${b.target}\0${b.sourceFile}`),
  );
}

/**
 * One cycle of stack references, as the edges that form it (each with the file that creates it), or undefined.
 * A cycle has no deploy order: neither stack can be created first.
 */
export function findCycle(edges: StackEdge[]): StackEdge[] | undefined {
  const out = new Map<string, StackEdge[]>();
  for (const e of edges) out.set(e.source, [...(out.get(e.source) ?? []), e]);
  const state = new Map<string, 'open' | 'done'>();
  const path: StackEdge[] = [];
  const walk = (node: string): StackEdge[] | undefined => {
    state.set(node, 'open');
    for (const e of out.get(node) ?? []) {
      path.push(e);
      if (state.get(e.target) === 'open') return path.slice(path.findIndex((p) => p.source === e.target));
      if (!state.has(e.target)) {
        const found = walk(e.target);
        if (found) return found;
      }
      path.pop();
    }
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...out.keys()].sort()) {
    if (!state.has(node)) {
      const found = walk(node);
      if (found) return found;
    }
  }
  return undefined;
}

/** Stack program sources: TypeScript that the engine loads, i.e. not tests, fixtures or declarations. */
export function isProgramSource(file: string): boolean {
  return (
    /\.(ts|tsx|mts|cts)$/.test(file) &&
    !/\.d\.(ts|mts|cts)$/.test(file) &&
    !/\.(test|spec)\.(ts|tsx|mts|cts)$/.test(file) &&
    !/(^|\/)(__fixtures__|__tests__|node_modules)\//.test(file)
  );
}

export const CONTRACTS_DIR = 'libs/stack-refs/src/contracts/';

/** `libs/stack-refs/src/contracts/<project>.ts`, not the index that re-exports them, not tests. */
export function isContractFile(file: string): boolean {
  if (!file.startsWith(CONTRACTS_DIR)) return false;
  const rest = file.slice(CONTRACTS_DIR.length);
  return !rest.includes('/') && isProgramSource(file) && !/^index\.(ts|mts|cts)$/.test(rest);
}
