import { findCycle, isProgramSource, stackEdges } from './edges';

describe('stackEdges', () => {
  const contracts = {
    '@sophia-ai/esc-contract': { escStack: 'esc' },
    '@sophia-ai/snowflake-contract': { snowflakeStack: 'snowflake' },
    '@sophia-ai/github-contract': { githubStack: 'gh-org' },
  };
  const nxByPulumi = { esc: 'esc', snowflake: 'snowflake', 'gh-org': 'github' };

  it('draws consumer → producer through the Pulumi project name, with the importing file', () => {
    const edges = stackEdges(contracts, nxByPulumi, [
      { project: 'estuary', file: 'stacks/estuary/src/m.ts', modules: { '@sophia-ai/snowflake-contract': ['snowflakeStack', 'SNOWFLAKE_FACT'] } },
      { project: 'lambda-labs', file: 'stacks/lambda-labs/index.ts', modules: { '@sophia-ai/github-contract': ['githubStack'] } },
    ]);
    expect(edges).toEqual([
      { source: 'estuary', target: 'snowflake', sourceFile: 'stacks/estuary/src/m.ts' },
      { source: 'lambda-labs', target: 'github', sourceFile: 'stacks/lambda-labs/index.ts' },
    ]);
  });

  it('drops self edges, contracts of stacks that do not exist and names of another package', () => {
    const edges = stackEdges({ ...contracts, '@sophia-ai/ghost-contract': { ghostStack: 'ghost' } }, nxByPulumi, [
      { project: 'snowflake', file: 'stacks/snowflake/index.ts', modules: { '@sophia-ai/snowflake-contract': ['snowflakeStack'] } },
      { project: 'snowflake', file: 'stacks/snowflake/a.ts', modules: { '@sophia-ai/ghost-contract': ['ghostStack'] } },
      { project: 'snowflake', file: 'stacks/snowflake/b.ts', modules: { '@sophia-ai/github-contract': ['escStack'] } },
    ]);
    expect(edges).toEqual([]);
  });

  it('keeps one edge per importing file', () => {
    const edges = stackEdges(contracts, nxByPulumi, [
      { project: 'snowflake', file: 'stacks/snowflake/a.ts', modules: { '@sophia-ai/esc-contract': ['escStack'] } },
      { project: 'snowflake', file: 'stacks/snowflake/b.ts', modules: { '@sophia-ai/esc-contract': ['escStack', 'escStack'] } },
    ]);
    expect(edges.map((e) => e.sourceFile)).toEqual(['stacks/snowflake/a.ts', 'stacks/snowflake/b.ts']);
  });
});

describe('findCycle', () => {
  const e = (source: string, target: string) => ({ source, target, sourceFile: `stacks/${source}/index.ts` });
  it('returns the edges that form a cycle, each with its file', () => {
    expect(findCycle([e('a', 'b'), e('b', 'c'), e('c', 'a'), e('d', 'a')])).toEqual([e('a', 'b'), e('b', 'c'), e('c', 'a')]);
    expect(findCycle([e('x', 'y'), e('y', 'x')])).toEqual([e('x', 'y'), e('y', 'x')]);
  });
  it('is undefined for a DAG, diamonds included', () => {
    expect(findCycle([e('a', 'b'), e('a', 'c'), e('b', 'd'), e('c', 'd')])).toBeUndefined();
    expect(findCycle([])).toBeUndefined();
  });
});

describe('file filters', () => {
  it.each([
    ['stacks/a/index.ts', true],
    ['stacks/a/src/x.tsx', true],
    ['stacks/a/src/x.test.ts', false],
    ['stacks/a/src/x.spec.ts', false],
    ['stacks/a/src/x.d.ts', false],
    ['stacks/a/src/__fixtures__/x.ts', false],
    ['stacks/a/README.md', false],
  ])('isProgramSource(%s) = %s', (file, expected) => {
    expect(isProgramSource(file)).toBe(expected);
  });
});
