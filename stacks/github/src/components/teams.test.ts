import { startMockRuntime, type MockRuntime } from '@sophia-ai/pulumi-testing';
import { parseOrganisation } from '../logic/spec';
import { resourceOutputs } from '../test-support';
import { GithubTeams } from './teams';

// A team that exists on GitHub before the stack is adopted (Pulumi `import` by slug) instead of created again.
const importIds: Record<string, string> = {};
let runtime: MockRuntime;

beforeAll(async () => {
  runtime = await startMockRuntime({
    project: 'github',
    stack: 'dev',
    organization: 'sophia-ai',
    resourceOutputs: (args) => {
      if (args.id) importIds[args.name] = args.id;
      return resourceOutputs!(args);
    },
  });
  const spec = parseOrganisation({
    homeOrganisation: 'acme',
    defaultCodeOwner: 'platform',
    teams: [{ name: 'platform', existing: true }, { name: 'data', parent: 'platform' }],
    repositories: [],
  });
  await runtime.runStack(() => void new GithubTeams('teams', { teams: spec.teams }));
});

describe('GithubTeams with an existing team', () => {
  it('imports the existing team by its slug and creates the new one', () => {
    expect(importIds).toEqual({ 'teams-platform': 'platform' });
    expect(runtime.resources.filter((r) => r.type === 'github:index/team:Team').map((r) => r.name).sort()).toEqual(['teams-data', 'teams-platform']);
  });
});
