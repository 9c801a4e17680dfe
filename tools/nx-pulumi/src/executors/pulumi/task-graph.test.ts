import { currentTaskId, environmentsNeeded, isDependencyTask, unorderedPair, type DependentMetadata, type RunGraph } from './task-graph';

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

describe('environmentsNeeded (the environments stack as a dependency of an importer)', () => {
  const meta: Record<string, DependentMetadata> = {
    portkey: { environmentImports: [{ sourceFile: 'stacks/portkey/Pulumi.dev.yaml' }, { sourceFile: 'stacks/portkey/Pulumi.production.yaml' }] },
    reader: { upstream: [{ target: 'esc' }] },
  };
  const of = (p: string) => meta[p];
  const waitingOnEsc = (...projects: string[]) =>
    graph({ 'esc:up': [], ...Object.fromEntries(projects.map((p) => [`${p}:up`, ['esc:up']])) });

  it.each([
    ['portkey', 'dev', true],
    ['portkey', 'production', true],
    // local (and any environment the waiting stack does not import in) has nothing for esc to deploy
    ['portkey', 'local', false],
    ['portkey', 'staging', false],
    // a stack reading esc's outputs needs it deployed in every environment
    ['reader', 'local', true],
  ])('%s:up in %s → %s', (project, env, expected) => {
    expect(environmentsNeeded(waitingOnEsc(project), 'esc:up', 'esc', env, of)).toBe(expected);
  });

  it('is needed when any waiting stack needs it, and when nothing waits (esc:up asked for directly)', () => {
    expect(environmentsNeeded(waitingOnEsc('portkey', 'reader'), 'esc:up', 'esc', 'local', of)).toBe(true);
    expect(environmentsNeeded(graph({ 'esc:up': [] }), 'esc:up', 'esc', 'local', of)).toBe(true);
  });
});
