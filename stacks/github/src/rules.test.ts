import { runPolicies, type PlanResource, type SynthPlan } from '@sophia-ai/policy';
import { startMockRuntime, type MockRuntime } from '@sophia-ai/pulumi-testing';
import { GithubOrganisation } from './components/organisation';
import { lambdaLabsFirewall, lambdaLabsStack } from '@sophia-ai/lambda-labs-contract';
import { parseOrganisation, declaredWebhookUrls, fromConfig, fromStackOutput, upstreamWebhookUrls, type OrganisationInput } from './logic/spec';
import { createRules, TYPES } from './rules';
import { resourceOutputs, toPlan } from './test-support';

// A spec that passes every rule, and one that breaks the spec-reachable ones, synthesised side by side.
const good: OrganisationInput = {
  homeOrganisation: 'acme',
  defaultCodeOwner: 'platform',
  publicAllowList: ['docs'],
  teams: [{ name: 'platform' }, { name: 'data' }],
  repositories: [
    { name: 'infra', owner: { team: 'platform' }, teams: { data: 'pull' } },
    { name: 'docs', visibility: 'public', owner: { team: 'platform' } },
    {
      name: 'legacy',
      owner: { team: 'data', permission: 'admin' },
      branchRule: { mechanism: 'branch-protection', requiredChecks: [] },
      webhooks: [{ name: 'audit', url: 'https://audit.acme.dev/hook', events: ['push'] }],
    },
  ],
};
const bad: OrganisationInput = {
  homeOrganisation: 'acme',
  defaultCodeOwner: 'platform',
  teams: [{ name: 'platform' }],
  repositories: [
    { name: 'leaky', visibility: 'public', owner: { team: 'platform' } },
    {
      name: 'hooks',
      owner: { team: 'platform' },
      webhooks: [
        { name: 'unsigned', url: 'https://ci.acme.dev/hook', events: ['push'], secret: 'none' },
        { name: 'plain', url: 'http://ci.acme.dev/hook', events: ['push'], secret: 'none' },
      ],
    },
  ],
};

let runtime: MockRuntime;
const goodSpec = parseOrganisation(good);
const badSpec = parseOrganisation(bad);

beforeAll(async () => {
  runtime = await startMockRuntime({ project: 'github', stack: 'dev', organization: 'sophia-ai', resourceOutputs });
  await runtime.runStack(() => {
    new GithubOrganisation('good', { owner: 'acme', spec: goodSpec });
    new GithubOrganisation('bad', { owner: 'acme', spec: badSpec });
  });
});

/** The plan of one of the two organisations (resources whose name starts with its component name). */
function planOf(which: 'good' | 'bad', env: string): SynthPlan {
  return toPlan(runtime.resources, env, (r) => r.name === which || r.name.startsWith(`${which}-`));
}
const goodRules = createRules({ publicAllowList: goodSpec.publicAllowList, declaredWebhookUrls: declaredWebhookUrls(goodSpec) });
const badRules = createRules({ publicAllowList: badSpec.publicAllowList, declaredWebhookUrls: declaredWebhookUrls(badSpec) });
const ids = (plan: SynthPlan, rules = goodRules) => runPolicies(plan, rules).map((v) => `${v.ruleId}: ${v.message}`);

function edit(plan: SynthPlan, fn: (resources: PlanResource[]) => PlanResource[]): SynthPlan {
  return { ...plan, resources: fn(structuredClone(plan.resources)) };
}
const repoOf = (r: PlanResource) => (r.inputs.repository ?? r.inputs.repositoryId) as string;

describe('github policy rules', () => {
  it('pass on a compliant organisation (rulesets and branch protection) in every environment', () => {
    for (const env of ['local', 'dev', 'production']) expect(ids(planOf('good', env))).toEqual([]);
    expect(planOf('good', 'dev').resources.some((r) => r.type === TYPES.branchProtection)).toBe(true);
  });

  it('github-no-public-repository: flags a public repository that is not allow-listed', () => {
    expect(ids(planOf('bad', 'dev'), badRules)).toContainEqual(
      expect.stringMatching(/^github-no-public-repository: repository "leaky" is public but not on publicAllowList/),
    );
    // Allow-listing it is the fix.
    const allowing = createRules({ publicAllowList: ['leaky'] });
    expect(ids(planOf('bad', 'dev'), allowing).filter((v) => v.startsWith('github-no-public'))).toEqual([]);
  });

  it('github-webhook-secret: flags a webhook without a secret, in every environment', () => {
    const violations = ids(planOf('bad', 'local'), badRules).filter((v) => v.startsWith('github-webhook-secret'));
    expect(violations.sort()).toEqual([
      'github-webhook-secret: webhook bad-hooks-hook-plain has no secret: deliveries cannot be verified',
      'github-webhook-secret: webhook bad-hooks-hook-unsigned has no secret: deliveries cannot be verified',
    ]);
  });

  it('github-webhook-https: flags plain http in production only (plan and declared URLs)', () => {
    const https = (env: string) => ids(planOf('bad', env), badRules).filter((v) => v.startsWith('github-webhook-https'));
    expect(https('dev')).toEqual([]);
    expect(https('production')).toEqual([
      'github-webhook-https: webhook hooks/plain is declared with a plain http URL, not allowed in production',
      'github-webhook-https: webhook bad-hooks-hook-plain delivers over plain http in production',
    ]);
    // A signed webhook's configuration is redacted in the plan; the declared URL still catches http.
    const signedHttp = createRules({ publicAllowList: ['docs'], declaredWebhookUrls: { 'legacy/audit': 'http://audit.acme.dev/hook' } });
    expect(ids(planOf('good', 'production'), signedHttp)).toEqual([
      'github-webhook-https: webhook legacy/audit is declared with a plain http URL, not allowed in production',
    ]);
  });

  it('github-repository-owning-team: flags a repository whose owner grant is missing or too weak', () => {
    const withoutOwner = edit(planOf('good', 'dev'), (rs) =>
      rs.filter((r) => !(r.type === TYPES.teamRepository && repoOf(r) === 'infra' && r.inputs.permission === 'maintain')),
    );
    expect(ids(withoutOwner)).toEqual(['github-repository-owning-team: repository "infra" has no owning team (maintain or admin)']);
    const weakened = edit(planOf('good', 'dev'), (rs) =>
      rs.map((r) => (r.type === TYPES.teamRepository && repoOf(r) === 'docs' ? { ...r, inputs: { ...r.inputs, permission: 'push' } } : r)),
    );
    expect(ids(weakened)).toEqual(['github-repository-owning-team: repository "docs" has no owning team (maintain or admin)']);
  });

  it('github-default-branch-rule: flags a missing rule and rules that allow force push, deletion or skip the default branch', () => {
    const missing = edit(planOf('good', 'dev'), (rs) => rs.filter((r) => !(r.type === TYPES.ruleset && repoOf(r) === 'infra')));
    expect(ids(missing)).toEqual([
      'github-default-branch-rule: repository "infra" has no ruleset or branch protection on its default branch "main"',
    ]);
    const weak = edit(planOf('good', 'dev'), (rs) =>
      rs.map((r) => {
        if (r.type === TYPES.ruleset && repoOf(r) === 'docs') {
          const rules = { ...(r.inputs.rules as object), nonFastForward: false, deletion: false };
          return { ...r, inputs: { ...r.inputs, rules, conditions: { refName: { includes: ['release/*'], excludes: [] } } } };
        }
        if (r.type === TYPES.branchProtection) return { ...r, inputs: { ...r.inputs, allowsForcePushes: true } };
        return r;
      }),
    );
    expect(ids(weak)).toEqual([
      'github-default-branch-rule: repository "docs": the rule on "main" does not include the default branch, allows force pushes, allows deleting the branch',
      'github-default-branch-rule: repository "legacy": the rule on "main" allows force pushes',
    ]);
  });
});

describe('github-webhook-port-open', () => {
  const spec = (url: OrganisationInput['repositories'][number]['webhooks']) =>
    parseOrganisation({ homeOrganisation: 'acme', defaultCodeOwner: 'platform', teams: [{ name: 'platform' }], repositories: [{ name: 'ml', owner: { team: 'platform' }, webhooks: url }] });
  const hook = (url: unknown) => [{ name: 'events', url: url as string, events: ['push'] }];
  const rulesFor = (s: ReturnType<typeof spec>) =>
    createRules({ publicAllowList: [], upstreamWebhookUrls: upstreamWebhookUrls(s), openPorts: { [lambdaLabsFirewall.project]: lambdaLabsFirewall.openTcpPorts } });
  const violations = (s: ReturnType<typeof spec>) =>
    runPolicies(planOf('good', 'dev'), rulesFor(s)).filter((v) => v.ruleId === 'github-webhook-port-open').map((v) => v.message);

  it('fails a webhook to the Lambda platform on a port its firewall does not open (https → 443)', () => {
    const s = spec(hook(fromStackOutput(lambdaLabsStack, 'platform_ip', (ip) => `https://${ip}/hooks/github`)));
    expect(violations(s)).toEqual([
      expect.stringMatching(/^webhook ml\/events delivers to lambda-labs on port 443, but its firewall opens only TCP 22: .*fromConfig\(\) \(github:webhookUrls\["ml\/events"\]\)/),
    ]);
    expect(violations(spec(hook(fromStackOutput(lambdaLabsStack, 'platform_ip', (ip) => `http://${ip}:8080/hook`))))).toEqual([
      expect.stringContaining('on port 8080'),
    ]);
  });

  it('passes a configured hostname and a port the firewall opens', () => {
    expect(violations(spec(hook(fromConfig())))).toEqual([]);
    expect(violations(spec(hook(fromStackOutput(lambdaLabsStack, 'platform_ip', (ip) => `https://${ip}:22/x`))))).toEqual([]);
  });

  it("is part of the stack's policy, and the organisation's ML webhook passes it", async () => {
    const { rules } = await import('../policy');
    expect(rules.map((r) => r.id)).toContain('github-webhook-port-open');
    expect(runPolicies(planOf('good', 'production'), rules).filter((v) => v.ruleId === 'github-webhook-port-open')).toEqual([]);
  });
});
