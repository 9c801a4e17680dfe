import { spawn } from 'node:child_process';

/**
 * Runs a program with an argv array (`shell: false`: no quoting, no injection, nothing re-parsed),
 * inheriting stdio (stdout to the file descriptor `stdout` when given) and the environment unchanged. Resolves
 * with the exit code (1 if killed by a signal).
 */
export function runProcess(file: string, argv: string[], cwd: string, env: NodeJS.ProcessEnv, stdout?: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(file, argv, { cwd, env, stdio: ['inherit', stdout ?? 'inherit', 'inherit'], shell: false });
    child.on('error', (err) => {
      console.error(`Could not start ${file}: ${err.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
