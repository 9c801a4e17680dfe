import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const WORKSPACE = path.resolve(__dirname, '../../../../..');
const RUNNER = path.join(WORKSPACE, 'tools', 'nx-pulumi', 'bin', 'synth.js');

/** Every stack of the workspace (a folder of stacks/ with a Pulumi.yaml), sorted. */
export const STACKS = readdirSync(path.join(WORKSPACE, 'stacks'))
  .filter((d) => existsSync(path.join(WORKSPACE, 'stacks', d, 'Pulumi.yaml')))
  .sort();

/** Runs the synth runner on one stack (env local) into `outDir`; resolves with its failure's text, or undefined. */
function synthOne(stack: string, outDir: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const args = [RUNNER, path.join(WORKSPACE, 'stacks', stack), '--env', 'local', '--out-dir', outDir];
  return new Promise((resolve) =>
    execFile(process.execPath, args, { cwd: WORKSPACE, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve(err ? `${stack}: ${stdout}${stderr}` : undefined),
    ),
  );
}

/**
 * Plans every stack into `outDir` with `env` added to the runner's environment, producers before consumers: a stack
 * whose upstream plan is not written yet fails and is tried again in the next round. Resolves with the order the
 * stacks succeeded in; rejects with the failures when a round makes no progress.
 */
export async function synthEveryStack(outDir: string, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const order: string[] = [];
  let pending = [...STACKS];
  while (pending.length > 0) {
    const failures: string[] = [];
    for (const stack of pending) {
      const failure = await synthOne(stack, outDir, env);
      if (failure) failures.push(failure);
      else order.push(stack);
    }
    const left = pending.filter((stack) => !order.includes(stack));
    if (left.length === pending.length) throw new Error(failures.join('\n'));
    pending = left;
  }
  return order;
}

/** One stack's plan file (env local) as written, for byte-for-byte comparisons. */
export function planText(outDir: string, stack: string): string {
  return readFileSync(path.join(outDir, stack, 'local.json'), 'utf8');
}
