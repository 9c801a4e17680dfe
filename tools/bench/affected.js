#!/usr/bin/env node
// The affected bench: for a scripted set of one-file changes, which stacks SHOULD preview/deploy (written here by
// reasoning from the rule below) against which stacks `nx show projects --affected --files=<file>` marks.
//
// The rule (docs/CONVENTIONS.md "How edges arise"): a stack is affected when its own files change, its config
// namespace (stacks/<s>/config), a library its program loads at runtime, or an upstream producer it reads: the
// producer's contract, program or Pulumi.<env>.yaml (the producer's outputs may change). A change to a stack's ESC
// definition (stacks/<s>/esc/<env>.yaml) reaches that stack and esc, which creates the environment.
//
// A change that only a stack's TESTS load (a test file, a test-support library such as pulumi-testing, the sandbox
// emulators) marks the stack too: Nx affected is per project, and the stack's `test` target must run. Those stacks
// are listed as `viaTests` and counted apart, never as "extra".
//
//   node tools/bench/affected.js           prints one row per change and the totals
//   node tools/bench/affected.js --json    the same as JSON (for `npm run bench`)
// Exit code 1 when a stack is missed or extra, or when a scripted file no longer exists.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const NX = join(ROOT, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
const ENV = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' };

/** Every stack of the workspace (a folder of stacks/ with a Pulumi.yaml). */
const STACKS = readdirSync(join(ROOT, 'stacks'))
  .filter((s) => existsSync(join(ROOT, 'stacks', s, 'Pulumi.yaml')))
  .sort();

// ── What each stack reads, by reading the code (keep in step with the stacks) ─────────────────────────────────
/** Stack → stacks that read its outputs through a StackReference (referenceStack(<contract>)). */
const OUTPUT_READERS = { esc: [], estuary: [], github: [], 'lambda-labs': [], portkey: [], snowflake: ['estuary'] };
/** Stacks built from every stack's namespace: esc generates each stack's ESC environment definitions from it. */
const NAMESPACE_READERS = ['esc'];
/** The sandbox emulators load these namespaces (their API limits)... */
const SANDBOX_NAMESPACES = ['estuary', 'lambda-labs', 'portkey'];
/** ...and these stacks' tests load the sandbox (the API stacks start emulators; esc's ownership test reads it). */
const SANDBOX_USERS = ['esc', 'estuary', 'lambda-labs', 'portkey'];
/** Contract package → stacks (other than the producer) whose program imports a fact from it at runtime. */
const FACT_READERS = {
  // stacks/github/policy.ts: lambdaLabsFirewall (the ports the lambda-labs firewall opens) decides a policy rule.
  'lambda-labs': ['github'],
};
/**
 * Library → stacks whose PROGRAM loads it (transitively), and stacks that load it only in tests.
 * Every stack loads libs/config (loadConfig), libs/component (its components) and stack-refs (declareOutputs),
 * which load policy (ExpectedError), which loads redact. The API stacks (estuary, lambda-labs, portkey) load the provider
 * plumbing (dynamic-provider, http). SSH key injection is loaded by lambda-labs (cloud-init in its plan) and by its
 * namespace (the key schema), which esc reads. pulumi-testing (and pulumi-cli under it) is test support of every
 * stack; the sandbox the API stacks' tests start loads esc-store and the lambda-labs namespace.
 */
const LIBRARIES = {
  component: { program: STACKS, tests: [] }, // every stack's components extend SophiaComponent
  'dynamic-provider': { program: ['estuary', 'lambda-labs', 'portkey'], tests: SANDBOX_USERS }, // the Estuary emulator canonicalises with it
  config: { program: STACKS, tests: [] },
  'esc-store': { program: [], tests: SANDBOX_USERS },
  'github-issues': { program: [], tests: [] }, // the tools' tracking issues and PR comments: no stack imports it
  http: { program: ['estuary', 'lambda-labs', 'portkey'], tests: SANDBOX_USERS }, // the sandbox serves over it
  policy: { program: STACKS, tests: [] },
  'pulumi-cli': { program: [], tests: STACKS },
  'pulumi-testing': { program: [], tests: STACKS },
  redact: { program: STACKS, tests: [] },
  'ssh-injection': { program: ['esc', 'lambda-labs'], tests: SANDBOX_USERS },
  'stack-refs': { program: STACKS, tests: [] },
};

/** The stack and every stack downstream of it through output readers: what a change of its outputs reaches. */
function withReaders(stack) {
  const out = new Set([stack]);
  for (const s of out) for (const r of OUTPUT_READERS[s] ?? []) out.add(r);
  return [...out];
}

/** The scripted changes: { label, file, expect (program), viaTests }. */
function cases() {
  const list = [{ label: 'docs', file: 'docs/CONVENTIONS.md', expect: [], viaTests: [] }];
  // A new stack needs its line in OUTPUT_READERS and its libraries in LIBRARIES before its figures mean anything.
  for (const stack of STACKS.filter((s) => !(s in OUTPUT_READERS))) {
    list.push({ label: `stack ${stack}`, file: `stacks/${stack}/Pulumi.yaml`, expect: undefined, viaTests: [], missing: `no expectation written for stack ${stack} (add it to OUTPUT_READERS and LIBRARIES)` });
  }
  for (const lib of readdirSync(join(ROOT, 'libs')).sort()) {
    if (!existsSync(join(ROOT, 'libs', lib, 'package.json'))) continue;
    const known = LIBRARIES[lib];
    // A new library without a written expectation is a failure of the bench, not a silent pass.
    list.push({ label: `lib ${lib}`, file: `libs/${lib}/src/index.ts`, expect: known?.program, viaTests: known?.tests ?? [] });
  }
  for (const stack of STACKS.filter((s) => s in OUTPUT_READERS)) {
    const dir = `stacks/${stack}`;
    list.push({
      label: `${stack} namespace`,
      file: `${dir}/config/index.ts`,
      expect: [...new Set([...withReaders(stack), ...NAMESPACE_READERS.flatMap(withReaders)])],
      viaTests: SANDBOX_NAMESPACES.includes(stack) ? SANDBOX_USERS : [],
    });
    list.push({
      label: `${stack} contract`,
      file: `${dir}/contract/index.ts`,
      expect: [...new Set([...withReaders(stack), ...(FACT_READERS[stack] ?? []).flatMap(withReaders)])],
      viaTests: [],
    });
    // Its ESC definition (stacks/<s>/esc/<env>.yaml, project <s>-esc): the stack importing it and esc, which creates it.
    if (existsSync(join(ROOT, dir, 'esc', 'dev.yaml'))) {
      list.push({ label: `${stack} ESC definition`, file: `${dir}/esc/dev.yaml`, expect: [...new Set([...withReaders(stack), ...withReaders('esc')])], viaTests: [] });
    }
    for (const f of readdirSync(join(ROOT, dir)).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f)).sort()) {
      list.push({ label: `${stack} ${f}`, file: `${dir}/${f}`, expect: withReaders(stack), viaTests: [] });
    }
    list.push({ label: `${stack} program`, file: `${dir}/index.ts`, expect: withReaders(stack), viaTests: [] });
  }
  // Test-only changes: nothing deployed changes, but the project's tests (and its dependents') must run.
  list.push({ label: 'test file in a lib', file: 'libs/config/src/validate.test.ts', expect: [], viaTests: STACKS, testOnly: true });
  // The stacks reading snowflake depend on its project, so their tests run too (per-project granularity).
  list.push({ label: 'test file in a stack', file: 'stacks/snowflake/src/logic/spec.test.ts', expect: [], viaTests: withReaders('snowflake'), testOnly: true });
  list.push({ label: 'sandbox emulator', file: 'tools/sandbox/src/index.ts', expect: [], viaTests: SANDBOX_USERS, testOnly: true });
  return list.map((c) => ({ ...c, expect: c.expect && [...c.expect].sort(), viaTests: [...c.viaTests].sort() }));
}

/** The stacks Nx marks affected by a change of `file` alone. */
function affectedStacks(file) {
  const r = spawnSync(process.execPath, [NX, 'show', 'projects', '--affected', `--files=${file}`, '--projects=tag:type:stack', '--json'], {
    cwd: ROOT,
    env: ENV,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`nx show projects --affected --files=${file} failed:\n${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout.slice(r.stdout.indexOf('['))).sort();
}

function run() {
  const rows = cases().map((c) => {
    if (!existsSync(join(ROOT, c.file))) return { ...c, error: 'file does not exist (update the bench)' };
    if (c.expect === undefined) return { ...c, error: c.missing ?? `no expectation written for ${c.label} (add it to LIBRARIES)` };
    const got = affectedStacks(c.file);
    const allowed = new Set([...c.expect, ...c.viaTests]);
    return {
      ...c,
      got,
      missed: c.expect.filter((s) => !got.includes(s)),
      extra: got.filter((s) => !allowed.has(s)),
      tests: got.filter((s) => !c.expect.includes(s) && c.viaTests.includes(s)),
    };
  });
  const sum = (key) => rows.reduce((n, r) => n + (r[key]?.length ?? 0), 0);
  return { rows, totals: { changes: rows.length, missed: sum('missed'), extra: sum('extra'), viaTests: sum('tests'), errors: rows.filter((r) => r.error).length } };
}

function print({ rows, totals }) {
  const list = (xs) => (xs && xs.length ? xs.join(',') : '-');
  const w = Math.max(...rows.map((r) => r.label.length));
  const col = (key, title) => Math.max(title.length, ...rows.map((r) => list(r[key]).length)) + 1;
  const [we, wg, wm, wx] = [col('expect', 'expected'), col('got', 'got'), col('missed', 'missed'), col('extra', 'extra')];
  console.log(`${'change'.padEnd(w)}  ${'expected'.padEnd(we)} ${'got'.padEnd(wg)} ${'missed'.padEnd(wm)} ${'extra'.padEnd(wx)} via tests`);
  for (const r of rows) {
    if (r.error) {
      console.log(`${r.label.padEnd(w)}  ERROR ${r.file}: ${r.error}`);
      continue;
    }
    console.log(`${r.label.padEnd(w)}  ${list(r.expect).padEnd(we)} ${list(r.got).padEnd(wg)} ${list(r.missed).padEnd(wm)} ${list(r.extra).padEnd(wx)} ${list(r.tests)}`);
  }
  console.log(
    `\n${totals.changes} changes: ${totals.missed} stacks missed, ${totals.extra} extra` +
      ` (goal 0 / 0); ${totals.viaTests} affected only through tests (test targets must run)${totals.errors ? `; ${totals.errors} ERRORS` : ''}`,
  );
}

module.exports = { cases, run, print, STACKS, LIBRARIES, OUTPUT_READERS, FACT_READERS };

if (require.main === module) {
  const result = run();
  if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
  else print(result);
  const { missed, extra, errors } = result.totals;
  process.exitCode = missed + extra + errors > 0 ? 1 : 0;
}
