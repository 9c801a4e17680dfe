import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PLAN_SECRET_KEY_ENV } from '@sophia-ai/redact';

export interface SynthRun {
  code: number;
  /** Nx's output (synth already scrubs secret values from what it prints). */
  log: string;
}

/**
 * `nx run-many -t synth` inside a checkout: upstream stacks first (their plans feed downstream StackReferences),
 * no cache (the plans carry this run's secret fingerprints), no daemon, nothing from the workspace's .nx.
 */
export function runSynth(dir: string, opts: { env: string; key: string; projects?: string[]; nodeModules: string }): Promise<SynthRun> {
  const nxBin = nxEntry(opts.nodeModules);
  const args = [nxBin, 'run-many', '-t', 'synth', '--skip-nx-cache', '--outputStyle=static', `--env=${opts.env}`, ...(opts.projects?.length ? [`--projects=${opts.projects.join(',')}`] : [])];
  const env: NodeJS.ProcessEnv = { ...withoutNx(process.env), NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0', [PLAN_SECRET_KEY_ENV]: opts.key };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, log }));
  });
}

/** Nx's CLI entry from its package.json `bin` (the file moves between Nx versions). */
function nxEntry(nodeModules: string): string {
  const pkgDir = path.join(nodeModules, 'nx');
  const bin = (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { bin?: Record<string, string> | string }).bin;
  const rel = typeof bin === 'string' ? bin : bin?.nx;
  if (!rel) throw new Error(`${pkgDir}/package.json names no "nx" bin`);
  return path.join(pkgDir, rel);
}

/** A plan diff may itself run under Nx: the checkout's Nx must not inherit the outer run's task settings. */
function withoutNx(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('NX_') && k !== PLAN_SECRET_KEY_ENV));
}

/**
 * Why each stack's synth failed, from the run's output: synth prints `synth failed: <project>: <first line>`
 * (messages name keys and files, never values). A stack whose dependency failed gets no line of its own.
 */
export function failureReasons(log: string): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const m of log.matchAll(/synth failed: ([A-Za-z0-9_.-]+): ([^\n]*)/g)) if (!reasons.has(m[1]!)) reasons.set(m[1]!, m[2]!.trim().replace(/:$/, ' (listed in the synth output)'));
  // Nx's summary: "Tasks not run because their dependencies failed …:" then "- <project>:synth" lines.
  const notRun = /Tasks not run because their dependencies failed[^\n]*\n((?:\s*-\s*[^\n]*\n?)*)/.exec(log)?.[1] ?? '';
  for (const m of notRun.matchAll(/-\s*([A-Za-z0-9_.-]+):synth/g)) if (!reasons.has(m[1]!)) reasons.set(m[1]!, 'not run: a stack it reads failed to synthesise');
  return reasons;
}
