/*
 * The structure every workflow under .github/workflows keeps (pure: a parsed workflow in, every problem out).
 * actionlint checks the syntax and expressions (workflows.engine.test.ts); these are the project's own rules:
 * triggers, least-privilege permissions, one concurrency group, actions pinned to a release, and secrets never
 * reachable from a fork's pull request. Each problem names the workflow and where in it.
 */

/** The parts of a workflow these rules read. */
export interface Workflow {
  name?: unknown;
  on?: unknown;
  permissions?: unknown;
  concurrency?: unknown;
  jobs?: Record<string, Job>;
}

interface Job {
  if?: unknown;
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

  const jobs = Object.entries(wf.jobs ?? {});
  if (jobs.length === 0) at('jobs', 'none');
  const group = (c: unknown) => (typeof c === 'string' ? c : (c as { group?: unknown } | undefined)?.group);
  if (!group(wf.concurrency) && jobs.some(([, job]) => !group(job.concurrency))) {
    at('concurrency', 'no concurrency group (for the workflow, or for every job)');
  }

  for (const [id, job] of jobs) {
    (job.steps ?? []).forEach((step, i) => {
      if (typeof step.uses === 'string' && !step.uses.startsWith('./') && !PINNED.test(step.uses)) {
        at(`jobs.${id}.steps[${i}].uses`, `${step.uses} is not pinned to a release version (vX.Y.Z) or a commit SHA`);
      }
    });
    const secretive = usesSecrets(job.steps) || usesSecrets(job.env) || usesSecrets(job.environment);
    if (secretive && triggers.includes('pull_request') && !SAME_REPO_GUARD.test(String(job.if ?? ''))) {
      at(`jobs.${id}`, 'uses secrets on pull_request without `if: github.event.pull_request.head.repo.full_name == github.repository` (fork PRs have none)');
    }
  }
  return problems;
}
