// Real Nx on a fixture workspace (graph under test: src/testing/platform-fixture.ts):
//   esc ← snowflake ← estuary (snowflake also imports libs/naming);  github ← lambda-labs
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
    expect(project.metadata['nx-pulumi']).toEqual({ pulumiProject: 'snowflake' });
    const t = project.targets;
    for (const name of ['preview', 'up', 'refresh', 'destroy']) {
      expect(t[name]).toMatchObject({ executor: '@sophia-ai/nx-pulumi:pulumi', cache: false, options: { command: name } });
    }
    expect(t.up.dependsOn).toEqual([{ dependencies: true, target: 'up', params: 'forward' }]);
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
    // Nx's own import analysis still links stacks to the libs they import.
    expect(deps).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'snowflake', target: 'naming' })]));
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

  it('a docs-only change affects nothing', () => {
    expect(affectedAfter({ 'docs/guide.md': '# Guide\n\nMore words.\n' })).toEqual([]);
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
    for (const c of calls) {
      expect(c.argv).toEqual(expect.arrayContaining(['--stack', 'sophia-ai/staging', '--yes', '--non-interactive']));
    }
  });

  it('`nx run <downstream>:up` deploys its upstream stacks first, in the requested env', () => {
    const start = fx.readLog(fx.pulumiLog).length;
    nxOk(['run', 'estuary:up', '--env', 'production', '--yes']);
    const calls = fx.readLog(fx.pulumiLog).slice(start);
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
