#!/usr/bin/env node
// `npm run bench`: how fast the Nx-based workflow answers, measured side by side in one run.
//   1. `nx show projects --affected` vs the plain `git diff --name-only` it is built on (median of N).
//   2. synth per stack (Nx target, and the runner alone) and for the whole platform.
// Prints figures, ratios and the goals next to them. Not a test: it never fails on a slow figure.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const NX = join(ROOT, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
const RUNNER = join(ROOT, 'tools', 'nx-pulumi', 'bin', 'synth.js');
const REPS = Number(process.env.BENCH_REPS || 5);
const ENV = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', NX_PREFER_TS_NODE: 'true' };
const GOAL_AFFECTED_S = 2;
const GOAL_SYNTH_S = 3;

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

function repeat(file, args) {
  const runs = [];
  for (let i = 0; i < REPS; i++) {
    const r = time(file, args);
    if (!r.ok) return { error: r.out.trim().split('\n').slice(-5).join('\n') };
    runs.push(r.s);
  }
  return { s: median(runs) };
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
  const git = repeat('git', ['diff', '--name-only', base, 'HEAD']);
  const nx = repeat(process.execPath, [NX, 'show', 'projects', '--affected', `--base=${base}`, '--head=HEAD']);
  if (git.error || nx.error) {
    console.log(`  could not measure:\n${git.error || nx.error}`);
    return;
  }
  row('git diff --name-only', fmt(git.s));
  row('nx show projects --affected', fmt(nx.s), goal(nx.s, GOAL_AFFECTED_S));
  row('ratio nx / git', `${(nx.s / git.s).toFixed(1)}x`, '(what the project graph costs on top of git)');
}

function benchSynth() {
  console.log('\nSynth (--skip-nx-cache; env local)');
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
  // Whole platform first: it also leaves upstream plans in dist/synth for the per-stack runs below.
  const all = time(process.execPath, [NX, 'run-many', '-t', 'synth', '--skip-nx-cache']);
  row(`nx run-many -t synth (${stacks.length} stacks)`, all.ok ? fmt(all.s) : 'FAILED', all.ok ? goal(all.s / stacks.length, GOAL_SYNTH_S) + ' per stack on average' : '');
  if (!all.ok) console.log(all.out.trim().split('\n').slice(-15).map((l) => `    ${l}`).join('\n'));
  for (const stack of stacks) {
    const viaNx = time(process.execPath, [NX, 'run', `${stack}:synth`, '--skip-nx-cache', '--excludeTaskDependencies']);
    const bare = time(process.execPath, [RUNNER, join(stacksDir, stack), '--env', 'local', '--out-dir', join(ROOT, 'dist', 'synth')]);
    const note = viaNx.ok && bare.ok ? `${goal(viaNx.s, GOAL_SYNTH_S)}; runner alone ${fmt(bare.s)}, Nx overhead ${(viaNx.s / bare.s).toFixed(1)}x` : 'FAILED';
    row(`nx run ${stack}:synth`, viaNx.ok ? fmt(viaNx.s) : 'FAILED', note);
  }
}

console.log(`nx-pulumi bench — ${new Date().toISOString()} — node ${process.version}, ${require('node:os').cpus().length} CPUs`);
benchAffected();
benchSynth();
