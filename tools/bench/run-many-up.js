#!/usr/bin/env node
// `nx run-many -t up` over the real stack graph with a stub engine: a PATH-first `pulumi` that sleeps a fixed
// BENCH_STUB_MS (default 10000) per call, so the wall time is the scheduling and nothing else. Side by side: the
// wall time, the graph's critical path (the longest dependency chain of tasks that start pulumi × the stub's time)
// and their ratio (goal ≤ 1.1×): task by task at Nx's default parallelism and with one slot per stack, and with
// --batch (every task in one process, as the deploy workflow runs it). The stub's default, 10 s, is shorter than
// any real `pulumi up` here (a no-op up of the smallest stack takes 13–22 s through Nx in the real-engine suites),
// so the fixed costs weigh more than in a real deploy. The chain is read
// from the task graph Nx itself plans (`--graph`), and the stub logs every call, so a task that starts no pulumi
// (esc's "nothing to deploy") weighs nothing. Not a test: it never fails on a slow figure.
'use strict';
const { spawnSync } = require('node:child_process');
const { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { delimiter, join, relative } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const NX = join(ROOT, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
const STUB_MS = Number(process.env.BENCH_STUB_MS || 10000);
const GOAL_RATIO = 1.1;

/** The stub `pulumi`: logs which stack and command it was started for, sleeps, succeeds. */
const STUB = `#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
const cwd = args[args.indexOf('--cwd') + 1];
const start = Date.now();
setTimeout(() => {
  fs.appendFileSync(process.env.BENCH_STUB_LOG, JSON.stringify({ command: args[0] === 'stack' ? args.slice(0, 2).join(' ') : args[0], cwd, start, end: Date.now() }) + '\\n');
}, Number(process.env.BENCH_STUB_MS));
`;

/** Our executor's commands → the target that runs them (tools/nx-pulumi argv.ts). */
const TARGET_OF = { up: 'up', 'stack select': 'init' };

function stackDirs() {
  return Object.fromEntries(
    require('node:fs').readdirSync(join(ROOT, 'stacks'))
      .filter((d) => existsSync(join(ROOT, 'stacks', d, 'Pulumi.yaml')))
      .map((d) => [join(ROOT, 'stacks', d), d]),
  );
}

/** Longest path through the task graph, each task weighing `weight(task)`. */
function criticalPath(dependencies, weight) {
  const memo = new Map();
  const longest = (task) => {
    if (!memo.has(task)) {
      const below = (dependencies[task] || []).map(longest).reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, chain: [] });
      memo.set(task, { ms: below.ms + weight(task), chain: [...below.chain, task] });
    }
    return memo.get(task);
  };
  return Object.keys(dependencies).map(longest).reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, chain: [] });
}

function runOnce(dir, env, mode) {
  const log = join(dir, `stub-${mode.name}.log`);
  writeFileSync(log, '');
  const args = [NX, 'run-many', '-t', 'up', '--yes', '--skip-nx-cache', '--outputStyle=static', ...mode.flags];
  const startedAt = Date.now();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...env, BENCH_STUB_LOG: log }, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) return { error: `${r.stdout}${r.stderr}`.trim().split('\n').slice(-8).join('\n') };
  const calls = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { wallMs, calls, startedAt };
}

function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-run-many-up-'));
  try {
    const bin = join(dir, 'bin');
    require('node:fs').mkdirSync(bin);
    writeFileSync(join(bin, 'pulumi'), STUB);
    chmodSync(join(bin, 'pulumi'), 0o755);
    const env = {
      ...process.env,
      PATH: [bin, process.env.PATH || ''].join(delimiter),
      BENCH_STUB_MS: String(STUB_MS),
      SOPHIA_ENV: 'dev',
      CI: 'true',
      NX_DAEMON: 'false',
      NX_TUI: 'false',
      NX_NO_CLOUD: 'true',
    };
    const graphFile = join(dir, 'graph.json');
    const g = spawnSync(process.execPath, [NX, 'run-many', '-t', 'up', `--graph=${graphFile}`], { cwd: ROOT, env, encoding: 'utf8' });
    if (g.status !== 0 || !existsSync(graphFile)) {
      console.log(`  could not read the task graph:\n${`${g.stdout}${g.stderr}`.trim().split('\n').slice(-5).join('\n')}`);
      return;
    }
    const { dependencies } = JSON.parse(readFileSync(graphFile, 'utf8')).tasks;
    const stacks = stackDirs();
    const tasks = Object.keys(dependencies);
    console.log(`\nrun-many -t up over the real stack graph (${tasks.length} tasks, ${Object.keys(stacks).length} stacks), stub pulumi ${STUB_MS} ms per call, env dev`);
    const slots = Object.keys(stacks).length;
    const modes = [
      { name: 'default', flags: [], label: "task by task, Nx's default parallelism (3)" },
      { name: 'slots', flags: [`--parallel=${slots}`], label: `task by task, --parallel=${slots} (one slot per stack)` },
      { name: 'batch', flags: ['--batch'], label: '--batch (one process for every task: the deploy workflow)' },
    ];
    for (const mode of modes) {
      const r = runOnce(dir, env, mode);
      const { label } = mode;
      if (r.error) {
        console.log(`  ${label}: could not measure:\n${r.error}`);
        continue;
      }
      const taskOf = (c) => `${stacks[c.cwd] || relative(ROOT, c.cwd)}:${TARGET_OF[c.command] || c.command}`;
      const byTask = new Map(r.calls.map((c) => [taskOf(c), c]));
      const called = new Set(byTask.keys());
      // Where the time beyond the critical path goes: before the first pulumi call (graph, first executor), and
      // between a task's last dependency finishing and its own pulumi starting (Nx dispatch + executor start).
      const firstCall = Math.min(...r.calls.map((c) => c.start)) - r.startedAt;
      const gaps = [...byTask].flatMap(([task, c]) => {
        const ends = (dependencies[task] || []).map((d) => byTask.get(d)?.end).filter((e) => e !== undefined);
        return ends.length ? [c.start - Math.max(...ends)] : [];
      }).sort((a, b) => a - b);
      const path = criticalPath(dependencies, (t) => (called.has(t) ? STUB_MS : 0));
      const ratio = r.wallMs / path.ms;
      const row = (k, v, note = '') => console.log(`  ${k.padEnd(44)} ${v.padStart(10)}  ${note}`);
      console.log(`  ${label}`);
      row('wall time', `${(r.wallMs / 1000).toFixed(2)} s`);
      row('critical path', `${(path.ms / 1000).toFixed(2)} s`, `${path.chain.filter((t) => called.has(t)).length} × ${STUB_MS} ms: ${path.chain.join(' → ')}`);
      row('ratio wall / critical path', `${ratio.toFixed(2)}x`, ratio <= GOAL_RATIO ? `ok (goal ≤ ${GOAL_RATIO}x)` : `OVER goal ≤ ${GOAL_RATIO}x`);
      row('before the first pulumi call', `${(firstCall / 1000).toFixed(2)} s`, '(project graph, the first executors start)');
      if (gaps.length) row('dependency done → dependent pulumi starts', `${(gaps[Math.floor(gaps.length / 2)] / 1000).toFixed(2)} s`, `median of ${gaps.length}, max ${(gaps.at(-1) / 1000).toFixed(2)} s (Nx dispatch + executor start per task)`);
      row('pulumi calls', String(r.calls.length), `(${r.calls.filter((c) => c.command === 'up').length} up, ${r.calls.filter((c) => c.command !== 'up').length} stack select --create)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
module.exports = { criticalPath };
