// The real workspace's project graph (one `nx graph` run): which stacks a change of a key project reaches. The
// stacks a project reaches are the stacks that depend on it, directly or not: what `nx affected` previews and
// deploys. tools/bench/affected.js measures the same rule over every lib, namespace, contract and stack file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../testing/fixture-workspace';

jest.setTimeout(120_000);

interface Graph {
  nodes: Record<string, { data: { tags?: string[]; metadata?: { 'nx-pulumi'?: { upstream: Array<{ target: string }> } } } }>;
  dependencies: Record<string, Array<{ source: string; target: string }>>;
}

let graph: Graph;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'workspace-graph-'));
  try {
    const file = join(dir, 'graph.json');
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js'), 'graph', `--file=${file}`], {
      cwd: REPO_ROOT,
      env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`nx graph failed:\n${r.stdout}${r.stderr}`);
    graph = (JSON.parse(readFileSync(file, 'utf8')) as { graph: Graph }).graph;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const isStack = (p: string) => graph.nodes[p]?.data.tags?.includes('type:stack') ?? false;

/** Stacks that depend on `project` (or are it), following every edge backwards. */
function stacksReaching(project: string): string[] {
  const reached = new Set([project]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [source, deps] of Object.entries(graph.dependencies)) {
      if (!reached.has(source) && deps.some((d) => reached.has(d.target))) {
        reached.add(source);
        grew = true;
      }
    }
  }
  return [...reached].filter(isStack).sort();
}

describe('the workspace graph follows the data flow', () => {
  it('a change of the snowflake namespace reaches snowflake only', () => {
    expect(stacksReaching('snowflake-config')).toEqual(['snowflake']);
  });

  it('a change of ssh-injection reaches lambda-labs only (libs/config does not load it, not even in its tests)', () => {
    expect(stacksReaching('ssh-injection')).toEqual(['lambda-labs']);
  });

  it('a change of the lambda-labs namespace reaches lambda-labs only', () => {
    expect(stacksReaching('lambda-labs-config')).toEqual(['lambda-labs']);
  });

  it('a contract change reaches its producer and the stacks reading the package', () => {
    // No stack reads snowflake's outputs yet; github's policy reads the lambda-labs firewall fact.
    expect(stacksReaching('snowflake-contract')).toEqual(['snowflake']);
    expect(stacksReaching('lambda-labs-contract')).toEqual(['github', 'lambda-labs']);
  });

  it("a producer's program reaches exactly the stacks whose references the scan found", () => {
    for (const stack of Object.keys(graph.nodes).filter(isStack)) {
      const readers = Object.keys(graph.nodes).filter((p) =>
        graph.nodes[p]!.data.metadata?.['nx-pulumi']?.upstream.some((u) => u.target === stack),
      );
      expect({ stack, reached: stacksReaching(stack) }).toEqual({ stack, reached: [...new Set([stack, ...readers])].sort() });
    }
  });

  it('every stack loads its own namespace and contract projects, and libraries never load a stack', () => {
    for (const stack of Object.keys(graph.nodes).filter(isStack)) {
      const targets = graph.dependencies[stack]!.map((d) => d.target);
      expect(targets).toEqual(expect.arrayContaining([`${stack}-config`, `${stack}-contract`]));
    }
    const libs = Object.keys(graph.nodes).filter((p) => graph.nodes[p]!.data.tags?.includes('type:lib'));
    expect(libs).toEqual(expect.arrayContaining(['config', 'stack-refs', 'ssh-injection']));
    for (const [source, deps] of Object.entries(graph.dependencies)) {
      if (!libs.includes(source)) continue;
      expect({ source, stacks: deps.map((d) => d.target).filter(isStack) }).toEqual({ source, stacks: [] });
    }
  });
});
