import { spawn } from 'node:child_process';

/** Where a child's output goes: inherited (the default), stdout to a file descriptor, or both streams captured. */
export interface ProcessOutput {
  /** stdout to this file descriptor (e.g. pulumi's `--json` result file). */
  stdout?: number;
  /** Every chunk of stdout (unless `stdout` is set) and stderr, in arrival order; stdin is closed then. */
  capture?: (text: string) => void;
}

/**
 * Runs a program with an argv array (`shell: false`: no quoting, no injection, nothing re-parsed) and the
 * environment unchanged. Resolves with the exit code (1 if killed by a signal).
 */
export function runProcess(file: string, argv: string[], cwd: string, env: NodeJS.ProcessEnv, output: ProcessOutput = {}): Promise<number> {
  const { stdout, capture } = output;
  return new Promise((resolve) => {
    const child = spawn(file, argv, {
      cwd,
      env,
      stdio: capture ? ['ignore', stdout ?? 'pipe', 'pipe'] : ['inherit', stdout ?? 'inherit', 'inherit'],
      shell: false,
    });
    if (capture) {
      child.stdout?.on('data', (d: Buffer) => capture(d.toString('utf8')));
      child.stderr?.on('data', (d: Buffer) => capture(d.toString('utf8')));
    }
    child.on('error', (err) => {
      const message = `Could not start ${file}: ${err.message}`;
      if (capture) capture(`${message}\n`);
      else console.error(message);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
