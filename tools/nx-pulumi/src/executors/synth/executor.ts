import type { ExecutorContext } from '@nx/devkit';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NAME_PATTERN } from '@sophia-ai/stack-refs/src/naming';
import { argvOrReport, projectDir } from '../common';
import { runProcess } from '../run-process';
import { TERMINAL, type TaskIo } from '../task-io';

export interface SynthExecutorOptions {
  env?: string;
}

/** Synth plans with sample config by default: `local` is the env that needs no account (not SOPHIA_ENV). */
export const DEFAULT_SYNTH_ENV = 'local';

/** argv for `node`: the runner, the absolute stack dir, the env and the output root. */
export function synthArgv(workspaceRoot: string, stackDir: string, options: SynthExecutorOptions): string[] {
  const env = options.env || DEFAULT_SYNTH_ENV;
  if (!NAME_PATTERN.test(env)) throw new Error(`Invalid synth env "${env}"`);
  return [synthRunner(workspaceRoot), stackDir, '--env', env, '--out-dir', join(workspaceRoot, 'dist', 'synth')];
}

export function synthRunner(workspaceRoot: string): string {
  return join(workspaceRoot, 'tools', 'nx-pulumi', 'bin', 'synth.js');
}

export default function synthExecutor(options: SynthExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  return runSynthTask(options, context, TERMINAL);
}

/** One stack's offline plan, for the task `context` names (also run by the batch implementation, batch.ts). */
export async function runSynthTask(options: SynthExecutorOptions, context: ExecutorContext, io: TaskIo): Promise<{ success: boolean }> {
  const stackDir = projectDir(context, 'synth');
  const argv = argvOrReport(() => synthArgv(context.root, stackDir, options), io.error);
  if (!argv) return { success: false };
  if (!existsSync(argv[0])) {
    io.error(`Synth runner not found at ${argv[0]}`);
    return { success: false };
  }
  // Same Node binary as Nx, argv array, no shell; the runner exits non-zero on any failure. A fresh process per
  // stack, in a batch too: the program is loaded as the engine loads it, into a process of its own.
  const code = await runProcess(process.execPath, argv, context.root, process.env, { capture: io.capture });
  return { success: code === 0 };
}
