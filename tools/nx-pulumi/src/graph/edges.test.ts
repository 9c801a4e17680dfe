import { findCycle, isContractFile, isProgramSource, stackEdges } from './edges';

describe('stackEdges', () => {
  const contracts = { escStack: 'esc', snowflakeStack: 'snowflake', githubStack: 'gh-org' };
  const nxByPulumi = { esc: 'esc', snowflake: 'snowflake', 'gh-org': 'github' };

  it('draws consumer → producer through the Pulumi project name, with the importing file', () => {
    const edges = stackEdges(contracts, nxByPulumi, [
      { project: 'estuary', file: 'stacks/estuary/src/m.ts', names: ['snowflakeStack', 'TypedStackReference'] },
      { project: 'lambda-labs', file: 'stacks/lambda-labs/index.ts', names: ['githubStack'] },
    ]);
    expect(edges).toEqual([
      { source: 'estuary', target: 'snowflake', sourceFile: 'stacks/estuary/src/m.ts' },
      { source: 'lambda-labs', target: 'github', sourceFile: 'stacks/lambda-labs/index.ts' },
    ]);
  });

  it('drops self edges and contracts of stacks that do not exist', () => {
    const edges = stackEdges({ ...contracts, ghostStack: 'ghost' }, nxByPulumi, [
      { project: 'snowflake', file: 'stacks/snowflake/index.ts', names: ['snowflakeStack', 'ghostStack'] },
    ]);
    expect(edges).toEqual([]);
  });

  it('keeps one edge per importing file', () => {
    const edges = stackEdges(contracts, nxByPulumi, [
      { project: 'snowflake', file: 'stacks/snowflake/a.ts', names: ['escStack'] },
      { project: 'snowflake', file: 'stacks/snowflake/b.ts', names: ['escStack', 'escStack'] },
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

  it.each([
    ['libs/stack-refs/src/contracts/esc.ts', true],
    ['libs/stack-refs/src/contracts/index.ts', false],
    ['libs/stack-refs/src/contracts/esc.test.ts', false],
    ['libs/stack-refs/src/contracts/nested/x.ts', false],
    ['libs/stack-refs/src/contract.ts', false],
  ])('isContractFile(%s) = %s', (file, expected) => {
    expect(isContractFile(file)).toBe(expected);
  });
});
