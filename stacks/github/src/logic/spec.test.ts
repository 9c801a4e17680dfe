import { organisation } from '../organisation-spec';
import {
  configuredWebhookUrl,
  WebhookConfigError,
  DEFAULT_REQUIRED_CHECKS,
  effectiveBranchRule,
  fromStackOutput,
  OrganisationSpecError,
  parseOrganisation,
  teamsInCreationOrder,
  type OrganisationInput,
} from './spec';
import { lambdaLabsStack } from '@sophia-ai/lambda-labs-contract';

function base(): OrganisationInput {
  return {
    homeOrganisation: 'acme',
    defaultCodeOwner: 'platform',
    teams: [
      { name: 'platform', maintainers: ['alice'] },
      { name: 'data', members: ['bob'] },
    ],
    repositories: [
      {
        name: 'infra',
        owner: { team: 'platform' },
        webhooks: [{ name: 'deploys', url: 'https://hooks.acme.dev/github', events: ['push'] }],
      },
    ],
  };
}

function issuesOf(input: OrganisationInput): string[] {
  try {
    parseOrganisation(input);
  } catch (e) {
    expect(e).toBeInstanceOf(OrganisationSpecError);
    return (e as OrganisationSpecError).issues.map((i) => `${i.item}: ${i.message}`);
  }
  throw new Error('expected the spec to be rejected');
}

describe('organisation spec validation', () => {
  it('accepts a valid spec and fills defaults', () => {
    const spec = parseOrganisation(base());
    const repo = spec.repositories[0]!;
    expect(repo.visibility).toBe('private');
    expect(repo.defaultBranch).toBe('main');
    expect(repo.deleteBranchOnMerge).toBe(true);
    expect(repo.owner.permission).toBe('maintain');
    expect(repo.webhooks[0]).toMatchObject({ contentType: 'json', secret: 'generated', active: true });
    expect(effectiveBranchRule(spec, repo)).toMatchObject({
      mechanism: 'ruleset',
      requiredApprovals: 1,
      requiredChecks: [...DEFAULT_REQUIRED_CHECKS],
    });
  });

  it('names the repository and the unknown team', () => {
    const input = base();
    input.repositories[0]!.teams = { analytics: 'push' };
    input.repositories[0]!.owner = { team: 'plaform' };
    const issues = issuesOf(input);
    expect(issues).toContainEqual(expect.stringMatching(/^repository "infra" › owner\.team: unknown team "plaform" \(known teams: platform, data\)/));
    expect(issues).toContainEqual(expect.stringMatching(/^repository "infra" › teams\.analytics: unknown team "analytics"/));
  });

  it('names an unknown parent team and a parent cycle', () => {
    const input = base();
    input.teams[0]!.parent = 'data';
    input.teams[1]!.parent = 'platform';
    input.teams.push({ name: 'ml', parent: 'research' });
    const issues = issuesOf(input);
    expect(issues).toContainEqual('team "ml" › parent: unknown team "research" (known teams: platform, data, ml)');
    expect(issues).toContainEqual('team "platform" › parent: parent chain of team "platform" is a cycle');
  });

  it('rejects a duplicate repository (case-insensitively, like GitHub)', () => {
    const input = base();
    input.repositories.push({ name: 'Infra', owner: { team: 'data' } });
    expect(issuesOf(input)).toContainEqual('repository "Infra" › name: duplicate repository "Infra" (also repositories #1)');
  });

  it('rejects an invalid webhook URL, naming the webhook', () => {
    for (const [url, why] of [
      ['not a url', /url is not a valid absolute URL/],
      ['ftp://hooks.acme.dev/x', /must use https/],
      ['https://user:pw@hooks.acme.dev/x', /must not embed credentials/],
    ] as const) {
      const input = base();
      input.repositories[0]!.webhooks![0]!.url = url;
      const issues = issuesOf(input);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatch(/^repository "infra" › webhook "deploys" › url: /);
      expect(issues[0]).toMatch(why);
      // Credentials in a URL are never echoed back.
      expect(issues[0]).not.toContain('pw@');
    }
  });

  it('rejects a bad event name with a suggestion', () => {
    const input = base();
    input.repositories[0]!.webhooks![0]!.events = ['push', 'pull_requests', 'deploy-everything'];
    expect(issuesOf(input)).toEqual([
      'repository "infra" › webhook "deploys" › events.1: unknown webhook event "pull_requests" (did you mean "pull_request"?)',
      'repository "infra" › webhook "deploys" › events.2: unknown webhook event "deploy-everything"',
    ]);
  });

  it('validates a URL built from another stack output with a sample value', () => {
    const input = base();
    input.repositories[0]!.webhooks![0]!.url = fromStackOutput(lambdaLabsStack, 'platform_ip', (ip) => `ftp://${ip}/x`);
    expect(issuesOf(input)).toEqual([
      expect.stringMatching(/^repository "infra" › webhook "deploys" › url: .*must use https.*built from lambda-labs\.platform_ip/),
    ]);
    const missing = base();
    missing.repositories[0]!.webhooks![0]!.url = fromStackOutput(lambdaLabsStack, 'no_such' as never, (ip) => ip);
    expect(issuesOf(missing)).toEqual(['repository "infra" › webhook "deploys" › url: stack lambda-labs declares no output "no_such"']);
  });

  it('reports schema errors and cross-item errors with item names, all at once', () => {
    const input = base();
    input.teams.push({ name: 'Bad Team' });
    input.repositories.push({ name: 'x', owner: { team: 'data' }, merge: { squash: false } });
    input.publicAllowList = ['nowhere'];
    const issues = issuesOf(input);
    expect(issues).toContainEqual(expect.stringMatching(/^team "Bad Team" › name: team names are lowercase/));
    // Schema errors stop before cross checks (their data is not typed yet); fix, then rerun:
    input.teams.pop();
    expect(issuesOf(input)).toEqual([
      'repository "x" › merge: at least one merge method must be enabled',
      'publicAllowList.0: allow-listed repository "nowhere" is not in the spec',
    ]);
  });

  it('rejects duplicate webhooks, unknown fields, and an owner listed again in teams', () => {
    const input = base();
    const hooks = input.repositories[0]!.webhooks!;
    hooks.push({ ...hooks[0]! });
    input.repositories[0]!.teams = { platform: 'push' };
    expect(issuesOf(input)).toEqual([
      'repository "infra" › teams.platform: team "platform" is already the owner; set owner.permission instead',
      'repository "infra" › webhook "deploys" › name: duplicate webhook "deploys"',
    ]);
    const typo = base() as unknown as { repositories: Array<Record<string, unknown>> };
    typo.repositories[0]!.visiblity = 'public';
    expect(issuesOf(typo as unknown as OrganisationInput)).toEqual([expect.stringMatching(/^repository "infra": .*visiblity/)]);
  });

  it('orders parents before children', () => {
    const spec = parseOrganisation({
      ...base(),
      teams: [
        { name: 'leaf', parent: 'mid' },
        { name: 'mid', parent: 'platform' },
        { name: 'platform' },
      ],
      repositories: [],
    });
    expect(teamsInCreationOrder(spec.teams).map((t) => t.name)).toEqual(['platform', 'mid', 'leaf']);
  });
});

describe('the Sophia AI organisation', () => {
  it('is valid and has the platform, data and ml teams and this repository', () => {
    expect(organisation.teams.map((t) => t.name)).toEqual(expect.arrayContaining(['platform', 'data', 'ml']));
    const infra = organisation.repositories.find((r) => r.name === 'sophia-ai-infrastructure');
    expect(infra?.owner.team).toBe(organisation.defaultCodeOwner);
    expect(effectiveBranchRule(organisation, infra!).requiredChecks).toEqual(['CI', 'Pulumi preview']);
  });
});

describe('webhook URLs from configuration', () => {
  it('returns the configured URL, or names the key and where it belongs', () => {
    expect(configuredWebhookUrl('ml/events', { 'ml/events': 'https://hooks.acme.dev/gh' })).toBe('https://hooks.acme.dev/gh');
    expect(() => configuredWebhookUrl('ml/events', {})).toThrow(
      /Webhook ml\/events takes its URL from configuration: set github:webhookUrls\["ml\/events"\] \(ESC sophia-ai\/github-<env>/,
    );
    expect(() => configuredWebhookUrl('ml/events', { 'ml/events': 'https://u:p@hooks.acme.dev/' })).toThrow(WebhookConfigError);
  });
});

describe('adopting what exists', () => {
  it('marks this repository and .github as existing, nothing else by default', () => {
    expect(organisation.repositories.filter((r) => r.existing).map((r) => r.name).sort()).toEqual(['.github', 'sophia-ai-infrastructure']);
    const parsed = parseOrganisation({ homeOrganisation: 'acme', defaultCodeOwner: 'platform', teams: [{ name: 'platform', existing: true }], repositories: [] });
    expect(parsed.teams[0]!.existing).toBe(true);
  });
});
