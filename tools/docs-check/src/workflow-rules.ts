/*
 * The structure every workflow under .github/workflows keeps (pure: a parsed workflow in, every problem out).
 * actionlint checks the syntax and expressions (workflows.engine.test.ts); these are the project's own rules:
 * triggers, least-privilege permissions (every write a job holds is used by one of its steps), one concurrency
 * group, actions pinned to a release, secrets, environments and OIDC never reachable from a fork's pull request, and
 * deploys that go dev → staging → production with production behind its GitHub environment. Each problem names the
 * workflow and where in it.
 */

/** The parts of a workflow these rules read. */
export interface Workflow {
  name?: unknown;
  env?: unknown;
  on?: unknown;
  permissions?: unknown;
  concurrency?: unknown;
  jobs?: Record<string, Job>;
}

export interface Job {
  if?: unknown;
  needs?: unknown;
  permissions?: unknown;
  concurrency?: unknown;
  steps?: Array<{ uses?: unknown; run?: unknown; env?: unknown; with?: unknown }>;
  env?: unknown;
  environment?: unknown;
}

/** `owner/repo[/path]@<ref>`: a full release version (`v4.2.2`) or a commit SHA; never a branch or a major tag. */
const PINNED = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@(v\d+\.\d+\.\d+|[0-9a-f]{40})$/;
const PERMISSION_VALUES = new Set(['read', 'write', 'none']);
/** A job that can only run for pull requests from this repository (forks get no secrets, and must not try). */
const SAME_REPO_GUARD = /github\.event\.pull_request\.head\.repo\.full_name\s*==\s*github\.repository/;

const triggersOf = (on: unknown): string[] =>
  typeof on === 'string' ? [on] : Array.isArray(on) ? on.map(String) : on && typeof on === 'object' ? Object.keys(on) : [];

const usesSecrets = (value: unknown): boolean => JSON.stringify(value ?? null).includes('secrets.');

/** Actions that exchange the job's OIDC id-token for credentials (the only reason for `id-token: write`). */
const OIDC_ACTIONS = ['pulumi/auth-actions', 'aws-actions/configure-aws-credentials', 'azure/login', 'google-github-actions/auth'];
/** Environments a deploy goes through, in order. */
export const DEPLOY_ORDER = ['dev', 'staging', 'production'] as const;

const asMap = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const needsOf = (job: Job): string[] => (typeof job.needs === 'string' ? [job.needs] : Array.isArray(job.needs) ? job.needs.map(String) : []);
const environmentOf = (job: Job): string | undefined =>
  typeof job.environment === 'string' ? job.environment : (asMap(job.environment)?.name as string | undefined);

/** Why a job holds a write scope: a step that uses the job's token, or (id-token) an action that exchanges it. */
function unusedWrites(job: Job, permissions: Record<string, unknown>): string[] {
  const steps = job.steps ?? [];
  const text = JSON.stringify(steps);
  const usesToken = /secrets\.GITHUB_TOKEN|github\.token/.test(text);
  const exchangesIdToken = steps.some((s) => typeof s.uses === 'string' && OIDC_ACTIONS.some((a) => (s.uses as string).startsWith(`${a}@`)));
  return Object.entries(permissions)
    .filter(([, value]) => value === 'write')
    .map(([scope]) => scope)
    .filter((scope) => (scope === 'id-token' ? !exchangesIdToken : !usesToken));
}

/** The environments a job deploys to: `--env=<e>` of its `nx … -t up` / `nx run <p>:up` commands. */
export function deployEnvironments(job: Job): string[] {
  const envs = new Set<string>();
  for (const step of job.steps ?? []) {
    for (const line of String(step.run ?? '').split('\n')) {
      if (!/\bnx\s+(?:(?:affected|run-many)\b.*\s-t\s+(?:\S+,)?up(?:,|\s|$)|run\s+\S+:up\b)/.test(line)) continue;
      const env = /--env[= ]([\w$.{}-]+)/.exec(line)?.[1];
      if (env) envs.add(env);
    }
  }
  return [...envs];
}

/** dev → staging → production: each environment's deploy job needs the previous one's; production's runs in its environment. */
function deployOrderProblems(jobs: Array<[string, Job]>, at: (where: string, what: string) => void): void {
  const byId = Object.fromEntries(jobs);
  const byEnv = new Map<string, string>();
  for (const [id, job] of jobs) for (const env of deployEnvironments(job)) byEnv.set(env, id);
  /** Every job `id` waits for, directly or through others. */
  const needsAll = (id: string, seen = new Set<string>()): Set<string> => {
    for (const n of needsOf(byId[id] ?? {})) if (!seen.has(n)) needsAll(n, seen.add(n));
    return seen;
  };
  let previous: string | undefined;
  for (const env of DEPLOY_ORDER) {
    const id = byEnv.get(env);
    if (!id) continue;
    if (previous && byEnv.get(previous) !== id && !needsAll(id).has(byEnv.get(previous)!)) {
      at(`jobs.${id}`, `deploys ${env} without needing the ${previous} deploy (jobs.${byEnv.get(previous)}): environments go ${DEPLOY_ORDER.join(' → ')}`);
    }
    if (env === 'production' && environmentOf(byId[id]!) !== 'production') {
      at(`jobs.${id}.environment`, 'deploys production outside the `production` GitHub environment (its required reviewers approve the deploy)');
    }
    previous = env;
  }
}

export function workflowProblems(file: string, wf: Workflow): string[] {
  const problems: string[] = [];
  const at = (where: string, what: string) => problems.push(`${file}: ${where}: ${what}`);

  if (typeof wf.name !== 'string' || !wf.name.trim()) at('name', 'missing (the Actions tab and required checks show it)');
  const triggers = triggersOf(wf.on);
  if (triggers.length === 0) at('on', 'no trigger');
  if (triggers.includes('pull_request_target')) at('on', 'pull_request_target runs fork code with secrets; use pull_request');

  if (!wf.permissions || typeof wf.permissions !== 'object' || Array.isArray(wf.permissions)) {
    at('permissions', 'must be a mapping of scopes (least privilege), not missing, read-all or write-all');
  } else {
    for (const [scope, value] of Object.entries(wf.permissions as Record<string, unknown>)) {
      if (!PERMISSION_VALUES.has(String(value))) at(`permissions.${scope}`, `"${String(value)}" is not read, write or none`);
    }
  }

  if (triggers.includes('pull_request') && usesSecrets(wf.env)) {
    at('env', "reads secrets for every job on pull_request, fork PRs included: move them to the guarded job's steps");
  }

  const jobs = Object.entries(wf.jobs ?? {});
  if (jobs.length === 0) at('jobs', 'none');
  const group = (c: unknown) => (typeof c === 'string' ? c : (c as { group?: unknown } | undefined)?.group);
  if (!group(wf.concurrency) && jobs.some(([, job]) => !group(job.concurrency))) {
    at('concurrency', 'no concurrency group (for the workflow, or for every job)');
  }

  for (const [id, job] of jobs) {
    const permissions = asMap(job.permissions) ?? asMap(wf.permissions) ?? {};
    for (const scope of unusedWrites(job, permissions)) {
      at(`jobs.${id}.permissions.${scope}`, scope === 'id-token'
        ? `write, but no step exchanges the OIDC token (${OIDC_ACTIONS.join(', ')}): drop it`
        : 'write, but no step uses the job token (secrets.GITHUB_TOKEN or github.token): drop it, or grant it to the job that does');
    }
    (job.steps ?? []).forEach((step, i) => {
      if (typeof step.uses === 'string' && !step.uses.startsWith('./') && !PINNED.test(step.uses)) {
        at(`jobs.${id}.steps[${i}].uses`, `${step.uses} is not pinned to a release version (vX.Y.Z) or a commit SHA`);
      }
    });
    // An environment holds secrets, and an OIDC token is a credential: neither is for a fork's code either.
    const secretive = usesSecrets(job.steps) || usesSecrets(job.env) || job.environment !== undefined || permissions['id-token'] === 'write';
    if (secretive && triggers.includes('pull_request') && !SAME_REPO_GUARD.test(String(job.if ?? ''))) {
      at(`jobs.${id}`, 'uses secrets, an environment or an OIDC token on pull_request without `if: github.event.pull_request.head.repo.full_name == github.repository` (fork PRs have none)');
    }
  }
  deployOrderProblems(jobs, at);
  return problems;
}
