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
