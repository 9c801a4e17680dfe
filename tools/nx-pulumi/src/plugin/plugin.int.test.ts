// Real Nx on a fixture workspace (graph under test: src/testing/platform-fixture.ts):
//   esc ← snowflake ← estuary (snowflake also imports libs/naming);  github ← lambda-labs;
//   lambda-labs → lambda-labs-esc ← esc (an ESC import of a definition the esc stack creates)
// Checks inferred targets, edges with sourceFile, affected, deploy order and the synth target.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFixture, type Fixture } from '../testing/fixture-workspace';
import { PLATFORM_FILES, PLATFORM_PACKAGES } from '../testing/platform-fixture';

jest.setTimeout(120_000);

const STACKS = ['esc', 'snowflake', 'estuary', 'github', 'lambda-labs'];
let fx: Fixture;

beforeAll(() => {
  fx = createFixture(PLATFORM_FILES, PLATFORM_PACKAGES);
});
afterAll(() => fx?.cleanup());

function nxOk(args: string[], env?: NodeJS.ProcessEnv): string {
  const r = fx.nx(args, env);
  if (r.code !== 0) throw new Error(`nx ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe('inferred project', () => {
  it('gives each stack its targets, cache flags, tags and Pulumi project', () => {
    const project = JSON.parse(nxOk(['show', 'project', 'snowflake', '--json']));
    expect(project.name).toBe('snowflake');
    expect(project.root).toBe('stacks/snowflake');
    // type:stack from the plugin, team:data from the stack's package.json nx.tags (merged by Nx).
    expect(project.tags).toEqual(expect.arrayContaining(['type:stack', 'team:data']));
    expect(project.metadata['nx-pulumi']).toEqual({
      pulumiProject: 'snowflake',
      upstream: [{ target: 'esc', sourceFile: 'stacks/snowflake/src/esc-config.ts' }],
    });
    const t = project.targets;
    for (const name of ['init', 'preview', 'up', 'refresh', 'destroy', 'outputs']) {
      expect(t[name]).toMatchObject({ executor: '@sophia-ai/nx-pulumi:pulumi', cache: false, options: { command: name } });
    }
    expect(t.up.dependsOn).toEqual([
      { target: 'init', params: 'forward' },
      { dependencies: true, target: 'up', params: 'forward' },
    ]);
    // Downstream first: estuary reads snowflake, so estuary's destroy runs before snowflake's.
    expect(t.destroy.dependsOn).toEqual([{ projects: ['estuary'], target: 'destroy', params: 'forward' }]);
    expect(t.synth).toMatchObject({
      executor: '@sophia-ai/nx-pulumi:synth',
      cache: true,
      dependsOn: [{ dependencies: true, target: 'synth', params: 'forward' }],
      outputs: ['{workspaceRoot}/dist/synth/{projectName}'],
    });
    expect(t.synth.inputs).toEqual(
      expect.arrayContaining(['{projectRoot}/Pulumi.*.yaml', '^production', { dependentTasksOutputFiles: '**/*.json' }]),
    );
  });
});

describe('graph', () => {
  it('has exactly the contract edges between stacks, static', () => {
    nxOk(['graph', '--file=graph.json']);
    const graph = JSON.parse(readFileSync(join(fx.root, 'graph.json'), 'utf8')).graph;
    const deps = Object.values(graph.dependencies as Record<string, Array<{ source: string; target: string; type: string }>>).flat();
    const stackEdges = deps
      .filter((d) => STACKS.includes(d.source) && STACKS.includes(d.target))
      .map((d) => `${d.source}->${d.target}:${d.type}`)
      .sort();
    // Not esc->esc (a producer typing its own outputs), not estuary->github (type-only import and a test file).
    expect(stackEdges).toEqual(['estuary->snowflake:static', 'lambda-labs->github:static', 'snowflake->esc:static']);
    // Nx's own import analysis still links stacks to the libs they import, and every importer of a contract
    // package (consumer, the producer itself, a type-only reader, a reader of a fact) to that contract project.
    const importEdges = deps.filter((d) => !STACKS.includes(d.target)).map((d) => `${d.source}->${d.target}`);
    expect(importEdges).toEqual(
      expect.arrayContaining([
        'snowflake->naming',
        'snowflake->esc-contract',
        'snowflake->snowflake-contract',
        'estuary->snowflake-contract',
        'estuary->github-contract',
        'lambda-labs->github-contract',
        'esc->esc-contract',
        'esc->github-contract',
      ]),
    );
  });

  it('turns an ESC import of a committed definition into an edge to its project, from the importing config file', () => {
    const graph = JSON.parse(readFileSync(join(fx.root, 'graph.json'), 'utf8')).graph;
    const deps = Object.values(graph.dependencies as Record<string, Array<{ source: string; target: string; type: string }>>).flat();
    const toDefinitions = deps.filter((d) => d.target === 'lambda-labs-esc').map((d) => `${d.source}->${d.target}:${d.type}`).sort();
    expect(toDefinitions).toEqual(['esc->lambda-labs-esc:implicit', 'lambda-labs->lambda-labs-esc:static']);
    // Imports without a committed definition (esc-dev, snowflake-dev, ...) give no edge: the ESC stack's check reports them.
    expect(deps.filter((d) => d.target.endsWith('-esc') && d.target !== 'lambda-labs-esc')).toEqual([]);
    const fileMap = JSON.parse(readFileSync(join(fx.root, '.nx/workspace-data/file-map.json'), 'utf8')).fileMap
      .projectFileMap as Record<string, Array<{ file: string; deps?: Array<string | string[]> }>>;
    const devConfig = fileMap['lambda-labs'].find((f) => f.file === 'stacks/lambda-labs/Pulumi.dev.yaml');
    expect((devConfig?.deps ?? []).map((d) => (Array.isArray(d) ? d[0] : d))).toEqual(['lambda-labs-esc']);
  });

  it('records the importing file as the sourceFile of each edge', () => {
    // graph.json drops sourceFile; Nx keeps it per file in the project file map it just wrote.
    const fileMap = JSON.parse(readFileSync(join(fx.root, '.nx/workspace-data/file-map.json'), 'utf8')).fileMap
      .projectFileMap as Record<string, Array<{ file: string; deps?: Array<string | string[]> }>>;
    const stackDepsByFile = (project: string) =>
      Object.fromEntries(
        fileMap[project]
          .map((f) => [f.file, (f.deps ?? []).map((d) => (Array.isArray(d) ? d[0] : d)).filter((d) => STACKS.includes(d))])
          .filter(([, d]) => d.length > 0),
      );
    expect(stackDepsByFile('estuary')).toEqual({ 'stacks/estuary/src/materialize.ts': ['snowflake'] });
    expect(stackDepsByFile('snowflake')).toEqual({ 'stacks/snowflake/src/esc-config.ts': ['esc'] });
    expect(stackDepsByFile('lambda-labs')).toEqual({ 'stacks/lambda-labs/index.ts': ['github'] });
  });
});

describe('affected', () => {
  function affectedAfter(files: Record<string, string>): string[] {
    const before = fx.commit('noop'); // HEAD before the change
    fx.write(files);
    const after = fx.commit('change');
    const out = nxOk(['show', 'projects', '--affected', `--base=${before}`, `--head=${after}`, '--json']);
    return (JSON.parse(out) as string[]).sort();
  }

  it('a lib change reaches the stacks importing it and their downstream stacks', () => {
    expect(affectedAfter({ 'libs/naming/src/index.ts': "export const prefix = (s: string) => `sophia_${s}`;\n" })).toEqual(
      ['estuary', 'naming', 'snowflake'],
    );
  });

  it('an upstream stack change reaches its consumers only', () => {
    expect(affectedAfter({ 'stacks/github/index.ts': "export const org = 'sophia-ai-2';\n" })).toEqual([
      'github',
      'lambda-labs',
    ]);
  });

  it('a Pulumi.<env>.yaml change is a change of that stack', () => {
    expect(affectedAfter({ 'stacks/esc/Pulumi.dev.yaml': 'environment:\n  - esc-dev\n  - shared-dev\n' })).toEqual([
      'esc',
      'estuary',
      'snowflake',
    ]);
  });

  it('an ESC definition change reaches the stacks importing it and the stack that creates it (and its readers), not the others', () => {
    // esc's readers (snowflake reads its outputs, estuary reads snowflake) follow esc; github, which neither
    // imports the environment nor reads esc, does not. In the real workspace no stack reads esc's outputs.
    expect(affectedAfter({ 'stacks/lambda-labs/esc/dev.yaml': 'imports:\n  - secrets-dev\nvalues:\n  pulumiConfig:\n    lambda-labs:region: us-west-1\n' })).toEqual([
      'esc',
      'estuary',
      'lambda-labs',
      'lambda-labs-esc',
      'snowflake',
    ]);
  });

  it('a contract change reaches its producer and the stacks reading it (and theirs), not the others', () => {
    const contractFile = 'stacks/snowflake/contract/index.ts';
    expect(affectedAfter({ [contractFile]: `${fx.readText(contractFile)}// a new output\n` })).toEqual([
      'estuary',
      'snowflake',
      'snowflake-contract',
    ]);
  });

  it('a docs-only change affects nothing', () => {
    expect(affectedAfter({ 'docs/guide.md': '# Guide\n\nMore words.\n' })).toEqual([]);
  });
});

describe('edges the scan must not miss', () => {
  /** Writes files, runs nx, then restores the fixture (deleting files that were new). */
  function withFiles<T>(files: Record<string, string>, body: () => T): T {
    const before = Object.fromEntries(Object.keys(files).map((f) => [f, fx.readText(f)]));
    fx.write(files);
    try {
      return body();
    } finally {
      for (const [f, text] of Object.entries(before)) {
        if (text === undefined) fx.remove(f);
        else fx.write({ [f]: text });
      }
    }
  }
  const upstreamOf = (project: string) =>
    (JSON.parse(nxOk(['show', 'project', project, '--json'])).metadata['nx-pulumi'].upstream as Array<{ target: string }>).map((u) => u.target);

  it('a barrel re-export and destructuring give edges', () => {
    withFiles(
      {
        'stacks/github/src/refs.ts': "export { escStack } from '@sophia-ai/esc-contract';\n",
        'stacks/github/index.ts': "import * as refs from '@sophia-ai/snowflake-contract';\nconst { snowflakeStack } = refs;\nexport const x = snowflakeStack;\n",
      },
      () => expect(upstreamOf('github').sort()).toEqual(['esc', 'snowflake']),
    );
  });

  it('a use the scan cannot resolve fails nx show projects, naming the file and line', () => {
    withFiles({ 'stacks/github/src/refs.ts': "export * from '@sophia-ai/esc-contract';\n" }, () => {
      const r = fx.nx(['show', 'projects']);
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toContain('stacks/github/src/refs.ts:1: re-exports all of @sophia-ai/esc-contract');
    });
  });

  it("a contract naming another stack's project fails, naming the file", () => {
    withFiles(
      {
        'stacks/esc/contract/index.ts':
          "import { defineStackContract } from '@sophia-ai/stack-refs';\nexport const escStack = defineStackContract({ project: 'snowflake', description: 'e', outputs: {} });\n",
      },
      () => {
        const r = fx.nx(['show', 'projects']);
        expect(r.code).not.toBe(0);
        expect(r.stdout + r.stderr).toContain("stacks/esc/contract/index.ts: escStack declares project 'snowflake'");
      },
    );
  });

  it('a cycle of stack references fails nx graph and nx show projects with the files that form it', () => {
    // lambda-labs already reads github; github reading lambda-labs closes the cycle.
    withFiles(
      {
        'stacks/lambda-labs/contract/package.json': JSON.stringify({ name: '@sophia-ai/lambda-labs-contract', nx: { name: 'lambda-labs-contract' } }),
        'stacks/lambda-labs/contract/index.ts':
          "import { defineStackContract } from '@sophia-ai/stack-refs';\nexport const lambdaLabsStack = defineStackContract({ project: 'lambda-labs', description: 'l', outputs: {} });\n",
        'stacks/github/src/hook.ts': "import { lambdaLabsStack } from '@sophia-ai/lambda-labs-contract';\nexport const ip = lambdaLabsStack;\n",
      },
      () => {
        // `nx graph` still writes Nx's "partial graph" (exit 0) but reports the error; everything else fails.
        for (const [args, fails] of [[['graph', '--file=cycle.json'], false], [['show', 'projects'], true]] as const) {
          const r = fx.nx([...args]);
          expect(r.code !== 0).toBe(fails);
          const out = r.stdout + r.stderr;
          expect(out).toContain('Stack references form a cycle');
          expect(out).toContain('github reads lambda-labs (stacks/github/src/hook.ts)');
          expect(out).toContain('lambda-labs reads github (stacks/lambda-labs/index.ts)');
        }
      },
    );
  });
});

describe('organisation from nx.json', () => {
  it('the plugin option names the organisation of every stack', () => {
    const nxJson = JSON.parse(fx.readText('nx.json')!);
    const original = fx.readText('nx.json')!;
    fx.write({ 'nx.json': JSON.stringify({ ...nxJson, plugins: [{ plugin: './tools/nx-pulumi', options: { organization: 'acme', secretsProvider: 'passphrase' } }] }) });
    try {
      const start = fx.readLog(fx.pulumiLog).length;
      nxOk(['run', 'esc:preview', '--env', 'staging']);
      const calls = fx.readLog(fx.pulumiLog).slice(start).map((c) => c.argv as string[]);
      expect(calls).toEqual([
        ['stack', 'select', '--create', '--cwd', join(fx.root, 'stacks/esc'), '--stack', 'acme/staging', '--non-interactive', '--secrets-provider', 'passphrase'],
        ['preview', '--cwd', join(fx.root, 'stacks/esc'), '--stack', 'acme/staging', '--non-interactive', '--diff'],
      ]);
    } finally {
      fx.write({ 'nx.json': original });
    }
  });
});

describe('run-many -t up', () => {
  it('runs every stack once, upstream before downstream, with the same environment', () => {
    nxOk(['run-many', '-t', 'up', '--env', 'staging', '--parallel=3'], { CI: 'true' });
    const calls = fx.readLog(fx.pulumiLog).filter((c) => (c.argv as string[])[0] === 'up');
    const order = calls.map((c) => String(c.cwd).split('/').pop());
    expect([...order].sort()).toEqual([...STACKS].sort());
    const before = (a: string, b: string) => expect(order.indexOf(a)).toBeLessThan(order.indexOf(b));
    before('esc', 'snowflake');
    before('snowflake', 'estuary');
    before('github', 'lambda-labs');
    before('esc', 'lambda-labs'); // lambda-labs imports an environment esc creates
    for (const c of calls) {
      expect(c.argv).toEqual(expect.arrayContaining(['--stack', 'sophia-ai/staging', '--yes', '--non-interactive']));
    }
    // One Nx worker process per task.
    expect(new Set(calls.map((c) => c.ppid)).size).toBeGreaterThan(1);
  });

  it('--batch (the deploy workflow): the same commands in the same order, every one from a single process', () => {
    const start = fx.readLog(fx.pulumiLog).length;
    const out = nxOk(['run-many', '-t', 'up', '--env', 'staging', '--batch', '--output-style=static'], { CI: 'true' });
    const calls = fx.readLog(fx.pulumiLog).slice(start);
    const order = calls.filter((c) => (c.argv as string[])[0] === 'up').map((c) => String(c.cwd).split('/').pop());
    expect([...order].sort()).toEqual([...STACKS].sort());
    const before = (a: string, b: string) => expect(order.indexOf(a)).toBeLessThan(order.indexOf(b));
    before('esc', 'snowflake');
    before('snowflake', 'estuary');
    before('github', 'lambda-labs');
    before('esc', 'lambda-labs');
    // Every stack is created (init) before its up; each task's output comes back with it.
    for (const stack of order) {
      const at = (cmd: string) => calls.findIndex((c) => (c.argv as string[])[0] === cmd && String(c.cwd).endsWith(`/${stack}`));
      expect(at('stack')).toBeLessThan(at('up'));
    }
    expect(out).toMatch(/> pulumi up --cwd \S+\/estuary --stack sophia-ai\/staging/);
    expect(new Set(calls.map((c) => c.ppid))).toEqual(new Set([calls[0]!.ppid]));
  });

  it('--batch: a failed stack stops the stacks below it, names what failed, and the others still deploy', () => {
    const start = fx.readLog(fx.pulumiLog).length;
    const r = fx.nx(['run-many', '-t', 'up', '--env', 'staging', '--batch', '--output-style=static'], { CI: 'true', PULUMI_STUB_FAIL_UP_IN: 'snowflake' });
    expect(r.code).not.toBe(0);
    const ups = fx.readLog(fx.pulumiLog).slice(start).filter((c) => (c.argv as string[])[0] === 'up').map((c) => String(c.cwd).split('/').pop());
    expect(ups).toContain('snowflake');
    expect(ups).not.toContain('estuary');
    expect(ups).toEqual(expect.arrayContaining(['github', 'lambda-labs']));
    expect(r.stdout + r.stderr).toContain('stub: up fails in snowflake');
    expect(r.stdout + r.stderr).toMatch(/pulumi up exited with code 1/);
  });

  it('`nx run <importer>:up` deploys the environments stack first (a task dependency, not a project edge)', () => {
    const start = fx.readLog(fx.pulumiLog).length;
    nxOk(['run', 'lambda-labs:up', '--env', 'dev', '--yes']);
    const calls = fx.readLog(fx.pulumiLog).slice(start).filter((c) => (c.argv as string[])[0] === 'up');
    const order = calls.map((c) => String(c.cwd).split('/').pop());
    expect([...order].sort()).toEqual(['esc', 'github', 'lambda-labs']);
    expect(order.indexOf('esc')).toBeLessThan(order.indexOf('lambda-labs'));
    expect(order.at(-1)).toBe('lambda-labs');
  });

  it('in an environment the importer imports nothing from, the environments stack says so and deploys nothing', () => {
    const start = fx.readLog(fx.pulumiLog).length;
    const out = nxOk(['run', 'lambda-labs:up', '--env', 'staging', '--yes', '--output-style=static']); // only Pulumi.dev.yaml imports lambda-labs-dev
    const ups = fx.readLog(fx.pulumiLog).slice(start).filter((c) => (c.argv as string[])[0] === 'up');
    expect(ups.map((c) => String(c.cwd).split('/').pop())).toEqual(['github', 'lambda-labs']);
    expect(out).toContain('esc:up skipped: no stack waiting for it imports an ESC environment in staging or reads its outputs');
  });

  it('--batch decides the same: the environments stack deploys nothing where no importer needs it', () => {
    const start = fx.readLog(fx.pulumiLog).length;
    const out = nxOk(['run', 'lambda-labs:up', '--env', 'staging', '--yes', '--batch', '--output-style=static']);
    const ups = fx.readLog(fx.pulumiLog).slice(start).filter((c) => (c.argv as string[])[0] === 'up');
    expect(ups.map((c) => String(c.cwd).split('/').pop())).toEqual(['github', 'lambda-labs']);
    expect(out).toContain('esc:up skipped: no stack waiting for it imports an ESC environment in staging or reads its outputs');
  });

  it('`nx run <downstream>:up` deploys its upstream stacks first, in the requested env', () => {
    const start = fx.readLog(fx.pulumiLog).length;
    nxOk(['run', 'estuary:up', '--env', 'production', '--yes']);
    const calls = fx.readLog(fx.pulumiLog).slice(start).filter((c) => (c.argv as string[])[0] === 'up');
    expect(calls.map((c) => String(c.cwd).split('/').pop())).toEqual(['esc', 'snowflake', 'estuary']);
    for (const c of calls) expect(c.argv).toEqual(expect.arrayContaining(['--stack', 'sophia-ai/production', '--yes']));
  });
});

describe('synth target', () => {
  it('runs the synth runner upstream-first and is served from cache the second time', () => {
    const first = nxOk(['run', 'estuary:synth']);
    const calls = fx.readLog(fx.synthLog);
    expect(calls.map((c) => String((c.argv as string[])[1]).split('/').pop())).toEqual(['esc', 'snowflake', 'estuary']);
    expect(calls[2].argv).toEqual([
      join(fx.root, 'tools/nx-pulumi/bin/synth.js'),
      join(fx.root, 'stacks/estuary'),
      '--env',
      'local',
      '--out-dir',
      join(fx.root, 'dist/synth'),
    ]);
    // Downstream synth sees the upstream plans (written by the stub runner to dist/synth/<stack>/<env>.json).
    expect(calls[2].upstream).toEqual(['esc', 'snowflake']);
    expect(first).not.toMatch(/\[local cache\]/);

    const second = nxOk(['run', 'estuary:synth']);
    expect(fx.readLog(fx.synthLog)).toHaveLength(3);
    expect(second).toMatch(/estuary:synth +\[local cache\]/);
  });
});
