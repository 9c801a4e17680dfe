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
