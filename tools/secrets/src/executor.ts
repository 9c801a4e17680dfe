import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';

export interface SecretsExecutorOptions {
  command: string;
  __unparsed__?: string[];
}

/**
 * `nx run secrets:<command> [--] --env dev --apply …`: the flags go to the CLI exactly as typed (nx:run-commands
 * would claim `--env` for itself). Exit code 2 (changes) and 3 (conflicts/drift) fail the target like errors do:
 * nx knows only success and failure, and both need a look.
 */
export default async function secretsExecutor(options: SecretsExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const bin = path.join(context.root, 'tools', 'secrets', 'bin', 'sophia-secrets.js');
  const child = spawn(process.execPath, [bin, options.command, ...(options.__unparsed__ ?? [])], { cwd: process.cwd(), stdio: 'inherit' });
  const code = await new Promise<number>((resolve) => {
    child.on('error', () => resolve(1));
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  return { success: code === 0 };
}
