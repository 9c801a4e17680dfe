// The executor's refusal of two interactive pulumi processes at once, on a task graph as Nx hands it over.
import type { ExecutorContext } from '@nx/devkit';
import pulumiExecutor from './executor';
import * as pulumiCli from '@sophia-ai/pulumi-cli';

function context(deps: Record<string, string[]>, current: string): ExecutorContext {
  const ids = Object.keys(deps);
  const projects = Object.fromEntries(
    [...new Set(ids.map((id) => id.split(':')[0]!))].map((p) => [
      p,
      {
        root: `stacks/${p}`,
        metadata: { 'nx-pulumi': { pulumiProject: p, upstream: [] } },
        targets: Object.fromEntries(
          ['up', 'init'].map((t) => [t, { executor: '@sophia-ai/nx-pulumi:pulumi', options: { command: t } }]),
        ),
      },
    ]),
  );
  const tasks = Object.fromEntries(ids.map((id) => [id, { id, target: { project: id.split(':')[0], target: id.split(':')[1] } }]));
  const [projectName, targetName] = current.split(':');
  return {
    root: '/ws',
    cwd: '/ws',
    isVerbose: false,
    projectName,
    targetName,
    projectsConfigurations: { version: 2, projects },
    taskGraph: { roots: [], tasks, dependencies: deps, continuousDependencies: {} },
  } as unknown as ExecutorContext;
}

describe('pulumi executor at a terminal without --yes', () => {
  const tty = process.stdin.isTTY;
  const ci = process.env.CI;
  let errors: string[];
  beforeEach(() => {
    delete process.env.CI; // CI=true approves up by itself: these tests are about a person at a terminal
    Object.defineProperty(process.stdin, 'isTTY', { value: true, configurable: true });
    errors = [];
    jest.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    // Nothing may be spawned in these tests: without a CLI the executor stops right after the checks.
    jest.spyOn(pulumiCli, 'locatePulumi').mockReturnValue(undefined);
  });
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
    Object.defineProperty(process.stdin, 'isTTY', { value: tty, configurable: true });
    jest.restoreAllMocks();
  });

  it('refuses when Nx may start two prompting stacks at once (nx run-many -t up)', async () => {
    const graph = { 'github:up': [], 'snowflake:up': [], 'github:init': [], 'snowflake:init': [] };
    const result = await pulumiExecutor({ command: 'up' }, context(graph, 'github:up'));
    expect(result.success).toBe(false);
    expect(errors.join('\n')).toMatch(/Refusing to start github:up and snowflake:up at the same time.*--yes/s);
    expect(pulumiCli.locatePulumi).not.toHaveBeenCalled();
  });

  it('lets an ordered chain through: each stack prompts after the one before it finished', async () => {
    const graph = { 'lambda-labs:up': ['github:up', 'lambda-labs:init'], 'github:up': ['github:init'], 'github:init': [], 'lambda-labs:init': [] };
    await pulumiExecutor({ command: 'up' }, context(graph, 'lambda-labs:up'));
    expect(errors.join('\n')).not.toContain('Refusing');
    expect(pulumiCli.locatePulumi).toHaveBeenCalled(); // got past the checks (then stopped: no CLI)
  });

  it('does not refuse an approved run', async () => {
    const graph = { 'github:up': [], 'snowflake:up': [] };
    await pulumiExecutor({ command: 'up', yes: true }, context(graph, 'github:up'));
    expect(errors.join('\n')).not.toContain('Refusing');
  });
});
