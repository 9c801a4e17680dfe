import { containsSecret, redact, stackConfigFromFile, startMockRuntime, type MockRuntime, type OutputValue } from '@sophia-ai/pulumi-testing';
import { runPolicies } from '@sophia-ai/policy';
import { CANARY_WEBHOOK_SECRET, resourceOutputs, toPlan } from './src/test-support';

// The stack program as the engine runs it, under the SDK mocks, with the local sample config.
const localConfig = stackConfigFromFile(__dirname, 'local').config;

let runtime: MockRuntime;
/** Resource name → the id the program asked the engine to import (Pulumi `import`), as the mocks receive it. */
const importIds: Record<string, string> = {};
let outputs: Record<string, OutputValue<unknown>>;
const T = {
  provider: 'pulumi:providers:github',
  team: 'github:index/team:Team',
  membership: 'github:index/teamMembership:TeamMembership',
  repo: 'github:index/repository:Repository',
  access: 'github:index/teamRepository:TeamRepository',
  ruleset: 'github:index/repositoryRuleset:RepositoryRuleset',
  branchDefault: 'github:index/branchDefault:BranchDefault',
  webhook: 'github:index/repositoryWebhook:RepositoryWebhook',
  password: 'random:index/randomPassword:RandomPassword',
  ref: 'pulumi:pulumi:StackReference',
};

beforeAll(async () => {
  process.env.GITHUB_API_URL = 'http://127.0.0.1:9/api/v3';
  runtime = await startMockRuntime({
    project: 'github',
    stack: 'local',
    organization: 'sophia-ai',
    config: localConfig,
    secretKeys: ['github:token'],
    resourceOutputs: (args) => {
      if (args.id) importIds[args.name] = args.id;
      return resourceOutputs!(args);
    },
  });
  // `export =` module: require gives the exports object itself, as the engine sees it.
  outputs = await runtime.runStack(() => require('./index'));
});
afterAll(() => {
  delete process.env.GITHUB_API_URL;
});

const ofType = (type: string) => runtime.resources.filter((r) => r.type === type);
const byName = (type: string, name: string) => {
  const found = ofType(type).find((r) => r.name === name);
  if (!found) throw new Error(`no ${type} named ${name} (have ${ofType(type).map((r) => r.name).join(', ')})`);
  return found;
};

describe('github stack program (local sample, mocked engine)', () => {
  it('configures the provider from typed config and GITHUB_API_URL, token secret', () => {
    const provider = byName(T.provider, 'github');
    expect(provider.inputs.owner).toBe('sophia-ai-sandbox');
    expect(provider.inputs.baseUrl).toBe('http://127.0.0.1:9/api/v3/');
    expect(containsSecret(provider.inputs.token)).toBe(true);
    expect(JSON.stringify(redact(provider.inputs))).not.toContain(localConfig['github:token']);
  });

  it('creates teams (parents first, children linked by id) and memberships with roles', () => {
    expect(ofType(T.team).map((t) => t.inputs.name).sort()).toEqual(['data', 'ml', 'platform', 'platform-oncall']);
    const platform = byName(T.team, 'organisation-teams-platform');
    const oncall = byName(T.team, 'organisation-teams-platform-oncall');
    expect(oncall.inputs.parentTeamId).toBe(`${platform.name}-id`);
    expect(oncall.dependencies).toContain(platform.urn);
    const lead = byName(T.membership, 'organisation-teams-platform-sophia-platform-lead');
    expect(lead.inputs).toMatchObject({ teamId: 'organisation-teams-platform-id', username: 'sophia-platform-lead', role: 'maintainer' });
    expect(byName(T.membership, 'organisation-teams-ml-sophia-ml-eng-1').inputs.role).toBe('member');
    // Children are parented to the component that names them.
    const teamsComponent = runtime.resources.find((r) => r.type === 'sophia:github:Teams')!;
    expect(lead.parent).toBe(teamsComponent.urn);
    expect(teamsComponent.parent).toBe(runtime.resources.find((r) => r.type === 'sophia:github:Organisation')!.urn);
  });

  it('grants the owning team and the other teams their permissions on each repository', () => {
    const access = ofType(T.access).filter((a) => a.inputs.repository === 'sophia-ai-infrastructure');
    expect(Object.fromEntries(access.map((a) => [a.inputs.teamId, a.inputs.permission]))).toEqual({
      'organisation-teams-platform-id': 'admin',
      'organisation-teams-platform-oncall-id': 'maintain',
      'organisation-teams-data-id': 'push',
      'organisation-teams-ml-id': 'push',
    });
    expect(access).toHaveLength(4);
    const repo = byName(T.repo, 'organisation-sophia-ai-infrastructure');
    for (const a of access) {
      expect(a.parent).toBe(repo.parent);
      expect(a.dependencies).toContain(repo.urn);
    }
    expect(repo.inputs).toMatchObject({
      name: 'sophia-ai-infrastructure',
      visibility: 'private',
      deleteBranchOnMerge: true,
      vulnerabilityAlerts: true,
      allowSquashMerge: true,
      allowMergeCommit: false,
    });
  });

  it('puts an active ruleset on every default branch: reviews, code owners, checks, no force push or deletion', () => {
    const repos = ofType(T.repo).map((r) => r.inputs.name).sort();
    expect(repos).toEqual(['.github', 'sophia-ai-infrastructure', 'sophia-data-pipelines', 'sophia-ml-models']);
    const rulesets = ofType(T.ruleset);
    expect(rulesets.map((r) => r.inputs.repository).sort()).toEqual(repos);
    const infra = rulesets.find((r) => r.inputs.repository === 'sophia-ai-infrastructure')!;
    expect(infra.inputs).toMatchObject({
      target: 'branch',
      enforcement: 'active',
      conditions: { refName: { includes: ['~DEFAULT_BRANCH'], excludes: [] } },
      rules: {
        deletion: true,
        nonFastForward: true,
        requiredLinearHistory: true,
        pullRequest: { requiredApprovingReviewCount: 1, requireCodeOwnerReview: true, dismissStaleReviewsOnPush: true },
        requiredStatusChecks: {
          requiredChecks: [{ context: 'CI' }, { context: 'Pulumi preview' }],
          strictRequiredStatusChecksPolicy: true,
        },
      },
    });
    const ml = rulesets.find((r) => r.inputs.repository === 'sophia-ml-models')!;
    expect(ml.inputs.rules).toMatchObject({ pullRequest: { requiredApprovingReviewCount: 2 }, requiredStatusChecks: { requiredChecks: [{ context: 'CI' }] } });
    expect(ofType(T.branchDefault).map((b) => [b.inputs.repository, b.inputs.branch]).sort()).toEqual(repos.map((r) => [r, 'main']));
  });

  it('takes the ML webhook URL from configuration (a hostname), not from the Lambda platform IP', () => {
    expect(ofType(T.ref)).toEqual([]);
    const hook = byName(T.webhook, 'organisation-sophia-ml-models-hook-ml-events');
    // The SDK lifts a nested secret to the whole block when it decodes inputs, so the block is wrapped.
    const config = (hook.inputs.configuration as { value: Record<string, unknown> }).value;
    expect(config.url).toBe('https://ml-events.sandbox.invalid/hooks/github');
    expect(config).toMatchObject({ contentType: 'json', insecureSsl: false });
    expect(hook.inputs.events).toEqual(['push', 'release', 'workflow_run']);
  });

  it('adopts the repositories that exist before the stack (Pulumi import by name), creates the others', () => {
    expect(importIds).toEqual({ 'organisation-sophia-ai-infrastructure': 'sophia-ai-infrastructure', 'organisation-.github': '.github' });
    // An adopted repository has its branch already: no initial commit asked for.
    expect(byName(T.repo, 'organisation-sophia-ai-infrastructure').inputs.autoInit).toBeUndefined();
    expect(byName(T.repo, 'organisation-sophia-data-pipelines').inputs.autoInit).toBe(true);
  });

  it('keeps the generated webhook secret secret in inputs and outputs', async () => {
    const hook = byName(T.webhook, 'organisation-sophia-ml-models-hook-ml-events');
    const configuration = hook.inputs.configuration;
    expect(containsSecret(configuration)).toBe(true);
    expect((configuration as { value: { secret: string } }).value.secret).toBe(CANARY_WEBHOOK_SECRET);
    expect(redact(configuration)).toBe('[secret]');
    // The canary (the mocked generated value) appears nowhere once secrets are redacted…
    const plan = toPlan(runtime.resources, 'local');
    expect(JSON.stringify(plan)).not.toContain(CANARY_WEBHOOK_SECRET);
    // …is exported, secret, for the receiver…
    expect(outputs.webhook_secrets).toEqual({
      value: { 'sophia-ml-models/ml-events': CANARY_WEBHOOK_SECRET },
      isSecret: true,
      isKnown: true,
    });
    // …and no other output carries it in plain text.
    for (const [key, out] of Object.entries(outputs)) {
      if (key !== 'webhook_secrets') expect(JSON.stringify(out.value)).not.toContain(CANARY_WEBHOOK_SECRET);
    }
    // Generation 0 is today's resource: same name, no keepers (nothing replaced on upgrade).
    expect(byName(T.password, 'organisation-sophia-ml-models-hook-ml-events-secret').inputs).toEqual({ length: 40, special: false });
  });

  it('exports the contract outputs', () => {
    expect(Object.keys(outputs).sort()).toEqual(
      ['organisation', 'repository_names', 'repository_urls', 'team_ids', 'team_slugs', 'webhook_previous_secrets', 'webhook_secrets'],
    );
    // No rotation record: today's single secret, no previous one.
    expect(outputs.webhook_previous_secrets).toEqual({ value: {}, isSecret: true, isKnown: true });
    expect(outputs.organisation?.value).toBe('sophia-ai-sandbox');
    expect(outputs.repository_urls?.value).toMatchObject({
      'sophia-ai-infrastructure': 'https://github.com/sophia-ai-sandbox/sophia-ai-infrastructure',
    });
    expect(outputs.team_slugs?.value).toEqual({ platform: 'platform', 'platform-oncall': 'platform-oncall', data: 'data', ml: 'ml' });
    expect(outputs.team_ids?.isSecret).toBe(false);
  });

  it('passes its own policy rules in local and production', async () => {
    const { rules } = await import('./policy');
    expect(runPolicies(toPlan(runtime.resources, 'local'), rules)).toEqual([]);
    expect(runPolicies(toPlan(runtime.resources, 'production'), rules)).toEqual([]);
  });

  it('registers the expected number of resources', () => {
    // 1 provider, 4 teams, 11 memberships, 4 repositories × (repo, default branch, ruleset) = 12,
    // 9 team grants, 1 webhook + 1 secret, components 1 + 1 + 4 + 1 webhook.
    const custom = runtime.resources.filter((r) => r.custom);
    expect(custom).toHaveLength(1 + 4 + 11 + 12 + 9 + 2);
    const components = runtime.resources.filter((r) => !r.custom && r.type.startsWith('sophia:github:'));
    expect(components.map((c) => c.type).sort()).toEqual([
      'sophia:github:Organisation',
      ...Array(4).fill('sophia:github:Repository'),
      'sophia:github:Teams',
      'sophia:github:Webhook',
    ]);
  });
});
