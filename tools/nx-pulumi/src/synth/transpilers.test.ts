/**
 * SWC (what every stack's tsconfig selects, on the engine as in synth) must not change what a program does: each
 * stack's plan is the same byte for byte when TypeScript's own transpiler compiles it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { planText, STACKS, synthEveryStack } from './testing/every-stack';

jest.setTimeout(180_000);

test('every stack plans the same under TypeScript and under SWC', async () => {
  const dirs = { typescript: mkdtempSync(path.join(tmpdir(), 'synth-ts-')), swc: mkdtempSync(path.join(tmpdir(), 'synth-swc-')) };
  try {
    await synthEveryStack(dirs.typescript, { SOPHIA_SYNTH_TRANSPILER: 'typescript' });
    await synthEveryStack(dirs.swc, { SOPHIA_SYNTH_TRANSPILER: 'swc' });
    for (const stack of STACKS) {
      expect({ stack, plan: planText(dirs.swc, stack) }).toEqual({ stack, plan: planText(dirs.typescript, stack) });
    }
  } finally {
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }
});
