/** A stack program file and the names it uses from each contract package. */
export interface FileImports {
  project: string;
  file: string;
  /** Contract package (`@sophia-ai/<s>-contract`) → names used from it. */
  modules: Record<string, string[]>;
}

export interface StackEdge {
  source: string;
  target: string;
  sourceFile: string;
}

/** Contract package → its exported contracts (export name → Pulumi project). */
export type ContractsByPackage = Record<string, Record<string, string>>;

/**
 * consumer → producer for every contract a stack uses, through (package, contract name) → Pulumi project → Nx
 * project. Names that are not contracts (facts such as `lambdaLabsFirewall`, helpers) and self-imports (a producer
 * typing its own outputs) give no edge. One edge per (consumer, producer, file), sorted for stable output.
 */
export function stackEdges(
  contracts: ContractsByPackage,
  nxProjectByPulumiProject: Record<string, string>,
  imports: FileImports[],
): StackEdge[] {
  const edges = new Map<string, StackEdge>();
  for (const { project, file, modules } of imports) {
    for (const [module, names] of Object.entries(modules)) {
      for (const name of names) {
        const pulumiProject = contracts[module]?.[name];
        const target = pulumiProject === undefined ? undefined : nxProjectByPulumiProject[pulumiProject];
        if (!target || target === project) continue;
        edges.set(`${project}\0${target}\0${file}`, { source: project, target, sourceFile: file });
      }
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

/** A stack's output contract lives in `<stack root>/contract/` (its own package and Nx project, `<s>-contract`). */
export const CONTRACT_DIR = 'contract';
