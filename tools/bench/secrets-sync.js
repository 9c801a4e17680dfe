#!/usr/bin/env node
// Secrets sync benchmark: 1,000 esc→github secrets across six GitHub scopes (an organisation, three repositories,
// two repository environments), 10 of them (spread over the scopes) changed in ESC, 50 ms emulated latency on
// every request. Side by side in one run: the three-way sync (`runSync`, ledger + listing) and a naive "write
// everything" run with the same client; requests made, wall time, and the floor GitHub's write pacing (≥ 1 s
// between writes) puts under each.
// Writes are paced at BENCH_WRITE_INTERVAL_MS (default 20) so the naive run finishes; the figure "at 1 s pacing"
// adds the difference per write. Not a test: it never fails on a slow figure.
'use strict';
const path = require('node:path');
require('ts-node').register({
  transpileOnly: true,
  project: path.join(__dirname, '..', '..', 'tsconfig.base.json'),
  compilerOptions: { module: 'commonjs', sourceMap: false },
});

const { startWorld, createGithubEnvironment, ORG } = require('../secrets/src/testing/world');
const { runSync } = require('../secrets/src/sync');
const { GithubSecrets } = require('../secrets/src/github');
const { scopeId } = require('../secrets/src/manifest');
const { PulumiCloudEscStore } = require('@sophia-ai/esc-store');
const { SANDBOX_GITHUB_TOKEN } = require('@sophia-ai/sandbox');

const TOTAL = 1000;
const CHANGED = 10;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS || 50);
const INTERVAL_MS = Number(process.env.BENCH_WRITE_INTERVAL_MS || 20);
const GITHUB_PACING_MS = 1000;
const OWNER = 'sophia-ai';
const ENV_NAME = 'secrets-bench';

const scopes = [
  { kind: 'organization', owner: OWNER, visibility: 'private', repositories: [], count: 500 },
  { kind: 'repository', owner: OWNER, repository: 'sophia-ai-infrastructure', count: 100 },
  { kind: 'repository', owner: OWNER, repository: 'sophia-data-pipelines', count: 100 },
  { kind: 'repository', owner: OWNER, repository: 'sophia-ml-models', count: 100 },
  { kind: 'environment', owner: OWNER, repository: 'sophia-ai-infrastructure', environment: 'dev', count: 100 },
  { kind: 'environment', owner: OWNER, repository: 'sophia-ai-infrastructure', environment: 'production', count: 100 },
];

function targets() {
  const out = [];
  let n = 0;
  for (const s of scopes) {
    const { count, ...scope } = s;
    for (let i = 0; i < count; i++, n++) {
      const name = `BENCH_SECRET_${String(n).padStart(4, '0')}`;
      out.push({
        id: `bench:k${n}@${scopeId(scope)}`,
        key: `bench:k${n}`,
        optional: false,
        githubSecret: name,
        direction: 'esc→github',
        scope,
        esc: { env: { org: ORG, project: 'sophia-ai', name: ENV_NAME }, path: ['values', 'bench', `k${n}`] },
      });
    }
  }
  return out;
}

const definition = (changedSalt) =>
  'values:\n  bench:\n' +
  Array.from({ length: TOTAL }, (_, n) => `    k${n}:\n      fn::secret: bench-value-${n}-${n % (TOTAL / CHANGED) === 0 ? changedSalt : 'same'}\n`).join('');

async function main() {
  const w = await startWorld();
  try {
    await createGithubEnvironment(w, 'dev');
    await createGithubEnvironment(w, 'production');
    w.esc.seed(ORG, 'sophia-ai', ENV_NAME, definition('v1'));
    const store = new PulumiCloudEscStore({ apiUrl: w.escServer.url, token: w.env.PULUMI_ACCESS_TOKEN, org: ORG });
    const list = targets();
    const github = (interval) => new GithubSecrets({ token: SANDBOX_GITHUB_TOKEN, baseUrl: w.githubServer.url, writeIntervalMs: interval });
    const sync = (client) => runSync({ store, create: false, ledgerRef: { org: ORG, project: 'sophia-ai', name: 'secrets-sync-ledger-bench' }, targets: list, policy: {}, apply: true, github: client });

    // Setup (not measured): the first sync writes all 1,000, then 10 values change in ESC.
    const first = await sync(github(0));
    const failed = first.items.filter((i) => i.result === 'failed');
    if (failed.length || first.errors.length) throw new Error(`setup sync failed: ${failed[0]?.error ?? first.errors[0]}`);
    w.esc.seed(ORG, 'sophia-ai', ENV_NAME, definition('v2'));
    for (const s of [w.escServer, w.githubServer]) s.faults.apply({ latencyMs: LATENCY_MS });

    const measure = async (fn) => {
      const [gh0, esc0] = [w.githubServer.requests.length, w.escServer.requests.length];
      const t0 = process.hrtime.bigint();
      const result = await fn();
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      const gh = w.githubServer.requests.slice(gh0);
      return { s, result, github: gh.length, esc: w.escServer.requests.length - esc0, writes: gh.filter((r) => r.method === 'PUT').length, pages: gh.filter((r) => r.method === 'GET' && !r.path.endsWith('/public-key')).length, keys: gh.filter((r) => r.path.endsWith('/public-key')).length };
    };

    const three = await measure(() => sync(github(INTERVAL_MS)));
    const updated = three.result.items.filter((i) => i.action === 'update' && i.result === 'done').length;
    const naive = await measure(async () => {
      const client = github(INTERVAL_MS);
      for (const t of list) await client.put(t.scope, t.githubSecret, `bench-value-${t.key.slice(7)}`);
    });

    const pages = scopes.reduce((n, s) => n + Math.ceil(s.count / 100), 0);
    const goal = pages + scopes.length + CHANGED;
    const at1s = (m) => m.s + (m.writes * (GITHUB_PACING_MS - INTERVAL_MS)) / 1000;
    const floor = (m) => (Math.max(0, m.writes - 1) * GITHUB_PACING_MS) / 1000;
    const row = (label, a, b, note = '') => console.log(`  ${label.padEnd(40)} ${String(a).padStart(12)} ${String(b).padStart(12)}  ${note}`);
    console.log(`\nSecrets sync: ${TOTAL} secrets in ${scopes.length} scopes, ${CHANGED} changed, ${LATENCY_MS} ms latency, writes paced at ${INTERVAL_MS} ms`);
    row('', 'three-way', 'naive');
    row('GitHub requests', three.github, naive.github, three.github <= goal ? `ok (goal ≤ ${goal} = ${pages} pages + ${scopes.length} keys + ${CHANGED} writes)` : `OVER goal ≤ ${goal}`);
    row('  list pages / key fetches / writes', `${three.pages}/${three.keys}/${three.writes}`, `${naive.pages}/${naive.keys}/${naive.writes}`);
    row('ESC requests (secrets + ledger)', three.esc, naive.esc);
    row('secrets updated', updated, naive.writes);
    row('wall time (measured)', `${three.s.toFixed(2)} s`, `${naive.s.toFixed(2)} s`, `×${(naive.s / three.s).toFixed(1)}`);
    row('wall time at GitHub’s 1 s write pacing', `${at1s(three).toFixed(1)} s`, `${at1s(naive).toFixed(1)} s`, `×${(at1s(naive) / at1s(three)).toFixed(1)}`);
    row('pacing floor ((writes − 1) × 1 s)', `${floor(three).toFixed(1)} s`, `${floor(naive).toFixed(1)} s`);
  } finally {
    await w.close();
  }
}

main().catch((e) => {
  console.error(`secrets-sync bench: ${e.message}`);
  process.exitCode = 1;
});
