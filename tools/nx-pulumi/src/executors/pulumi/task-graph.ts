import type { TaskGraph } from '@nx/devkit';

/** The subset of Nx's task graph these checks read (ExecutorContext.taskGraph). */
export type RunGraph = Pick<TaskGraph, 'tasks' | 'dependencies'>;

/** Id of the task running `target` of `project` in this graph (Nx ids are `project:target[:configuration]`). */
export function currentTaskId(graph: RunGraph | undefined, project: string, target: string): string | undefined {
  return Object.values(graph?.tasks ?? {}).find((t) => t.target.project === project && t.target.target === target)?.id;
}

/** A task another task of this run waits for: it runs because of that task (upstream of up, downstream of destroy). */
export function isDependencyTask(graph: RunGraph | undefined, taskId: string | undefined): boolean {
  if (!graph || !taskId) return false;
  return Object.entries(graph.dependencies).some(([id, deps]) => id !== taskId && deps.includes(taskId));
}

function reachable(graph: RunGraph, from: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(graph.dependencies[from] ?? [])];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(graph.dependencies[id] ?? []));
  }
  return seen;
}

/**
 * Two tasks of `ids` that Nx may run at the same time (neither waits for the other), or undefined when the graph
 * orders them all. Two interactive pulumi processes on one terminal interleave their prompts, and a typed "yes"
 * approves whichever reads it first.
 */
export function unorderedPair(graph: RunGraph, ids: string[]): [string, string] | undefined {
  const reach = new Map(ids.map((id) => [id, reachable(graph, id)]));
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const [a, b] = [ids[i]!, ids[j]!];
      if (!reach.get(a)!.has(b) && !reach.get(b)!.has(a)) return [a, b];
    }
  }
  return undefined;
}

/** What the skip rule reads of a stack project's plugin metadata. */
export interface DependentMetadata {
  upstream?: Array<{ target: string }>;
  environmentImports?: Array<{ sourceFile: string }>;
}

/**
 * Whether a dependency task of the environments stack has work to do for the tasks waiting on it: some waiting
 * stack reads its outputs (a contract edge), or imports an ESC environment in this run's environment
 * (`Pulumi.<env>.yaml`). `nx run portkey:up --stack …/local` waits for esc:up through the static task dependency,
 * but local imports nothing, so esc has nothing to deploy for it.
 */
export function environmentsNeeded(
  graph: RunGraph | undefined,
  taskId: string | undefined,
  project: string,
  env: string,
  metadataOf: (project: string) => DependentMetadata | undefined,
): boolean {
  if (!graph || !taskId) return true;
  const waiting = Object.entries(graph.dependencies)
    .filter(([id, deps]) => id !== taskId && deps.includes(taskId))
    .map(([id]) => graph.tasks[id]?.target.project)
    .filter((p): p is string => p !== undefined && p !== project);
  if (waiting.length === 0) return true;
  return waiting.some((p) => {
    const meta = metadataOf(p);
    return (
      (meta?.upstream ?? []).some((u) => u.target === project) ||
      (meta?.environmentImports ?? []).some((i) => i.sourceFile.endsWith(`/Pulumi.${env}.yaml`))
    );
  });
}
