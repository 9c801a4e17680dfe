import { spawn } from 'node:child_process';

/**
 * Runs a program with an argv array (`shell: false`: no quoting, no injection, nothing re-parsed),
 * inheriting stdio and the environment unchanged. Resolves with the exit code (1 if killed by a signal).
 */
export function runProcess(file: string, argv: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(file, argv, { cwd, env, stdio: 'inherit', shell: false });
    child.on('error', (err) => {
      console.error(`Could not start ${file}: ${err.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
