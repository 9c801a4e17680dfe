import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { inGraphOrder } from './graph-order';
import { capturingIo, type TaskIo } from './task-io';

interface BatchResult {
  success: boolean;
  terminalOutput: string;
  startTime?: number;
  endTime?: number;
}

type RunTask<O> = (options: O, context: ExecutorContext, io: TaskIo) => Promise<{ success: boolean }>;

/**
 * An executor's batch implementation (Nx's batch mode): every task of the run in one process instead of one Nx
 * worker process per task (2–3 s each on a 2-core runner), in dependency order (graph-order.ts) with at most
 * `slots` at once. Each task's output is captured and becomes its result's terminal output, shown when it finishes.
 */
export function batchImplementation<O>(runTask: RunTask<O>, slots = Infinity) {
  return async function* batch(
    taskGraph: TaskGraph,
    inputs: Record<string, O>,
    _overrides: unknown,
    context: ExecutorContext,
  ): AsyncGenerator<{ task: string; result: BatchResult }> {
    yield* inGraphOrder<BatchResult>(
      taskGraph,
      async (id) => {
        const task = taskGraph.tasks[id]!;
        const io = capturingIo();
        const startTime = Date.now();
        let success = false;
        try {
          const taskContext: ExecutorContext = {
            ...context,
            projectName: task.target.project,
            targetName: task.target.target,
            configurationName: task.target.configuration,
          };
          ({ success } = await runTask(inputs[id] ?? ({} as O), taskContext, io));
        } catch (err) {
          io.error((err as Error).message);
        }
        return { success, terminalOutput: io.text(), startTime, endTime: Date.now() };
      },
      (id, failed) => ({ success: false, terminalOutput: `${id} not run: ${failed} failed\n` }),
      slots,
    );
  };
}
