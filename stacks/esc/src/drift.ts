/*
 * Drift schedules, decided as data (pure: test it as a table). Pulumi Cloud runs drift detection for a stack on a
 * cron (`DriftSchedule`), but only through Pulumi Deployments, which needs the stack's deployment settings (where
 * its program is: the repository, branch and folder). Both are opt-in (`esc:drift`): an organisation without
 * Deployments keeps the scheduled `Drift` workflow instead, and nothing here is created.
 */
import type { DriftConfig } from '@sophia-ai/esc-config';

/** One stack's deployment settings and drift schedule. */
export interface DriftPlan {
  project: string;
  stack: string;
  repoUrl: string;
  /** `refs/heads/<branch>`: the form deployment settings store. */
  branch: string;
  /** The stack's folder in the repository (`stacks/<project>`). */
  repoDir: string;
  cron: string;
  autoRemediate: boolean;
}

/** Every managed stack (by Pulumi project) in `env` gets a schedule when drift is configured; none otherwise. */
export function planDrift(drift: DriftConfig | undefined, projects: readonly string[], env: string): DriftPlan[] {
  if (!drift) return [];
  return [...projects].sort().map((project) => ({
    project,
    stack: env,
    repoUrl: `https://github.com/${drift.repository}.git`,
    branch: `refs/heads/${drift.branch}`,
    repoDir: `stacks/${project}`,
    cron: drift.cron,
    autoRemediate: drift.autoRemediate,
  }));
}
