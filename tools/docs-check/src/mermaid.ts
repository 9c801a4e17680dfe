/**
 * The stack graph as docs/infrastructure/README.md draws it, and as `nx graph` has it, in one comparable form.
 * The diagram's conventions (written beside it): node ids are Nx project names with `-` written `_`; `==>` is a
 * StackReference edge (consumer ==> producer), `-->` an ESC import (stack --> `<s>-esc`), `-.->` the stack that
 * creates the ESC environments (esc -.-> `<s>-esc`).
 */

export type EdgeKind = 'stack-reference' | 'esc-import' | 'creates';

export interface StackDiagram {
  /** Project names of every node defined in the diagram. */
  nodes: string[];
  /** `kind source -> target`, sorted. */
  edges: string[];
}

const ARROWS: Record<string, EdgeKind> = { '==>': 'stack-reference', '-->': 'esc-import', '-.->': 'creates' };
const project = (id: string) => id.replace(/_/g, '-');

/** The mermaid blocks of a markdown text (```mermaid … ```). */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

/** Nodes (`id["label"]`) and edges (`a ==>|label| b`) of one flowchart; subgraph ids are not nodes. */
export function parseDiagram(block: string): StackDiagram {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const raw of block.split('\n')) {
    const line = raw.trim();
    if (/^(graph|flowchart|subgraph|end\b|%%)/.test(line)) continue;
    const edge = /^(\w+)\s*(==>|-->|-\.->)\s*(?:\|[^|]*\|\s*)?(\w+)$/.exec(line);
    if (edge) {
      edges.add(`${ARROWS[edge[2]!]} ${project(edge[1]!)} -> ${project(edge[3]!)}`);
      continue;
    }
    const node = /^(\w+)\s*\[/.exec(line);
    if (node) nodes.add(project(node[1]!));
    else if (line) throw new Error(`diagram line not understood (a node \`id["label"]\` or an edge \`a ==>|label| b\`): ${line}`);
  }
  return { nodes: [...nodes].sort(), edges: [...edges].sort() };
}

/** What `nx graph --file` writes (the parts read here). */
export interface NxGraph {
  nodes: Record<string, { data: { tags?: string[]; metadata?: { 'nx-pulumi'?: { upstream?: Array<{ target: string }>; createsEnvironments?: boolean } } } }>;
  dependencies: Record<string, Array<{ target: string }>>;
}

/** The same view of the real graph: stacks, ESC definition projects, and the three kinds of edge between them. */
export function stackDiagramOf(graph: NxGraph): StackDiagram {
  const tagged = (tag: string) => Object.keys(graph.nodes).filter((p) => graph.nodes[p]!.data.tags?.includes(tag));
  const stacks = tagged('type:stack');
  const definitions = new Set(tagged('type:esc-definitions'));
  const edges: string[] = [];
  for (const stack of stacks) {
    const meta = graph.nodes[stack]!.data.metadata?.['nx-pulumi'];
    for (const up of meta?.upstream ?? []) edges.push(`stack-reference ${stack} -> ${up.target}`);
    for (const dep of graph.dependencies[stack] ?? []) {
      if (definitions.has(dep.target)) edges.push(`${meta?.createsEnvironments ? 'creates' : 'esc-import'} ${stack} -> ${dep.target}`);
    }
  }
  return { nodes: [...stacks, ...definitions].sort(), edges: [...new Set(edges)].sort() };
}
