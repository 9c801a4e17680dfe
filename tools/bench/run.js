#!/usr/bin/env node
// `npm run bench`: how fast the Nx-based workflow answers, measured side by side in one run.
//   1. `nx show projects --affected` vs the plain `git diff --name-only` it is built on (median of N).
//   2. precision of `nx affected` on a scripted set of changes (affected.js): stacks missed and extra.
//   3. synth per stack (Nx target, and the runner alone) and for the whole platform, before → now (benchSynth).
//   4. the offline plan diff of a PR (tools/plan-diff) over the whole platform: base HEAD~1 vs HEAD.
//   5. the secrets sync (tools/bench/secrets-sync.js): three-way vs write-everything, requests and wall time.
//   6. `nx run-many -t up` over the real stack graph with a stub engine (tools/bench/run-many-up.js): wall time vs
//      the graph's critical path.
// Prints figures, ratios and the goals next to them. Not a test: it never fails on a slow figure.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const NX = join(ROOT, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
const RUNNER = join(ROOT, 'tools', 'nx-pulumi', 'bin', 'synth.js');
const REPS = Number(process.env.BENCH_REPS || 5);
// As a user runs Nx here: its own transpiler choice (@swc-node/register, installed) loads the plugin and executors.
const ENV = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' };
const GOAL_AFFECTED_S = 2;
const GOAL_SYNTH_S = 2; // one stack through Nx
const GOAL_RUNNER_S = 1; // the synth runner alone
const GOAL_PLATFORM_S = 8; // every stack, nx run-many

/** Runs a command (argv array, no shell) and returns seconds and success. */
function time(file, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, args, { cwd: ROOT, env: ENV, encoding: 'utf8', maxBuffer: 64 << 20 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { s, ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const fmt = (s) => `${s.toFixed(2)} s`;
const goal = (s, limit) => (s <= limit ? `ok (goal ≤ ${limit} s)` : `OVER goal ≤ ${limit} s`);
const row = (label, value, note = '') => console.log(`  ${label.padEnd(44)} ${value.padStart(10)}  ${note}`);

function baseRef() {
  const parent = spawnSync('git', ['rev-parse', '--verify', '-q', 'HEAD~1'], { cwd: ROOT, encoding: 'utf8' });
  return parent.status === 0 ? 'HEAD~1' : 'HEAD';
}

function benchAffected() {
  const base = baseRef();
  console.log(`\nAffected (${REPS} runs each, median; --base=${base} --head=HEAD; no daemon)`);
  const [git, nx] = alternating([
    { file: 'git', args: ['diff', '--name-only', base, 'HEAD'] },
    { file: process.execPath, args: [NX, 'show', 'projects', '--affected', `--base=${base}`, '--head=HEAD'] },
  ]);
  if (git.error || nx.error) {
    console.log(`  could not measure:\n${git.error || nx.error}`);
    return;
  }
  row('git diff --name-only', fmt(git.s));
  row('nx show projects --affected', fmt(nx.s), goal(nx.s, GOAL_AFFECTED_S));
  row('ratio nx / git', `${(nx.s / git.s).toFixed(1)}x`, '(what the project graph costs on top of git)');
}

/** Median seconds of `runs` runs of one command, or the failure's last lines. */
function medianOf(file, args, env = ENV, runs = REPS) {
  return alternating([{ file, args, env }], runs)[0];
}

/**
 * Median seconds of each command, run in turn (a, b, a, b, …) so that a slow stretch of a shared machine falls on
 * both sides of a comparison; also the fastest and slowest run. A failure gives the failure's last lines.
 */
function alternating(commands, runs = REPS) {
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [k, { file, args, env = ENV }] of commands.entries()) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(file, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 << 20 });
      if (r.status !== 0) return commands.map(() => ({ error: `${r.stdout}${r.stderr}`.trim().split('\n').slice(-8).join('\n') }));
      times[k].push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
  }
  return times.map((ts) => ({ s: median(ts), min: Math.min(...ts), max: Math.max(...ts) }));
}

/**
 * Synth before and after, side by side in one run. "before" is synth as the issue found it: ts-node with
 * TypeScript's transpiler (SOPHIA_SYNTH_TRANSPILER=typescript), the SDK run as is (SOPHIA_SYNTH_SDK_AS_IS=true:
 * every SDK module loaded up front, every dynamic provider's closure serialized, every promise's and resource's
 * stack trace taken) and one Nx worker process per task (--batch=false); each override is for this comparison only.
 * "now" is what synth does: the stacks' SWC setting (the engine's too), none of the SDK's bookkeeping a plan never
 * shows (src/synth/README.md), the whole run in one batch process.
 */
function benchSynth() {
  console.log(`\nSynth (${REPS} runs each, before and now in turn; median, and now's fastest–slowest; env local; --skip-nx-cache): before → now`);
  const stacksDir = join(ROOT, 'stacks');
  const stacks = existsSync(stacksDir)
    ? readdirSync(stacksDir).filter((d) => existsSync(join(stacksDir, d, 'Pulumi.yaml'))).sort()
    : [];
  if (stacks.length === 0) {
    console.log('  no stacks yet (no stacks/*/Pulumi.yaml): nothing to synth');
    return;
  }
  if (!existsSync(RUNNER)) {
    console.log(`  synth runner missing (${RUNNER}): skipped`);
    return;
  }
  const before = { ...ENV, SOPHIA_SYNTH_TRANSPILER: 'typescript', SOPHIA_SYNTH_SDK_AS_IS: 'true' };
  const pair = (label, args, goalS, beforeArgs = args) => {
    const [a, b] = alternating([
      { file: process.execPath, args: beforeArgs, env: before },
      { file: process.execPath, args },
    ]);
    if (a.error || b.error) {
      row(label, 'FAILED');
      console.log((a.error || b.error).split('\n').map((l) => `    ${l}`).join('\n'));
      return;
    }
    const spread = `(${b.min.toFixed(2)}–${b.max.toFixed(2)})`;
    console.log(`  ${label.padEnd(44)} ${fmt(a.s).padStart(10)} → ${fmt(b.s).padStart(8)} ${spread.padStart(11)}  ${(a.s / b.s).toFixed(1)}x faster; ${goal(b.s, goalS)}`);
  };
  // Whole platform first: it also leaves upstream plans in dist/synth for the per-stack runs below.
  const platform = [NX, 'run-many', '-t', 'synth', '--skip-nx-cache'];
  pair(`nx run-many -t synth (${stacks.length} stacks)`, platform, GOAL_PLATFORM_S, [...platform, '--batch=false']);
  for (const stack of stacks) {
    pair(`runner alone: ${stack}`, [RUNNER, join(stacksDir, stack), '--env', 'local', '--out-dir', join(ROOT, 'dist', 'synth')], GOAL_RUNNER_S);
    const one = [NX, 'run', `${stack}:synth`, '--skip-nx-cache', '--excludeTaskDependencies'];
    pair(`nx run ${stack}:synth`, one, GOAL_SYNTH_S, [...one, '--batch=false']);
  }
  if (stacks.length < 6) console.log(`  (the platform goal is for six stacks; ${stacks.length} exist today)`);
  // What Nx costs before any task runs (start-up and the project graph, no daemon): the floor under `nx run`.
  const graph = medianOf(process.execPath, [NX, 'show', 'projects']);
  if (!graph.error) row('Nx alone, no task: nx show projects', fmt(graph.s), "(before any task; a custom executor's worker comes on top)");
}

/** The PR comment's plan diff for the whole platform (two synths, base and head, and the comparison). */
function benchPlanDiff() {
  const base = baseRef();
  console.log(`\nPlan diff (tools/plan-diff, every stack, --base=${base} --head=HEAD, env local; one run)`);
  const out = join(require('node:os').tmpdir(), `bench-plan-diff-${process.pid}.md`);
  const r = time(process.execPath, [join(ROOT, 'tools', 'plan-diff', 'bin', 'plan-diff.js'), '--base', base, '--head', 'HEAD', '--env', 'local', '--out', out]);
  // Exit 1 means a head stack failed synth or broke a policy: the comment is still written and the time is real.
  if (!existsSync(out)) console.log(`  could not measure:\n${r.out.trim().split('\n').slice(-5).join('\n')}`);
  else row('plan diff, base and head synth + compare', fmt(r.s), r.ok ? '' : '(a head stack failed synth or policy)');
  require('node:fs').rmSync(out, { force: true });
}

// `npm run bench -- synth plan-diff` runs only the sections named; no argument runs them all.
const SECTIONS = {
  affected: benchAffected,
  // Which stacks each scripted change marks affected, against the expected set (tools/bench/affected.js).
  precision: () => {
    if (!existsSync(join(__dirname, 'affected.js'))) return;
    const precision = require('./affected.js');
    console.log('\nAffected precision (one nx show projects --affected --files=<file> per scripted change)');
    precision.print(precision.run());
  },
  synth: benchSynth,
  'plan-diff': benchPlanDiff,
  // The secrets sync's request count and wall time against a naive run (prints its own table).
  secrets: () => {
    console.log('');
    spawnSync(process.execPath, [join(__dirname, 'secrets-sync.js')], { cwd: ROOT, env: ENV, stdio: 'inherit' });
  },
  // run-many -t up with a stub engine: wall time vs the graph's critical path (prints its own table).
  up: () => spawnSync(process.execPath, [join(__dirname, 'run-many-up.js')], { cwd: ROOT, env: ENV, stdio: 'inherit' }),
};
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in SECTIONS));
if (unknown.length > 0) {
  console.error(`unknown bench section: ${unknown.join(', ')} (sections: ${Object.keys(SECTIONS).join(', ')})`);
  process.exit(2);
}
console.log(`nx-pulumi bench — ${new Date().toISOString()} — node ${process.version}, ${require('node:os').cpus().length} CPUs`);
for (const [name, run] of Object.entries(SECTIONS)) if (asked.length === 0 || asked.includes(name)) run();
