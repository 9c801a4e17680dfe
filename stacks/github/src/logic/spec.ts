import { z } from 'zod';
import type { StackContract } from '@sophia-ai/stack-refs';
import { isWebhookEvent, suggestEvent } from './events';
import { ExpectedError } from '@sophia-ai/policy';

/**
 * The typed organisation spec: teams, repositories (with team access and a branch rule on the default branch)
 * and webhooks. `parseOrganisation` validates a spec and reports every problem at once, each naming its item.
 * Pure: no Pulumi resources are created here.
 */

/** Repository permissions GitHub grants to teams, weakest first. */
export const PERMISSIONS = ['pull', 'triage', 'push', 'maintain', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Status checks required on every default branch unless a repository says otherwise: the check names of the
 * workspace's CI and PR preview jobs (.github/workflows/pr-preview.yml, jobs `ci` and `preview`). */
export const DEFAULT_REQUIRED_CHECKS = ['CI', 'Pulumi preview'] as const;

/** A webhook URL taken from another stack's output (drawn as a stack→stack edge in the Nx graph). */
export interface StackOutputUrl {
  readonly kind: 'stack-output';
  readonly contract: StackContract;
  readonly output: string;
  /** Builds the URL from the output's value, e.g. `(ip) => \`https://${ip}/hooks/github\``. */
  readonly format: (value: string) => string;
  /** A representative output value used to validate `format` offline. */
  readonly sample: string;
}

/** A webhook URL read from `contract`'s output `output` at deploy time through libs/stack-refs. */
export function fromStackOutput<C extends StackContract>(
  contract: C,
  output: keyof C['outputs'] & string,
  format: (value: string) => string,
  sample = '203.0.113.10',
): StackOutputUrl {
  return Object.freeze({ kind: 'stack-output' as const, contract, output, format, sample });
}

export function isStackOutputUrl(value: unknown): value is StackOutputUrl {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'stack-output';
}

/**
 * A webhook URL taken from configuration, `github:webhookUrls["<repository>/<webhook>"]`: for a receiver whose
 * public name (a hostname with a CA certificate, behind whatever terminates TLS) is known per environment.
 */
export interface ConfigUrl {
  readonly kind: 'config';
}

export function fromConfig(): ConfigUrl {
  return Object.freeze({ kind: 'config' as const });
}

export function isConfigUrl(value: unknown): value is ConfigUrl {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'config';
}

const login = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/, 'is not a valid GitHub login');

/** Team names double as Nx tags (`team:<name>`) and CODEOWNERS handles, so they are slug-shaped. */
const teamName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,49}$/, 'team names are lowercase letters, digits and hyphens (they are also Nx tags team:<name>)');

const TeamSchema = z.strictObject({
  /** Team name; also its slug, its Nx tag `team:<name>` and its CODEOWNERS handle `@<org>/<name>`. */
  name: teamName,
  description: z.string().default(''),
  /** Name of the parent team, if nested. */
  parent: z.string().optional(),
  /** `closed` teams are visible to all organisation members; `secret` only to their members and owners. */
  privacy: z.enum(['closed', 'secret']).default('closed'),
  /** GitHub logins with the maintainer role. */
  maintainers: z.array(login).default([]),
  /** GitHub logins with the member role. */
  members: z.array(login).default([]),
  /** The team exists on GitHub already: the first `up` adopts it (Pulumi `import` by slug) instead of creating it. */
  existing: z.boolean().default(false),
});

const BranchRuleFields = {
  /**
   * `ruleset` (default): a repository ruleset on the default branch. `branch-protection`: a classic branch
   * protection rule, for GitHub Enterprise Server before 3.11 or plans where rulesets are unavailable.
   */
  mechanism: z.enum(['ruleset', 'branch-protection']),
  /** Approving reviews required before merging (0–10). */
  requiredApprovals: z.number().int().min(0).max(10),
  /** Require an approving review from a code owner (CODEOWNERS) for the files a PR touches. */
  requireCodeOwnerReview: z.boolean(),
  /** New pushes dismiss earlier approvals. */
  dismissStaleReviews: z.boolean(),
  /** Status check contexts that must pass (job names). */
  requiredChecks: z.array(z.string().min(1)),
  /** The PR branch must be up to date with the default branch before merging. */
  strictChecks: z.boolean(),
  /** Forbid merge commits on the default branch. */
  linearHistory: z.boolean(),
};

export const BranchRuleSchema = z.strictObject(BranchRuleFields);
export type BranchRule = z.infer<typeof BranchRuleSchema>;

const DEFAULT_BRANCH_RULE: BranchRule = {
  mechanism: 'ruleset',
  requiredApprovals: 1,
  requireCodeOwnerReview: true,
  dismissStaleReviews: true,
  requiredChecks: [...DEFAULT_REQUIRED_CHECKS],
  strictChecks: true,
  linearHistory: false,
};

const WebhookSchema = z.strictObject({
  /** Name of the webhook within its repository (used in resource names and the `webhook_secrets` output key). */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'webhook names are lowercase letters, digits and hyphens'),
  /**
   * Literal URL, `fromConfig()` (github:webhookUrls, per environment), or `fromStackOutput(contract, output,
   * format)` for a receiver deployed by another stack.
   */
  url: z.union([
    z.string(),
    z.custom<ConfigUrl>(isConfigUrl),
    z.custom<StackOutputUrl>(isStackOutputUrl, 'must be a URL string, fromConfig() or fromStackOutput(...)'),
  ]),
  /** GitHub event names (validated against the list of webhook events). */
  events: z.array(z.string()).min(1, 'a webhook needs at least one event'),
  contentType: z.enum(['json', 'form']).default('json'),
  /** `generated` (default): a random secret signs every delivery. `none` is flagged by the policy rules. */
  secret: z.enum(['generated', 'none']).default('generated'),
  active: z.boolean().default(true),
});

const RepositorySchema = z.strictObject({
  /** Repository name (GitHub allows letters, digits, `.`, `-`, `_`). */
  name: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'repository names are letters, digits, ".", "-" and "_" (≤ 100)'),
  description: z.string().default(''),
  /** `public` needs an entry in the organisation's `publicAllowList` (policy rule). */
  visibility: z.enum(['private', 'internal', 'public']).default('private'),
  topics: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, 'topics are lowercase letters, digits and hyphens (≤ 50)'))
    .max(20)
    .default([]),
  defaultBranch: z.string().regex(/^[A-Za-z0-9._/-]+$/, 'is not a valid branch name').default('main'),
  /** Allowed merge methods; at least one must stay enabled. */
  merge: z
    .strictObject({
      squash: z.boolean().default(true),
      mergeCommit: z.boolean().default(false),
      rebase: z.boolean().default(false),
      autoMerge: z.boolean().default(false),
    })
    .default({ squash: true, mergeCommit: false, rebase: false, autoMerge: false }),
  deleteBranchOnMerge: z.boolean().default(true),
  vulnerabilityAlerts: z.boolean().default(true),
  hasIssues: z.boolean().default(true),
  hasWiki: z.boolean().default(false),
  /** The owning team (maintain or admin); it also owns the repository's CODEOWNERS default. */
  owner: z.strictObject({
    team: z.string(),
    permission: z.enum(['maintain', 'admin']).default('maintain'),
  }),
  /** Other teams' access: team name → permission. */
  teams: z.record(z.string(), z.enum(PERMISSIONS)).default({}),
  /** Overrides of the organisation's default branch rule for this repository. */
  branchRule: z.strictObject(BranchRuleFields).partial().default({}),
  webhooks: z.array(WebhookSchema).default([]),
  /**
   * The repository exists on GitHub already (this repository, `.github`): the first `up` adopts it (Pulumi `import`
   * by name) instead of failing with "name already exists".
   */
  existing: z.boolean().default(false),
});

const OrganisationSchema = z.strictObject({
  /** Organisation hosting this infrastructure repository; CODEOWNERS handles are `@<homeOrganisation>/<team>`. */
  homeOrganisation: login,
  /** Team owning every path no project claims (`*` in CODEOWNERS). */
  defaultCodeOwner: z.string(),
  /** The only repositories allowed to be public. */
  publicAllowList: z.array(z.string()).default([]),
  defaults: z.strictObject({ branchRule: z.strictObject(BranchRuleFields).partial().default({}) }).default({ branchRule: {} }),
  teams: z.array(TeamSchema).min(1),
  repositories: z.array(RepositorySchema),
});

export type OrganisationInput = z.input<typeof OrganisationSchema>;
export type OrganisationSpec = z.output<typeof OrganisationSchema>;
export type TeamSpec = OrganisationSpec['teams'][number];
export type RepositorySpec = OrganisationSpec['repositories'][number];
export type WebhookSpec = RepositorySpec['webhooks'][number];

/** One problem with the spec, naming the item (`repository "x" › webhook "y"`). */
export interface SpecIssue {
  item: string;
  message: string;
}

export class OrganisationSpecError extends ExpectedError {
  constructor(readonly issues: SpecIssue[]) {
    super(
      `Organisation spec has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n` +
        issues.map((i) => `  - ${i.item}: ${i.message}`).join('\n'),
    );
  }
}

/** Checks a literal webhook URL; returns why it is invalid, or undefined. Never echoes query strings. */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url is not a valid absolute URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `url must use https (or http outside production), not ${parsed.protocol}`;
  if (parsed.username || parsed.password) return 'url must not embed credentials (user:password@); the webhook secret signs deliveries';
  if (!parsed.hostname) return 'url has no host';
  return undefined;
}

const LIST_ITEM: Record<string, string> = { teams: 'team', repositories: 'repository', webhooks: 'webhook' };

/** Renders a zod path as the named item it points into, e.g. `repository "infra" › webhook "ci" › events.1`. */
function describePath(input: unknown, path: ReadonlyArray<PropertyKey>): string {
  const parts: string[] = [];
  let node: unknown = input;
  let rest: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const next = path[i + 1];
    const label = typeof key === 'string' ? LIST_ITEM[key] : undefined;
    const list = node && typeof node === 'object' ? (node as Record<string, unknown>)[key as string] : undefined;
    if (label && typeof next === 'number' && Array.isArray(list)) {
      const item = list[next] as { name?: unknown } | undefined;
      if (rest.length) parts.push(rest.join('.'));
      rest = [];
      parts.push(typeof item?.name === 'string' ? `${label} "${item.name}"` : `${label} #${next + 1}`);
      node = item;
      i++;
      continue;
    }
    rest.push(String(key));
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key as string] : undefined;
  }
  if (rest.length) parts.push(rest.join('.'));
  return parts.length ? parts.join(' › ') : 'organisation';
}

/** Cross-item checks zod cannot express per field: references, duplicates, cycles, URLs, event names. */
function crossCheck(spec: OrganisationSpec, add: (path: PropertyKey[], message: string) => void): void {
  const teams = new Map<string, TeamSpec>();
  spec.teams.forEach((team, i) => {
    if (teams.has(team.name)) add(['teams', i, 'name'], `duplicate team "${team.name}"`);
    teams.set(team.name, team);
  });
  const knownTeams = () => [...teams.keys()].join(', ');
  const unknownTeam = (name: string) => `unknown team "${name}" (known teams: ${knownTeams()})`;

  spec.teams.forEach((team, i) => {
    if (team.parent !== undefined && !teams.has(team.parent)) add(['teams', i, 'parent'], unknownTeam(team.parent));
    const both = team.maintainers.filter((m) => team.members.includes(m));
    if (both.length) add(['teams', i, 'members'], `${both.join(', ')} listed as both maintainer and member`);
    // Walk up the parent chain; revisiting a team means a cycle.
    const seen = new Set([team.name]);
    for (let p = team.parent; p !== undefined; p = teams.get(p)?.parent) {
      if (seen.has(p)) {
        add(['teams', i, 'parent'], `parent chain of team "${team.name}" is a cycle`);
        break;
      }
      seen.add(p);
    }
  });
  if (!teams.has(spec.defaultCodeOwner)) add(['defaultCodeOwner'], unknownTeam(spec.defaultCodeOwner));

  const repos = new Map<string, number>();
  spec.repositories.forEach((repo, i) => {
    // GitHub repository names are case-insensitive.
    const key = repo.name.toLowerCase();
    if (repos.has(key)) add(['repositories', i, 'name'], `duplicate repository "${repo.name}" (also repositories #${repos.get(key)! + 1})`);
    else repos.set(key, i);
    if (!teams.has(repo.owner.team)) add(['repositories', i, 'owner', 'team'], unknownTeam(repo.owner.team));
    for (const name of Object.keys(repo.teams)) {
      if (!teams.has(name)) add(['repositories', i, 'teams', name], unknownTeam(name));
      if (name === repo.owner.team) add(['repositories', i, 'teams', name], `team "${name}" is already the owner; set owner.permission instead`);
    }
    if (!repo.merge.squash && !repo.merge.mergeCommit && !repo.merge.rebase) {
      add(['repositories', i, 'merge'], 'at least one merge method must be enabled');
    }
    const rule = effectiveBranchRule(spec, repo);
    if (rule.linearHistory && repo.merge.mergeCommit && !repo.merge.squash && !repo.merge.rebase) {
      add(['repositories', i, 'branchRule', 'linearHistory'], 'linear history needs squash or rebase merging enabled');
    }
    const hooks = new Set<string>();
    repo.webhooks.forEach((hook, j) => {
      const at = (...rest: PropertyKey[]) => ['repositories', i, 'webhooks', j, ...rest];
      if (hooks.has(hook.name)) add(at('name'), `duplicate webhook "${hook.name}"`);
      hooks.add(hook.name);
      hook.events.forEach((event, k) => {
        if (!isWebhookEvent(event)) {
          const hint = suggestEvent(event);
          add(at('events', k), `unknown webhook event "${event}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
        }
      });
      if (hook.events.includes('*') && hook.events.length > 1) add(at('events'), '"*" already subscribes to every event');
      if (typeof hook.url === 'string') {
        const problem = webhookUrlProblem(hook.url);
        if (problem) add(at('url'), problem);
      } else if (isStackOutputUrl(hook.url)) {
        const { contract, output, format, sample } = hook.url;
        if (!(output in contract.outputs)) {
          add(at('url'), `stack ${contract.project} declares no output "${output}"`);
        } else {
          let built: string | undefined;
          try {
            built = format(sample);
          } catch (e) {
            add(at('url'), `url format failed on a sample ${output}: ${(e as Error).message}`);
          }
          const problem = built === undefined ? undefined : webhookUrlProblem(built);
          if (problem) add(at('url'), `${problem} (built from ${contract.project}.${output})`);
        }
      }
    });
  });

  spec.publicAllowList.forEach((name, i) => {
    if (!repos.has(name.toLowerCase())) add(['publicAllowList', i], `allow-listed repository "${name}" is not in the spec`);
  });
}

/** The branch rule a repository gets: built-in defaults ← organisation defaults ← repository overrides. */
export function effectiveBranchRule(spec: Pick<OrganisationSpec, 'defaults'>, repo: Pick<RepositorySpec, 'branchRule'>): BranchRule {
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<BranchRule>;
  return { ...DEFAULT_BRANCH_RULE, ...defined(spec.defaults.branchRule), ...defined(repo.branchRule) };
}

/** Validates an organisation spec; throws OrganisationSpecError listing every problem, each naming its item. */
export function parseOrganisation(input: OrganisationInput): OrganisationSpec {
  const issues: SpecIssue[] = [];
  const parsed = OrganisationSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      issues.push({ item: describePath(input, issue.path), message: issue.message });
    }
    throw new OrganisationSpecError(issues);
  }
  crossCheck(parsed.data, (path, message) => issues.push({ item: describePath(input, path), message }));
  if (issues.length) throw new OrganisationSpecError(issues);
  return parsed.data;
}

/** GitHub's slug for a team name (lowercase, runs of other characters become "-"). */
export function teamSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Teams ordered so that every parent comes before its children. Assumes a validated (acyclic) spec. */
export function teamsInCreationOrder(teams: readonly TeamSpec[]): TeamSpec[] {
  const byName = new Map(teams.map((t) => [t.name, t]));
  const depth = (t: TeamSpec): number => (t.parent ? 1 + depth(byName.get(t.parent)!) : 0);
  return [...teams].map((t, i) => ({ t, i, d: depth(t) })).sort((a, b) => a.d - b.d || a.i - b.i).map((x) => x.t);
}

/** Every team's access to a repository: the owner first, then the others in spec order. */
export function teamAccess(repo: RepositorySpec): Array<{ team: string; permission: Permission; owner: boolean }> {
  return [
    { team: repo.owner.team, permission: repo.owner.permission, owner: true },
    ...Object.entries(repo.teams).map(([team, permission]) => ({ team, permission, owner: false })),
  ];
}

/** Key of a webhook in the `webhook_secrets` output. */
export function webhookKey(repo: string, hook: string): string {
  return `${repo}/${hook}`;
}

/** Every webhook's URL as declared in code: literal, or built from its stack output's sample value (not config). */
export function declaredWebhookUrls(spec: OrganisationSpec): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const repo of spec.repositories) {
    for (const hook of repo.webhooks) {
      if (typeof hook.url === 'string') urls[webhookKey(repo.name, hook.name)] = hook.url;
      else if (isStackOutputUrl(hook.url)) urls[webhookKey(repo.name, hook.name)] = hook.url.format(hook.url.sample);
    }
  }
  return urls;
}

/** Webhooks delivering to another stack's resources: key → the producer's Pulumi project and a sample URL. */
export function upstreamWebhookUrls(spec: OrganisationSpec): Record<string, { project: string; url: string }> {
  const urls: Record<string, { project: string; url: string }> = {};
  for (const repo of spec.repositories) {
    for (const hook of repo.webhooks) {
      if (!isStackOutputUrl(hook.url)) continue;
      urls[webhookKey(repo.name, hook.name)] = { project: hook.url.contract.project, url: hook.url.format(hook.url.sample) };
    }
  }
  return urls;
}

/** A webhook that takes its URL from configuration and has none there (or an unusable one). */
export class WebhookConfigError extends ExpectedError {}

/**
 * The configured URL of a `fromConfig()` webhook. Throws WebhookConfigError naming the key and where it belongs
 * when it is missing or not a usable URL (the URL is a public address, so the problem may describe it).
 */
export function configuredWebhookUrl(key: string, urls: Readonly<Record<string, string>>): string {
  const url = urls[key];
  const where = `github:webhookUrls["${key}"] (ESC sophia-ai/github-<env>, or Pulumi.local.yaml for local)`;
  if (url === undefined) throw new WebhookConfigError(`Webhook ${key} takes its URL from configuration: set ${where}`);
  const problem = webhookUrlProblem(url);
  if (problem) throw new WebhookConfigError(`Webhook ${key}: ${problem}; fix ${where}`);
  return url;
}
