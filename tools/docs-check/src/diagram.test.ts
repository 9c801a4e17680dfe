/**
 * The stack graph drawn in docs/infrastructure/README.md is the real one: its stacks, StackReference edges, ESC
 * imports and the environments esc creates equal what `nx graph` computes (tools/nx-pulumi's edges). A new
 * stack, contract use or ESC import without a diagram update fails here.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mermaidBlocks, parseDiagram, stackDiagramOf, type NxGraph } from './mermaid';

const ROOT = path.resolve(__dirname, '../../..');
const DOC = path.join(ROOT, 'docs/infrastructure/README.md');
jest.setTimeout(180_000);

let graph: NxGraph;
beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diagram-check-'));
  try {
    const file = path.join(dir, 'graph.json');
    execFileSync(process.execPath, [require.resolve('nx/bin/nx'), 'graph', `--file=${file}`], { cwd: ROOT, env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' }, stdio: 'pipe' });
    graph = (JSON.parse(fs.readFileSync(file, 'utf8')) as { graph: NxGraph }).graph;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const drawn = () => {
  const blocks = mermaidBlocks(fs.readFileSync(DOC, 'utf8'));
  expect(blocks).toHaveLength(1);
  return parseDiagram(blocks[0]!);
};

describe('the stack graph diagram (docs/infrastructure/README.md)', () => {
  it('draws every stack and ESC definition project, and exactly the real graph\'s edges between them', () => {
    const real = stackDiagramOf(graph);
    // Guards against a graph read that found nothing (then both sides could be empty and equal).
    expect(real.edges.filter((e) => e.startsWith('stack-reference')).length).toBeGreaterThan(0);
    expect(real.edges.filter((e) => e.startsWith('esc-import')).length).toBeGreaterThan(0);
    const diagram = drawn();
    expect(diagram.edges).toEqual(real.edges);
    expect(diagram.nodes).toEqual(real.nodes);
  });

  it('would fail for a missing edge, an extra edge or an edge of the wrong kind', () => {
    const real = stackDiagramOf(graph);
    const block = mermaidBlocks(fs.readFileSync(DOC, 'utf8'))[0]!;
    const missing = parseDiagram(block.replace(/^.*estuary ==>.*$/m, ''));
    expect(missing.edges).not.toEqual(real.edges);
    const extra = parseDiagram(`${block}\n  github ==>|StackReference| portkey`);
    expect(extra.edges).toContain('stack-reference github -> portkey');
    expect(extra.edges).not.toEqual(real.edges);
    const wrongKind = parseDiagram(block.replace('estuary ==>', 'estuary -->'));
    expect(wrongKind.edges).toContain('esc-import estuary -> snowflake');
    expect(wrongKind.edges).not.toEqual(real.edges);
  });

  it('refuses a line it does not understand instead of ignoring it', () => {
    expect(() => parseDiagram('graph LR\n  estuary --> |x| snowflake --> esc')).toThrow(/not understood/);
  });
});
