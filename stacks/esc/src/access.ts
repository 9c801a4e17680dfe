/*
 * Who may do what, decided as data before any resource exists (pure: test it as a table).
 *
 * - Teams: the GitHub organisation spec's teams (stacks/github/src/organisation-spec.ts: a team defined once is
 *   both a GitHub and a Pulumi team), plus `deploy`, the Pulumi-only team whose team token CI deploys with.
 * - Environments: `platform` administers all; `deploy` opens every environment of its ESC environment and writes
 *   `secrets-<env>` and the sync's ledger `secrets-sync-ledger-<env>` (the secrets sync runs in CI with that token); a stack's owning team (its Nx `team:` tag) opens
 *   its own `<service>-<env>` outside production and only reads the definition in production. Production secrets
 *   are opened only by `platform` and `deploy`.
 * - Stacks: `platform` admin, `deploy` edit, the owning team edit outside production and read in production.
 */
import type { EnvironmentPermission, TeamStackPermissionScope } from '@pulumi/pulumiservice/types/enums';
import { secretsEnvironment, serviceEnvironment, syncLedgerEnvironment } from '@sophia-ai/stack-refs/src/esc-naming';
import { ExpectedError } from '@sophia-ai/policy';
import type { EscEnvironment, Manifest } from './definitions';

/** The team that administers everything and owns the ESC stack itself. */
export const PLATFORM_TEAM = 'platform';
/** The CI identity: a Pulumi-only team (no members) whose team access token the deploy workflows use. */
export const DEPLOY_TEAM = 'deploy';

/** What the plan needs of a team: the shape stacks/github's organisation spec gives it. */
export interface TeamInput {
  name: string;
  description: string;
  maintainers: readonly string[];
  members: readonly string[];
}

export interface PulumiTeam {
  name: string;
  description: string;
  /** Pulumi Cloud usernames: the GitHub logins of the spec (a Pulumi org backed by GitHub identities). */
  members: string[];
}

export interface EnvironmentGrant {
  environment: string;
  team: string;
  permission: EnvironmentPermission;
}

export interface StackGrant {
  project: string;
  stack: EscEnvironment;
  team: string;
  permission: TeamStackPermissionScope;
}

export interface AccessPlan {
  teams: PulumiTeam[];
  environments: EnvironmentGrant[];
  stacks: StackGrant[];
}

/** TeamStackPermissionScope values of @pulumi/pulumiservice (Read 101, Edit 102, Admin 103). */
const STACK = { read: 101, edit: 102, admin: 103 } as const satisfies Record<string, TeamStackPermissionScope>;

export function pulumiTeams(teams: readonly TeamInput[]): PulumiTeam[] {
  const fromSpec = teams.map((t) => ({ name: t.name, description: t.description, members: [...new Set([...t.maintainers, ...t.members])].sort() }));
  if (fromSpec.some((t) => t.name === DEPLOY_TEAM)) throw new ExpectedError(`Team "${DEPLOY_TEAM}" is reserved for the CI identity (stacks/esc/src/access.ts)`);
  return [...fromSpec, { name: DEPLOY_TEAM, description: 'CI deploy identity: its team token runs previews, deploys and the secrets sync', members: [] }];
}

/**
 * The grants of one ESC environment (`dev`, `staging`, `production`). Every owning team must be one of the manifest's
 * teams; one that is not is an error naming the stack.
 */
export function planAccess(env: EscEnvironment, manifest: Manifest, selfProject: string): AccessPlan {
  const pulumi = pulumiTeams(manifest.teams);
  const known = new Set(pulumi.map((t) => t.name));
  const production = env === 'production';
  const secrets = secretsEnvironment(env).name;
  const ledger = syncLedgerEnvironment(env).name;
  const environments: EnvironmentGrant[] = [
    { environment: secrets, team: PLATFORM_TEAM, permission: 'admin' },
    { environment: secrets, team: DEPLOY_TEAM, permission: 'write' },
    // The sync's ledger (hashes, no values): written by the sync under the deploy identity only.
    { environment: ledger, team: PLATFORM_TEAM, permission: 'admin' },
    { environment: ledger, team: DEPLOY_TEAM, permission: 'write' },
  ];
  const stacks: StackGrant[] = [];
  const grantStack = (project: string, owner: string) => {
    stacks.push({ project, stack: env, team: PLATFORM_TEAM, permission: STACK.admin });
    stacks.push({ project, stack: env, team: DEPLOY_TEAM, permission: STACK.edit });
    if (owner !== PLATFORM_TEAM) stacks.push({ project, stack: env, team: owner, permission: production ? STACK.read : STACK.edit });
  };
  const secretsOpeners = new Set<string>();
  for (const [service, { team }] of Object.entries(manifest.services)) {
    if (!known.has(team)) throw new ExpectedError(`stacks/${service}/package.json: team:${team} is not a team of stacks/github/src/organisation-spec.ts`);
    const environment = serviceEnvironment(service, env).name;
    environments.push({ environment, team: PLATFORM_TEAM, permission: 'admin' }, { environment, team: DEPLOY_TEAM, permission: 'open' });
    if (team !== PLATFORM_TEAM) {
      environments.push({ environment, team, permission: production ? 'read' : 'open' });
      // Opening <service>-<env> evaluates its import: outside production the owning team must open secrets-<env> too.
      if (!production) secretsOpeners.add(team);
    }
    grantStack(service, team);
  }
  for (const team of [...secretsOpeners].sort()) environments.push({ environment: secrets, team, permission: 'open' });
  grantStack(selfProject, PLATFORM_TEAM);
  return { teams: pulumi, environments, stacks };
}
