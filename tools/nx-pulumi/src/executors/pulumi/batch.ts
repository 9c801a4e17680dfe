import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import type { PulumiExecutorOptions } from './argv';
import { runPulumiTask, type TaskIo } from './executor';
import { inGraphOrder } from './graph-order';

interface BatchResult {
  success: boolean;
  terminalOutput: string;
  startTime?: number;
  endTime?: number;
}

/**
 * The pulumi executor's batch implementation (`nx run-many -t up --batch`, as the deploy workflow runs it): every
 * task of the run in one process, each stack's command started the moment its upstream stacks are done, instead
 * of one Nx worker process per task (2–3 s each on a 2-core runner, on every level of the graph). Each task's
 * output is captured and shown when it finishes; nothing prompts (stdin is closed), so `up` needs --yes or CI.
 */
export default async function* pulumiBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, PulumiExecutorOptions>,
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
        ({ success } = await runPulumiTask(inputs[id] ?? ({} as PulumiExecutorOptions), taskContext, io));
      } catch (err) {
        io.error((err as Error).message);
      }
      return { success, terminalOutput: io.text(), startTime, endTime: Date.now() };
    },
    (id, failed) => ({ success: false, terminalOutput: `${id} not run: ${failed} failed\n` }),
  );
}

function capturingIo(): TaskIo & { text(): string } {
  let text = '';
  const line = (l: string) => (text += `${l}\n`);
  return { log: line, error: line, capture: (chunk) => (text += chunk), text: () => text };
}
