/**
 * SWC (what every stack's tsconfig selects, on the engine as in synth) must not change what a program does: each
 * stack's plan is the same byte for byte when TypeScript's own transpiler compiles it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');
const SYNTH = path.join(ROOT, 'tools', 'nx-pulumi', 'bin', 'synth.js');
const STACKS = readdirSync(path.join(ROOT, 'stacks')).filter((d) => existsSync(path.join(ROOT, 'stacks', d, 'Pulumi.yaml'))).sort();

jest.setTimeout(180_000);

function synthOne(stack: string, outDir: string, transpiler: 'typescript' | 'swc'): Promise<string | undefined> {
  return new Promise((resolve) =>
    execFile(process.execPath, [SYNTH, path.join(ROOT, 'stacks', stack), '--env', 'local', '--out-dir', outDir], { cwd: ROOT, env: { ...process.env, SOPHIA_SYNTH_TRANSPILER: transpiler } }, (err, stdout, stderr) =>
      resolve(err ? `${stack} (${transpiler}): ${stdout}${stderr}` : undefined),
    ),
  );
}

/** Every stack, producers before consumers: a stack whose upstream plan is not written yet is tried again next round. */
async function synth(outDir: string, transpiler: 'typescript' | 'swc'): Promise<void> {
  let pending = [...STACKS];
  while (pending.length) {
    const failures: string[] = [];
    const left: string[] = [];
    for (const stack of pending) {
      const failure = await synthOne(stack, outDir, transpiler);
      if (failure) {
        failures.push(failure);
        left.push(stack);
      }
    }
    if (left.length === pending.length) throw new Error(failures.join('\n'));
    pending = left;
  }
}

test('every stack plans the same under TypeScript and under SWC', async () => {
  const dirs = { typescript: mkdtempSync(path.join(tmpdir(), 'synth-ts-')), swc: mkdtempSync(path.join(tmpdir(), 'synth-swc-')) };
  try {
    await synth(dirs.typescript, 'typescript');
    await synth(dirs.swc, 'swc');
    for (const stack of STACKS) {
      const plan = (dir: string) => readFileSync(path.join(dir, stack, 'local.json'), 'utf8');
      expect({ stack, plan: plan(dirs.swc) }).toEqual({ stack, plan: plan(dirs.typescript) });
    }
  } finally {
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }
});
