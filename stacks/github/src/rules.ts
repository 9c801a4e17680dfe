import type { PlanResource, PolicyRule, SynthPlan } from '@sophia-ai/policy';
import { resourcesOfType } from '@sophia-ai/policy';

/** Resource types the rules look at (the @pulumi/github tokens). */
export const TYPES = {
  repository: 'github:index/repository:Repository',
  teamRepository: 'github:index/teamRepository:TeamRepository',
  ruleset: 'github:index/repositoryRuleset:RepositoryRuleset',
  branchProtection: 'github:index/branchProtection:BranchProtection',
  branchDefault: 'github:index/branchDefault:BranchDefault',
  webhook: 'github:index/repositoryWebhook:RepositoryWebhook',
} as const;

const OWNING_PERMISSIONS = new Set(['maintain', 'admin']);

export interface RuleOptions {
  /** Repositories allowed to be public. */
  publicAllowList: readonly string[];
  /** Environments where webhooks must use https (default: production). */
  httpsOnlyEnvs?: readonly string[];
  /**
   * Webhook URLs as the spec declares them (literal, or built from a sample upstream value), keyed
   * `<repository>/<webhook>`. Checked as well as the plan because a plan shows a signed webhook's
   * `configuration` only as "[secret]": the SDK marks the whole block secret when one field (the secret) is.
   */
  declaredWebhookUrls?: Readonly<Record<string, string>>;
  /** Webhooks built from another stack's output: `<repository>/<webhook>` → producer project and a sample URL. */
  upstreamWebhookUrls?: Readonly<Record<string, { project: string; url: string }>>;
  /** TCP ports each producer's firewall opens to the internet (producer Pulumi project → ports). */
  openPorts?: Readonly<Record<string, readonly number[]>>;
}

/** The TCP port a URL delivers to: its explicit port, else the scheme's default. */
function deliveryPort(url: string): number | undefined {
  try {
    const u = new URL(url);
    if (u.port) return Number(u.port);
    return u.protocol === 'https:' ? 443 : u.protocol === 'http:' ? 80 : undefined;
  } catch {
    return undefined;
  }
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * Whether `r` targets repository `repo` through the input `key` (a repository name). When the name is not
 * known in the plan (unknown in a preview), a shared parent component stands in for it.
 */
function targets(r: PlanResource, key: string, repo: PlanResource): boolean {
  const value = r.inputs[key];
  if (typeof value === 'string' && !value.startsWith('[')) return value === repo.inputs.name;
  return r.parent !== undefined && r.parent === repo.parent;
}

function repoName(repo: PlanResource): string {
  return typeof repo.inputs.name === 'string' ? repo.inputs.name : repo.name;
}

function defaultBranchOf(plan: SynthPlan, repo: PlanResource): string {
  const bd = resourcesOfType(plan, TYPES.branchDefault).find((r) => targets(r, 'repository', repo));
  return typeof bd?.inputs.branch === 'string' ? bd.inputs.branch : 'main';
}

/** Problems of a ruleset as a default-branch rule, or [] when it protects the default branch fully. */
function rulesetProblems(r: PlanResource, branch: string): string[] {
  const includes = arr(obj(obj(r.inputs.conditions).refName).includes);
  const rules = obj(r.inputs.rules);
  const problems: string[] = [];
  if (r.inputs.target !== 'branch') problems.push('targets something other than branches');
  if (!includes.includes('~DEFAULT_BRANCH') && !includes.includes(`refs/heads/${branch}`) && !includes.includes('~ALL')) {
    problems.push('does not include the default branch');
  }
  if (r.inputs.enforcement !== 'active') problems.push('is not enforced (enforcement must be "active")');
  if (rules.nonFastForward !== true) problems.push('allows force pushes');
  if (rules.deletion !== true) problems.push('allows deleting the branch');
  if (!rules.pullRequest) problems.push('does not require pull requests');
  return problems;
}

function protectionProblems(r: PlanResource, branch: string): string[] {
  const problems: string[] = [];
  if (r.inputs.pattern !== branch) problems.push(`protects "${String(r.inputs.pattern)}", not "${branch}"`);
  if (r.inputs.allowsForcePushes === true) problems.push('allows force pushes');
  if (r.inputs.allowsDeletions === true) problems.push('allows deleting the branch');
  if (arr(r.inputs.requiredPullRequestReviews).length === 0) problems.push('does not require pull request reviews');
  return problems;
}

/** The stack's policy rules, parameterised by the organisation's allow-list. */
export function createRules(options: RuleOptions): PolicyRule[] {
  const allow = new Set(options.publicAllowList.map((n) => n.toLowerCase()));
  const httpsOnly = new Set(options.httpsOnlyEnvs ?? ['production']);
  return [
    {
      id: 'github-no-public-repository',
      description: 'No repository is public unless it is on the organisation spec\'s publicAllowList',
      severity: 'error',
      check: (plan) =>
        resourcesOfType(plan, TYPES.repository)
          .filter((r) => r.inputs.visibility === 'public' || (r.inputs.visibility === undefined && r.inputs.private !== true))
          .filter((r) => !allow.has(repoName(r).toLowerCase()))
          .map((r) => ({
            urn: r.urn,
            message: `repository "${repoName(r)}" is public but not on publicAllowList (make it private or allow-list it in stacks/github/src/organisation-spec.ts)`,
          })),
    },
    {
      id: 'github-repository-owning-team',
      description: 'Every repository has an owning team (a team with maintain or admin permission)',
      severity: 'error',
      check: (plan) =>
        resourcesOfType(plan, TYPES.repository)
          .filter(
            (repo) =>
              !resourcesOfType(plan, TYPES.teamRepository).some(
                (tr) => targets(tr, 'repository', repo) && OWNING_PERMISSIONS.has(String(tr.inputs.permission)),
              ),
          )
          .map((repo) => ({ urn: repo.urn, message: `repository "${repoName(repo)}" has no owning team (maintain or admin)` })),
    },
    {
      id: 'github-default-branch-rule',
      description:
        'Every repository has an active ruleset (or branch protection) on its default branch that requires pull requests and forbids force pushes and deletion',
      severity: 'error',
      check: (plan) => {
        const found: Array<{ urn?: string; message: string }> = [];
        for (const repo of resourcesOfType(plan, TYPES.repository)) {
          const branch = defaultBranchOf(plan, repo);
          const candidates = [
            ...resourcesOfType(plan, TYPES.ruleset).filter((r) => targets(r, 'repository', repo)).map((r) => rulesetProblems(r, branch)),
            ...resourcesOfType(plan, TYPES.branchProtection).filter((r) => targets(r, 'repositoryId', repo)).map((r) => protectionProblems(r, branch)),
          ];
          if (candidates.some((p) => p.length === 0)) continue;
          found.push({
            urn: repo.urn,
            message: candidates.length
              ? `repository "${repoName(repo)}": the rule on "${branch}" ${candidates[0]!.join(', ')}`
              : `repository "${repoName(repo)}" has no ruleset or branch protection on its default branch "${branch}"`,
          });
        }
        return found;
      },
    },
    {
      id: 'github-webhook-secret',
      description: 'Every webhook signs its deliveries with a secret (kept secret)',
      severity: 'error',
      check: (plan) =>
        resourcesOfType(plan, TYPES.webhook).flatMap((hook) => {
          // "[secret]" for the whole block: a field inside is secret, which (see RuleOptions) is the signing secret.
          if (hook.inputs.configuration === '[secret]') return [];
          const secret = obj(hook.inputs.configuration).secret;
          if (secret === undefined || secret === null || secret === '') {
            return [{ urn: hook.urn, message: `webhook ${hook.name} has no secret: deliveries cannot be verified` }];
          }
          if (secret !== '[secret]' && secret !== '[unknown]') {
            return [{ urn: hook.urn, message: `webhook ${hook.name} has a secret that is not marked secret` }];
          }
          return [];
        }),
    },
    {
      id: 'github-webhook-port-open',
      description: "A webhook delivering to another stack's host uses a port that host's firewall opens",
      severity: 'error',
      check: () =>
        Object.entries(options.upstreamWebhookUrls ?? {}).flatMap(([key, { project, url }]) => {
          const open = options.openPorts?.[project];
          const port = deliveryPort(url);
          if (!open || port === undefined || open.includes(port)) return [];
          return [{
            message:
              `webhook ${key} delivers to ${project} on port ${port}, but its firewall opens only TCP ${open.join(', ')}: ` +
              `every delivery would fail. Declare the URL fromConfig() (github:webhookUrls["${key}"]) with a hostname that ` +
              `reaches the receiver and holds a CA certificate.`,
          }];
        }),
    },
    {
      id: 'github-webhook-https',
      description: 'Webhooks in production deliver over https with certificate verification',
      severity: 'error',
      check: (plan) => {
        if (!httpsOnly.has(plan.env)) return [];
        const declared = Object.entries(options.declaredWebhookUrls ?? {})
          .filter(([, url]) => /^http:/i.test(url))
          .map(([key]) => ({ message: `webhook ${key} is declared with a plain http URL, not allowed in ${plan.env}` }));
        return declared.concat(resourcesOfType(plan, TYPES.webhook).flatMap((hook) => {
          const config = obj(hook.inputs.configuration);
          const found: Array<{ urn?: string; message: string }> = [];
          if (typeof config.url === 'string' && /^http:/i.test(config.url)) {
            found.push({ urn: hook.urn, message: `webhook ${hook.name} delivers over plain http in ${plan.env}` });
          }
          if (config.insecureSsl === true) {
            found.push({ urn: hook.urn, message: `webhook ${hook.name} skips TLS certificate verification in ${plan.env}` });
          }
          return found;
        }));
      },
    },
  ];
}
