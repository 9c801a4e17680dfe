/**
 * Where a task reports: the terminal (one task per Nx worker process), or a buffer (a batch: one result per task).
 * Its methods may be passed around unbound.
 */
export interface TaskIo {
  log(line: string): void;
  error(line: string): void;
  /** Set in a batch: the child's output is captured here and its stdin closed, so nothing can prompt. */
  capture?: (text: string) => void;
}

export const TERMINAL: TaskIo = { log: (line) => console.log(line), error: (line) => console.error(line) };

/** A TaskIo that keeps everything, in order, for the task's result in a batch. */
export function capturingIo(): TaskIo & { text(): string } {
  let text = '';
  const line = (l: string) => (text += `${l}\n`);
  return { log: line, error: line, capture: (chunk) => (text += chunk), text: () => text };
}
