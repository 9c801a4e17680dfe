import * as fs from 'node:fs';
import type { StackProject } from './project';

// ts-node stores the active service here (ts-node's REGISTER_INSTANCE symbol).
const TS_NODE_INSTANCE = Symbol.for('ts-node.register.instance');

interface TsNodeService {
  enabled(value?: boolean): boolean;
}

let registeredFor: string | undefined;

/**
 * Registers TypeScript for the stack the way the engine's cmd/run/run.ts does: ts-node with the stack's
 * tsconfig as project and the same overrides (target ES2020, module/moduleResolution nodenext, sourceMap) put
 * under the tsconfig file's own compilerOptions, and the file's own `"ts-node"` options. Every stack sets
 * `"ts-node": {"swc": true}` there: SWC transpiles several times faster than TypeScript and implies transpile-only,
 * on the engine as here (proven by compiler.engine.test.ts; type-checking is `npm run typecheck`). For a program
 * without it, synth is still transpile-only where the engine would type-check. No ESM mode (stacks are CommonJS).
 */
export function registerTypeScript(project: StackProject): void {
  if (!project.typescript || registeredFor === project.dir) return;
  // The synth CLI itself runs under a ts-node registered by bin/synth.js. Two active services would each
  // compile every file (the second one recompiling the first's output), so hand over to the stack's service.
  const own = (process as unknown as Record<symbol, TsNodeService | undefined>)[TS_NODE_INSTANCE];
  own?.enabled(false);
  const skipProject = !fs.existsSync(project.tsconfig);

  const tsnode = require('ts-node') as typeof import('ts-node');
  tsnode.register({
    transpileOnly: true,
    // Only `npm run bench` sets this, to measure the TypeScript transpiler next to the stack's SWC setting.
    ...(process.env.SOPHIA_SYNTH_TRANSPILER === 'typescript' ? { swc: false } : {}),
    project: project.tsconfig,
    skipProject,
    compilerOptions: engineCompilerOptions(project.tsconfig),
  });
  registeredFor = project.dir;
}

/**
 * The compiler options ts-node gets from the engine (cmd/run/run.ts, TypeScript ≥ 4.7): its defaults under
 * the tsconfig file's own compilerOptions. Also used to type-check stacks as the engine will.
 */
export function engineCompilerOptions(tsconfig: string): Record<string, unknown> {
  return {
    target: 'ES2020',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    sourceMap: 'true',
    ...ownCompilerOptions(tsconfig),
  };
}

/** Like the engine's tsutils.loadTypeScriptCompilerOptions: only the file's own compilerOptions, not `extends`. */
function ownCompilerOptions(tsconfig: string): Record<string, unknown> {
  try {
    const ts = require('typescript') as typeof import('typescript');
    const parsed = ts.parseConfigFileTextToJson(tsconfig, fs.readFileSync(tsconfig, 'utf8'));
    return (parsed.config?.compilerOptions as Record<string, unknown>) ?? {};
  } catch {
    return {};
  }
}

/** Requires the program entry (CommonJS, as the engine does for non-"type: module" packages). */
export function requireProgram(entry: string): unknown {
  return require(entry);
}
