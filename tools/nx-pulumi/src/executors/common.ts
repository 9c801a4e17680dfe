import type { ExecutorContext } from '@nx/devkit';
import { join } from 'node:path';

/** Absolute root of the project the executor runs for; both executors are project targets only. */
export function projectDir(context: ExecutorContext, executor: string): string {
  const project = context.projectName && context.projectsConfigurations.projects[context.projectName];
  if (!project) throw new Error(`nx-pulumi:${executor} must run as a project target`);
  return join(context.root, project.root);
}

/** Builds an argv (or what it is built from); an invalid option is reported as its message alone and gives `undefined` (run fails). */
export function argvOrReport<T>(build: () => T, report: (message: string) => void): T | undefined {
  try {
    return build();
  } catch (err) {
    report((err as Error).message);
    return undefined;
  }
}
