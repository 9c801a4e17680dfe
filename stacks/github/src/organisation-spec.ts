import { fromConfig, parseOrganisation } from './logic/spec';

/**
 * The Sophia AI GitHub organisation as code: teams, repositories, access, branch rules and webhooks.
 * Which organisation it is applied to (and the token) is configuration (`github:owner`, `github:token`);
 * the shape is this file. Team names are also the Nx project tags (`team:<name>`) and the CODEOWNERS
 * handles: `npx nx run iac:codeowners` regenerates .github/CODEOWNERS from this spec.
 *
 * Validated at import: a broken spec fails `synth`, the tests and the CODEOWNERS generator with one error
 * listing every problem.
 */
export const organisation = parseOrganisation({
  homeOrganisation: 'sophia-ai',
  defaultCodeOwner: 'platform',
  publicAllowList: ['.github'],
  defaults: {
    branchRule: { mechanism: 'ruleset', requiredApprovals: 1, requireCodeOwnerReview: true, dismissStaleReviews: true },
  },
  teams: [
    {
      name: 'platform',
      description: 'Platform engineering: infrastructure, CI/CD, developer tooling',
      maintainers: ['sophia-platform-lead'],
      members: ['sophia-sre-1', 'sophia-sre-2'],
    },
    {
      name: 'platform-oncall',
      parent: 'platform',
      description: 'Current on-call rotation of the platform team',
      maintainers: ['sophia-platform-lead'],
      members: ['sophia-sre-1'],
    },
    {
      name: 'data',
      description: 'Data engineering: Snowflake, Estuary pipelines, analytics models',
      maintainers: ['sophia-data-lead'],
      members: ['sophia-data-eng-1'],
    },
    {
      name: 'ml',
      description: 'Machine learning: GPU training and inference on Lambda Labs',
      maintainers: ['sophia-ml-lead'],
      members: ['sophia-ml-eng-1', 'sophia-ml-eng-2'],
    },
  ],
  repositories: [
    {
      // This repository: the Nx workspace of Pulumi stacks. It exists before any stack does: adopted.
      name: 'sophia-ai-infrastructure',
      existing: true,
      description: 'Sophia AI infrastructure: per-service Pulumi stacks in one Nx workspace',
      topics: ['pulumi', 'nx', 'infrastructure-as-code', 'typescript'],
      owner: { team: 'platform', permission: 'admin' },
      teams: { 'platform-oncall': 'maintain', data: 'push', ml: 'push' },
      branchRule: { linearHistory: true },
    },
    {
      name: 'sophia-data-pipelines',
      description: 'Estuary captures, Snowflake models and data quality checks',
      topics: ['snowflake', 'estuary', 'data'],
      owner: { team: 'data', permission: 'maintain' },
      teams: { platform: 'push' },
      branchRule: { requiredChecks: ['CI'] },
    },
    {
      name: 'sophia-ml-models',
      description: 'Model training and serving code deployed to Lambda Labs GPUs',
      topics: ['machine-learning', 'lambda-labs'],
      owner: { team: 'ml', permission: 'maintain' },
      teams: { platform: 'push', data: 'pull' },
      branchRule: { requiredChecks: ['CI'], requiredApprovals: 2 },
      webhooks: [
        {
          // Training jobs on the GPU platform react to releases and finished workflows. The URL is configuration
          // (a hostname with a CA certificate, in front of the platform): the Lambda firewall opens only SSH, and a
          // bare IP cannot hold a publicly trusted certificate (rule github-webhook-port-open).
          name: 'ml-events',
          url: fromConfig(),
          events: ['push', 'release', 'workflow_run'],
        },
      ],
    },
    {
      // Organisation profile and community health files: public by design (allow-listed). Usually exists already.
      name: '.github',
      existing: true,
      description: 'Organisation profile and default community health files',
      visibility: 'public',
      owner: { team: 'platform', permission: 'maintain' },
      hasIssues: false,
      branchRule: { requiredChecks: [] },
    },
  ],
});
