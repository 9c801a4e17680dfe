import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';

export interface SshKeysExecutorOptions {
  command: string;
  __unparsed__?: string[];
}

/**
 * `nx run ssh-keys:<command> [--] --env dev …`: the flags go to the CLI exactly as typed. (nx:run-commands would
 * claim `--env` for its own `env` option and reject it before the CLI sees it.)
 */
export default async function sshKeysExecutor(options: SshKeysExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const bin = path.join(context.root, 'tools', 'ssh-keys', 'bin', 'sophia-ssh-keys.js');
  const child = spawn(process.execPath, [bin, options.command, ...(options.__unparsed__ ?? [])], { cwd: process.cwd(), stdio: 'inherit' });
  const code = await new Promise<number>((resolve) => {
    child.on('error', () => resolve(1));
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  return { success: code === 0 };
}
