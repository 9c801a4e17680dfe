import { currentTaskId, isDependencyTask, unorderedPair, type RunGraph } from './task-graph';

function graph(deps: Record<string, string[]>): RunGraph {
  const tasks = Object.fromEntries(
    Object.keys(deps).map((id) => {
      const [project, target] = id.split(':');
      return [id, { id, target: { project, target }, overrides: {}, outputs: [], parallelism: true }];
    }),
  );
  return { tasks, dependencies: deps } as unknown as RunGraph;
}

describe('task graph checks', () => {
  // nx run github:up: lambda-labs:up runs because github:up needs it.
  const chain = graph({ 'github:up': ['lambda-labs:up'], 'lambda-labs:up': [] });
  const fork = graph({ 'estuary:up': ['snowflake:up'], 'github:up': ['lambda-labs:up'], 'snowflake:up': [], 'lambda-labs:up': [] });

  it('finds the current task and whether another task of the run waits for it', () => {
    expect(currentTaskId(chain, 'lambda-labs', 'up')).toBe('lambda-labs:up');
    expect(isDependencyTask(chain, 'lambda-labs:up')).toBe(true);
    expect(isDependencyTask(chain, 'github:up')).toBe(false);
    expect(isDependencyTask(undefined, 'github:up')).toBe(false);
  });

  it('a chain is ordered; independent stacks may run at once', () => {
    expect(unorderedPair(chain, ['github:up', 'lambda-labs:up'])).toBeUndefined();
    expect(unorderedPair(fork, ['estuary:up', 'snowflake:up'])).toBeUndefined();
    expect(unorderedPair(fork, Object.keys(fork.tasks))).toEqual(['estuary:up', 'github:up']);
  });
});
