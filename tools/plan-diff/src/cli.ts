import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { checkout, PlanDiffError, type Checkout } from './checkout';
import { defaultPriceBook, lambdaPricesFromInstanceTypes, type PriceBook } from './cost';
import type { PlanSet } from './diff';
import { readPlanSet, stackProjects } from './plans';
import { diffRequests, providerDecisions, type Decision } from './provider-diff';
import { renderMarkdown } from './render';
import { buildReport, type PlanDiffReport } from './report';
import { failureReasons, runSynth } from './run-synth';

interface Options {
  base?: string;
  head?: string;
  env: string;
  out?: string;
  json?: string;
  repo: string;
  projects?: string[];
  nodeModules?: string;
  lambdaCatalog?: string;
  snowflakeCreditUsd?: number;
  basePlans?: string;
  headPlans?: string;
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The workspace this tool runs from. */
const WORKSPACE = path.resolve(__dirname, '../../..');

const defaultIo: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** Runs the plan diff; returns the exit code (0: written; 1: bad input, or the head's synth failed). */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const program = new Command()
    .name('plan-diff')
    .description('Offline plan diff and cost line of a change: synth of --base and --head (git worktrees, no network), compared per stack.')
    .option('--base <ref>', 'git ref of the PR base (e.g. origin/main, or the merge base)')
    .option('--head <ref>', 'git ref of the PR head (e.g. HEAD)')
    .option('--env <env>', 'environment whose Pulumi.<env>.yaml synth reads', 'local')
    .option('--out <file>', 'write the Markdown comment section here (default: stdout)')
    .option('--json <file>', 'also write the report as JSON here')
    .option('--repo <dir>', 'the git repository', process.cwd())
    .option('--projects <list>', 'only these stacks, comma-separated (their upstream stacks are synthesised too)', (v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--node-modules <dir>', "installed packages to link into the worktrees (default: the repository's node_modules)")
    .option('--lambda-catalog <file>', 'a saved GET /instance-types answer to price Lambda instances (default: the sandbox catalog)')
    .option('--snowflake-credit-usd <usd>', 'US dollars per Snowflake credit (default 3)', positiveNumber)
    .option('--base-plans <dir>', 'use these synth plans for the base instead of checking it out (e.g. a CI artifact)')
    .option('--head-plans <dir>', 'use these synth plans for the head instead of checking it out')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  let opts: Options;
  try {
    // Help wins wherever it is written (`--base --help` would otherwise read "--help" as the ref).
    opts = program.parse(argv.includes('--help') || argv.includes('-h') ? ['--help'] : argv, { from: 'user' }).opts<Options>();
  } catch (err) {
    return err instanceof CommanderError && err.exitCode === 0 ? 0 : 1; // commander printed the problem
  }
  const cleanups: Checkout[] = [];
  const onSignal = () => {
    cleanups.forEach((c) => c.remove());
    process.exit(130);
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    validate(opts);
    const prices = priceBook(opts);
    const key = randomBytes(32).toString('hex'); // this run's fingerprint key: both sides, then forgotten
    const base = await side('base', opts.base, opts.basePlans, opts, key, cleanups, io);
    // Update vs replace of dynamic resources: asked of the head's own providers while its checkout exists.
    let decisions: Map<string, Decision> = new Map();
    const ask = async (dir: string, set: PlanSet) => void (decisions = await providerDecisions(dir, diffRequests(base.set.plans, set.plans)));
    const head = await side('head', opts.head, opts.headPlans, opts, key, cleanups, io, ask);
    const report = buildReport({ base: base.set, head: head.set, baseRef: base.label, headRef: head.label, env: opts.env, prices, decisions });
    write(opts.out, renderMarkdown(report), io);
    if (opts.json) write(opts.json, JSON.stringify(report, null, 2) + '\n', io);
    io.stderr(summaryLine(report, base.seconds, head.seconds));
    return head.set.failures.size > 0 || !head.synthOk ? 1 : 0;
  } catch (err) {
    if (err instanceof PlanDiffError) {
      io.stderr(`plan-diff: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    cleanups.forEach((c) => c.remove());
  }
}

function validate(opts: Options): void {
  if (!/^[A-Za-z0-9_.-]+$/.test(opts.env)) throw new PlanDiffError(`--env "${opts.env}" is not an environment name (letters, digits, _ . -)`);
  for (const side of ['base', 'head'] as const) {
    const plans = side === 'base' ? opts.basePlans : opts.headPlans;
    if (!opts[side] && !plans) throw new PlanDiffError(`--${side} <ref> is required (or --${side}-plans <dir>)`);
    if (plans && !fs.existsSync(plans)) throw new PlanDiffError(`--${side}-plans ${plans} does not exist`);
  }
}

function priceBook(opts: Options): PriceBook {
  const book = defaultPriceBook();
  if (opts.snowflakeCreditUsd !== undefined) book.snowflakeCreditUsd = opts.snowflakeCreditUsd;
  if (opts.lambdaCatalog) {
    let body: unknown;
    try {
      body = JSON.parse(fs.readFileSync(opts.lambdaCatalog, 'utf8'));
    } catch (err) {
      throw new PlanDiffError(`--lambda-catalog ${opts.lambdaCatalog}: not a readable JSON file (${(err as Error).message.split('\n')[0]})`);
    }
    try {
      book.lambdaCentsPerHour = lambdaPricesFromInstanceTypes(body);
    } catch (err) {
      throw new PlanDiffError(`--lambda-catalog ${opts.lambdaCatalog}: ${(err as Error).message}`);
    }
    book.lambdaSource = `the instance types in ${path.basename(opts.lambdaCatalog)}`;
  }
  return book;
}

/** One side's plans: from a plan directory, or by checking the ref out and running synth there. */
async function side(
  label: 'base' | 'head', ref: string | undefined, plansDir: string | undefined, opts: Options, key: string, cleanups: Checkout[], io: Io,
  inCheckout?: (dir: string, set: PlanSet) => Promise<void>,
): Promise<{ set: PlanSet; label: string; seconds: number; synthOk: boolean }> {
  const started = Date.now();
  if (plansDir) {
    const projects = opts.projects ?? fs.readdirSync(plansDir).filter((p) => fs.existsSync(path.join(plansDir, p, `${opts.env}.json`)));
    const set = readPlanSet(plansDir, projects, opts.env);
    await inCheckout?.(WORKSPACE, set); // saved plans: this workspace's providers decide
    return { set, label: ref ?? label, seconds: 0, synthOk: true };
  }
  const repo = repoRoot(opts.repo);
  const nodeModules = opts.nodeModules ?? path.join(repo, 'node_modules');
  if (!fs.existsSync(path.join(nodeModules, 'nx', 'package.json'))) {
    throw new PlanDiffError(`${nodeModules} has no installed nx: run \`npm ci\` in the workspace first, or pass --node-modules <dir>`);
  }
  const co = checkout(repo, ref!, nodeModules);
  cleanups.push(co);
  try {
    const run = await runSynth(co.dir, { env: opts.env, key, projects: opts.projects, nodeModules });
    // A stack named in --projects that this side does not have is added or removed by the change, not failed.
    const here = stackProjects(co.dir, opts.env);
    const set = readPlanSet(path.join(co.dir, 'dist', 'synth'), opts.projects ? opts.projects.filter((p) => here.includes(p)) : here, opts.env, failureReasons(run.log));
    if (run.code !== 0) {
      const which = [...set.failures.keys()].join(', ') || 'a policy error (the plan was written; see its row)';
      io.stderr(`plan-diff: synth of the ${label} (${ref} = ${co.sha.slice(0, 12)}) failed: ${which}; its output ends:\n${tail(run.log, 40)}\n`);
    }
    await inCheckout?.(co.dir, set);
    return { set, label: `${ref} (${co.sha.slice(0, 12)})`, seconds: (Date.now() - started) / 1000, synthOk: run.code === 0 };
  } finally {
    co.remove();
    cleanups.splice(cleanups.indexOf(co), 1);
  }
}

function repoRoot(dir: string): string {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    throw new PlanDiffError(`${dir} is not inside a git repository (--repo)`);
  }
}

/** Written whole or not at all: a reader never sees half a comment. */
function write(file: string | undefined, content: string, io: Io): void {
  if (!file) return io.stdout(content);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

function summaryLine(report: PlanDiffReport, baseSeconds: number, headSeconds: number): string {
  const changed = report.stacks.filter((s) => s.status !== 'unchanged').map((s) => s.stack);
  const timing = baseSeconds + headSeconds > 0 ? ` (synth: base ${baseSeconds.toFixed(1)}s, head ${headSeconds.toFixed(1)}s)` : '';
  return `plan-diff: ${report.stacks.length} stacks, ${changed.length ? `changed: ${changed.join(', ')}` : 'no changes'}${timing}\n`;
}

function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number of US dollars');
  return n;
}

const tail = (text: string, lines: number) => text.trimEnd().split('\n').slice(-lines).join('\n');
