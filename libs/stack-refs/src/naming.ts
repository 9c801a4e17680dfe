/** The Pulumi Cloud organisation every Sophia AI stack lives in. */
export const PULUMI_ORG = 'sophia-ai';

/** Environments a stack can be deployed to (`Pulumi.<env>.yaml`). `local` targets the sandbox emulators. */
export const ENVIRONMENTS = ['local', 'dev', 'staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/**
 * Fully qualified name of the stack of `project` in `env`: `sophia-ai/<project>/<env>`.
 * Every StackReference is built here so that no program spells a stack name by hand.
 */
export function stackName(project: string, env: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(project)) throw new Error(`Invalid Pulumi project name "${project}"`);
  if (!/^[A-Za-z0-9_.-]+$/.test(env)) throw new Error(`Invalid environment/stack name "${env}"`);
  return `${PULUMI_ORG}/${project}/${env}`;
}
