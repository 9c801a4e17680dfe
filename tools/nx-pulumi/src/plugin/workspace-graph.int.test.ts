// The real workspace's project graph (one `nx graph` run): which stacks a change of a key project reaches through
// what the stacks' programs load (the edges of non-test files, from the file map Nx writes with the graph). Nx's
// affected set adds the stacks whose tests load a project (per-project granularity, tools/nx-pulumi/README.md);
// tools/bench/affected.js measures both over every lib, namespace, contract and stack file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProgramSource } from '../graph/edges';
import { REPO_ROOT } from '../testing/fixture-workspace';

jest.setTimeout(120_000);

interface Graph {
  nodes: Record<string, { data: { tags?: string[]; metadata?: { 'nx-pulumi'?: { upstream: Array<{ target: string }> } } } }>;
  dependencies: Record<string, Array<{ source: string; target: string }>>;
}

let graph: Graph;
/** Project → projects its program files (not tests, fixtures or test support) import. */
const runtimeDeps = new Map<string, Set<string>>();

/** Files a program loads: sources that are not tests, fixtures or test-support modules. */
const isRuntimeFile = (file: string) => isProgramSource(file) && !/(^|\/)test-(support|fixtures)\.ts$|(^|\/)testing\//.test(file);

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
    const fileMap = JSON.parse(readFileSync(join(REPO_ROOT, '.nx/workspace-data/file-map.json'), 'utf8')).fileMap
      .projectFileMap as Record<string, Array<{ file: string; deps?: Array<string | string[]> }>>;
    for (const [project, files] of Object.entries(fileMap)) {
      const deps = files.filter((f) => isRuntimeFile(f.file)).flatMap((f) => (f.deps ?? []).map((d) => (Array.isArray(d) ? d[0]! : d)));
      runtimeDeps.set(project, new Set(deps.filter((d) => !d.startsWith('npm:'))));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const isStack = (p: string) => graph.nodes[p]?.data.tags?.includes('type:stack') ?? false;

/** Stacks whose program loads `project` (or that are it), following the runtime edges backwards. */
function stacksReaching(project: string): string[] {
  const reached = new Set([project]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [source, deps] of runtimeDeps) {
      if (!reached.has(source) && [...deps].some((d) => reached.has(d))) {
        reached.add(source);
        grew = true;
      }
    }
  }
  return [...reached].filter(isStack).sort();
}

describe('the workspace graph follows the data flow', () => {
  it('a change of the snowflake namespace reaches snowflake and estuary, which reads its outputs', () => {
    expect(stacksReaching('snowflake-config')).toEqual(['estuary', 'snowflake']);
  });

  it('a change of ssh-injection reaches lambda-labs only (libs/config does not load it)', () => {
    expect(stacksReaching('ssh-injection')).toEqual(['lambda-labs']);
  });

  it('a change of the lambda-labs namespace reaches lambda-labs only', () => {
    expect(stacksReaching('lambda-labs-config')).toEqual(['lambda-labs']);
  });

  it('a contract change reaches its producer and the stacks reading the package', () => {
    // estuary reads snowflake's outputs; github's policy reads the lambda-labs firewall fact.
    expect(stacksReaching('snowflake-contract')).toEqual(['estuary', 'snowflake']);
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

  it('every stack importing its ESC environment depends on its definitions project, and esc on all of them', () => {
    const definitionProjects = Object.keys(graph.nodes).filter((p) => graph.nodes[p]!.data.tags?.includes('type:esc-definitions'));
    expect(definitionProjects).toEqual(expect.arrayContaining(['estuary-esc', 'github-esc', 'lambda-labs-esc', 'portkey-esc', 'snowflake-esc']));
    for (const project of definitionProjects) {
      // Among stacks (tools such as iac, which checks every project, may depend on it too: they preview nothing).
      const importers = Object.entries(graph.dependencies)
        .filter(([s, deps]) => graph.nodes[s]?.data.tags?.includes('type:stack') && deps.some((d) => d.target === project))
        .map(([s]) => s);
      // Exactly the stack itself and esc: a change to one definition previews nothing else.
      expect({ project, importers: importers.sort() }).toEqual({ project, importers: ['esc', project.replace(/-esc$/, '')].sort() });
    }
  });

  it('every stack loads its own namespace and contract projects, and libraries never load a stack', () => {
    for (const stack of ['github', 'lambda-labs', 'snowflake']) {
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
