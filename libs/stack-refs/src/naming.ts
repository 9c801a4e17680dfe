/*
 * THE naming of Sophia AI stacks: organisation, environments, stack and StackReference names, the ESC project.
 * Used by the Nx plugin (which stack a target runs against), libs/stack-refs (which stack a reference reads),
 * synth (the organisation of the mock runtime) and libs/config (the ESC organisation). No Pulumi import:
 * the plugin loads this file inside Nx.
 */

/** The Pulumi Cloud organisation when nothing else is configured. */
export const DEFAULT_ORGANIZATION = 'sophia-ai';

/** A DIY backend (file://, s3://, …) has exactly one organisation, and the CLI rejects any other name. */
export const DIY_ORGANIZATION = 'organization';

/** Environment variable that overrides the organisation (wins over the nx.json plugin option). */
export const ORGANIZATION_ENV_VAR = 'SOPHIA_PULUMI_ORG';

/** The ESC project holding every `<service>-<env>` and `secrets-<env>` environment (`Pulumi.<env>.yaml` imports). */
export const ESC_PROJECT = 'sophia-ai';

/** Environments a stack can be deployed to (`Pulumi.<env>.yaml`). `local` targets the sandbox emulators. */
export const ENVIRONMENTS = ['local', 'dev', 'staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Whether `env` is one of ENVIRONMENTS (a stack whose spec differs per environment needs one of them). */
export function isEnvironment(env: string): env is Environment {
  return (ENVIRONMENTS as readonly string[]).includes(env);
}

/** `env` as an Environment, or an error naming the environments a stack can be deployed to. */
export function knownEnvironment(env: string): Environment {
  if (!isEnvironment(env)) throw new Error(`Unknown environment "${env}" (expected ${ENVIRONMENTS.join(', ')})`);
  return env;
}

/** The environment when none is given (`--env`, `SOPHIA_ENV`). */
export const DEFAULT_ENV = 'dev';

/** Organisation, project and environment/stack names: no paths, no whitespace (`dev`, `pr-123`, `sophia-ai`). */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** URL schemes of the CLI's DIY backends (pkg/backend/diy: gocloud blob drivers plus postgres). */
const DIY_SCHEMES = new Set(['file', 's3', 'gs', 'azblob', 'mem', 'postgres']);

/** Whether a backend URL (`PULUMI_BACKEND_URL`, `backend.url` of Pulumi.yaml) is a DIY backend. */
export function isDiyBackend(url: string | undefined): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url ?? '')?.[1];
  return scheme !== undefined && DIY_SCHEMES.has(scheme.toLowerCase());
}

export interface OrganizationSources {
  /** The process environment (`PULUMI_BACKEND_URL`, `SOPHIA_PULUMI_ORG`). */
  env: NodeJS.ProcessEnv;
  /** The nx.json plugin option `organization`. */
  configured?: string;
  /** `backend.url` of the stack's Pulumi.yaml, if it has one. */
  projectBackendUrl?: string;
}

/**
 * The organisation stacks live in: `organization` on a DIY backend (the only name the CLI accepts there), else
 * `SOPHIA_PULUMI_ORG`, else the nx.json plugin option, else `sophia-ai`.
 */
export function resolveOrganization({ env, configured, projectBackendUrl }: OrganizationSources): string {
  if (isDiyBackend(env.PULUMI_BACKEND_URL || projectBackendUrl)) return DIY_ORGANIZATION;
  const org = env[ORGANIZATION_ENV_VAR] || configured || DEFAULT_ORGANIZATION;
  const source = env[ORGANIZATION_ENV_VAR] ? ORGANIZATION_ENV_VAR : 'the nx.json nx-pulumi option "organization"';
  if (!NAME_PATTERN.test(org)) {
    throw new Error(`Invalid Pulumi organisation in ${source}: expected letters, digits, '.', '_' or '-'`);
  }
  return org;
}

/** Checks an environment name; the message says what is allowed (the value is a name, safe to show). */
export function assertEnvironmentName(env: string): string {
  if (!NAME_PATTERN.test(env)) {
    throw new Error(`Invalid environment "${env}": expected letters, digits, '.', '_' or '-' (e.g. dev, staging)`);
  }
  return env;
}

/**
 * Fully qualified name of the stack of `project` in `env`: `<org>/<project>/<env>`.
 * Every StackReference is built here so that no program spells a stack name by hand.
 */
export function stackName(project: string, env: string, org: string): string {
  if (!NAME_PATTERN.test(project)) throw new Error(`Invalid Pulumi project name "${project}"`);
  if (!NAME_PATTERN.test(env)) throw new Error(`Invalid environment/stack name "${env}"`);
  if (!NAME_PATTERN.test(org)) throw new Error(`Invalid Pulumi organisation "${org}"`);
  return `${org}/${project}/${env}`;
}

/** A `--stack` value split the way the CLI reads it: `<stack>`, `<org>/<stack>` or `<org>/<project>/<stack>`. */
export interface StackSelector {
  org?: string;
  project?: string;
  env: string;
}

export function parseStackName(name: string): StackSelector {
  const parts = name.split('/');
  if (parts.length > 3 || !parts.every((p) => NAME_PATTERN.test(p))) {
    throw new Error(`Invalid --stack "${name}": expected <env>, <org>/<env> or <org>/<project>/<env>`);
  }
  const env = parts[parts.length - 1]!;
  if (parts.length === 1) return { env };
  if (parts.length === 2) return { org: parts[0], env };
  return { org: parts[0], project: parts[1], env };
}
