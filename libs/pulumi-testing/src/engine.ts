/**
 * The real-engine harness: runs the Pulumi CLI (yours on PATH, or the one `npm run engine:install` built) against
 * a throwaway DIY state backend, with nothing of the caller's Pulumi account, plugins or update checks in reach.
 *
 * Suites opt in with PULUMI_INTEGRATION=1 (`npm run test:engine` sets it), so `npm test` never needs Go or a CLI.
 * Without a CLI an opted-in suite is skipped under a title that says what is missing; with
 * PULUMI_ENGINE_REQUIRED=1 (CI, after building the engine) a missing CLI fails instead of skipping.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { locatePulumi, missingPulumiMessage, type PulumiCli } from '@sophia-ai/pulumi-cli';
import { DIY_ORGANIZATION } from '@sophia-ai/stack-refs/src/naming';
import { acquireTreeLock, releaseTreeLock, treeLockDir } from './file-lock';

/** The only organisation a DIY backend knows: stack names and StackReferences must use it (libs/stack-refs naming). */
export const DIY_ORG = DIY_ORGANIZATION;

export interface EngineAvailability {
  cli?: PulumiCli;
  /** Why the suite does not run, or undefined when it does. */
  skipReason?: string;
}

export function engineAvailability(env: NodeJS.ProcessEnv = process.env): EngineAvailability {
  if (env.PULUMI_INTEGRATION !== '1') return { skipReason: 'set PULUMI_INTEGRATION=1 (npm run test:engine) to run it' };
  const cli = locatePulumi(env);
  if (cli) return { cli };
  if (env.PULUMI_ENGINE_REQUIRED === '1') throw new Error(`PULUMI_ENGINE_REQUIRED=1 but ${missingPulumiMessage(env)}`);
  return { skipReason: `no Pulumi CLI: run \`npm run engine:install\` or install one (it was looked for on PATH and in the engine cache)` };
}

/**
 * `describe` when the engine can run, else `describe.skip` with the reason in the title, so a skipped suite says
 * why in every report.
 */
export function describeOnEngine(title: string, body: (cli: PulumiCli) => void): void {
  const { cli, skipReason } = engineAvailability();
  if (cli) describe(`${title} [real engine: pulumi from ${cli.source}]`, () => body(cli));
  else describe.skip(`${title} (skipped: ${skipReason})`, () => body(undefined as never));
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  allowFailure?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface EngineSandbox {
  cli: PulumiCli;
  /** Environment for every command: the CLI's folder first on PATH, the throwaway backend, no ambient plugins. */
  env: NodeJS.ProcessEnv;
  stateDir: string;
  /** Every file of the state backend, concatenated: what a secret must never appear in as plain text. */
  stateText(): string;
  /** `pulumi <args>`; rejects with both streams on a non-zero exit unless `allowFailure`. */
  pulumi(args: string[], opts?: RunOptions): Promise<RunResult>;
  /**
   * Any command in the sandbox environment (e.g. `node nx.js run …`). Asynchronous on purpose: the emulators a
   * test starts live in the test's own process, and a synchronous spawn would stop them from answering.
   */
  run(cmd: string, args: string[], opts?: RunOptions): Promise<RunResult>;
  /**
   * Files to put back exactly as they were at `dispose` (`pulumi stack init` writes an encryption salt into
   * `Pulumi.<stack>.yaml`; `up --config` writes the value there). The first call waits for, and holds until
   * `dispose`, the working tree's lock (file-lock.ts), so suites that rewrite the tree take turns.
   */
  preserve(...files: string[]): void;
  dispose(): void;
}

export const PASSPHRASE = 'engine-harness-only';

export function createEngineSandbox(cli: PulumiCli, extraEnv: NodeJS.ProcessEnv = {}): EngineSandbox {
  const root = mkdtempSync(join(tmpdir(), 'pulumi-engine-'));
  const stateDir = join(root, 'state');
  const home = join(root, 'home');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [cli.binDir, process.env.PATH ?? ''].join(delimiter),
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_HOME: home,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_SKIP_CONFIRMATIONS: 'true',
    PULUMI_ACCESS_TOKEN: '',
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    FORCE_COLOR: '0',
    CI: 'false',
    ...extraEnv,
  };
  mkdirSync(stateDir, { recursive: true });
  const saved = new Map<string, string | undefined>();
  let treeLock: string | undefined;

  const run: EngineSandbox['run'] = (cmd, args, opts = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      child.on('error', (e) => reject(e));
      child.on('close', (code) => {
        const result = { code: code ?? 1, stdout, stderr };
        if (result.code !== 0 && !opts.allowFailure) {
          const name = cmd === cli.path ? 'pulumi' : cmd;
          reject(new Error(`${name} ${args.join(' ')} exited ${result.code}:\n${stdout}\n${stderr}`));
        } else resolve(result);
      });
    });

  return {
    cli,
    env,
    stateDir,
    run,
    pulumi: (args, opts) => run(cli.path, args, opts),
    stateText: () => filesBelow(stateDir).map((f) => readFileSync(f, 'utf8')).join('\n'),
    preserve(...files) {
      if (!treeLock && files.length > 0) {
        treeLock = treeLockDir(files[0]);
        acquireTreeLock(treeLock, currentSuite());
      }
      for (const f of files) {
        if (saved.has(f)) continue;
        let text: string | undefined;
        try {
          text = readFileSync(f, 'utf8');
        } catch {
          text = undefined;
        }
        saved.set(f, text);
      }
    },
    dispose() {
      for (const [f, text] of saved) {
        if (text === undefined) rmSync(f, { force: true });
        else writeFileSync(f, text);
      }
      rmSync(root, { recursive: true, force: true });
      if (treeLock) releaseTreeLock(treeLock);
      treeLock = undefined;
    },
  };
}

/** The running test file, for the lock's owner (what a waiting suite names). */
function currentSuite(): string {
  const state = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.();
  return state?.testPath ?? `pid ${process.pid}`;
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const f = join(dir, name);
    return statSync(f).isDirectory() ? filesBelow(f) : [f];
  });
}
