/** The part of Nx's TaskGraph a batch is scheduled from. */
export interface BatchGraph {
  tasks: Record<string, unknown>;
  /** Every task's dependencies; those outside the batch have already succeeded (Nx schedules them first). */
  dependencies: Record<string, string[]>;
}

export interface Finished<R> {
  task: string;
  result: R;
}

/**
 * Runs a batch's tasks in dependency order: each starts as soon as its last dependency in the batch succeeds and
 * one of `slots` is free (by default every ready task at once: stacks deploy independently, bound by their clouds,
 * not by this machine). Results come out in completion order. A task below a failed one is not run: `notRun`
 * gives its result, naming the failed dependency, as Nx does for tasks it schedules itself. `run` must not reject
 * (a batch reports failures as results).
 */
export async function* inGraphOrder<R extends { success: boolean }>(
  graph: BatchGraph,
  run: (task: string) => Promise<R>,
  notRun: (task: string, failedDependency: string) => R,
  slots = Infinity,
): AsyncGenerator<Finished<R>> {
  const inBatch = (id: string) => Object.prototype.hasOwnProperty.call(graph.tasks, id);
  const waitingFor = new Map(Object.keys(graph.tasks).map((id) => [id, (graph.dependencies[id] ?? []).filter(inBatch)]));
  const outcome = new Map<string, boolean>();
  const running = new Map<string, Promise<Finished<R>>>();

  while (waitingFor.size > 0 || running.size > 0) {
    const skipped: Finished<R>[] = [];
    for (const [task, deps] of waitingFor) {
      const failed = deps.find((d) => outcome.get(d) === false);
      if (failed) {
        waitingFor.delete(task);
        outcome.set(task, false);
        skipped.push({ task, result: notRun(task, failed) });
      } else if (running.size < slots && deps.every((d) => outcome.get(d) === true)) {
        waitingFor.delete(task);
        running.set(task, run(task).then((result) => ({ task, result })));
      }
    }
    if (skipped.length > 0) {
      yield* skipped;
      continue; // a skipped task may stop others below it
    }
    if (running.size === 0) {
      throw new Error(`the batch cannot go on: ${[...waitingFor.keys()].join(', ')} wait for each other`);
    }
    const done = await Promise.race(running.values());
    running.delete(done.task);
    outcome.set(done.task, done.result.success);
    yield done;
  }
}
