import * as pulumi from '@pulumi/pulumi';
import * as service from '@pulumi/pulumiservice';
import { SophiaComponent } from '@sophia-ai/component';
import type { ContractInputs } from '@sophia-ai/stack-refs';
import { ESC_PROJECT, escEnvName, secretsEnvironment, syncLedgerEnvironment } from '@sophia-ai/stack-refs/src/esc-naming';
import type { escStack } from '@sophia-ai/esc-contract';
import { ExpectedError } from '@sophia-ai/policy';
import type { AccessPlan } from '../access';
import type { DriftPlan } from '../drift';
import { plaintextSecretProblems } from '../plaintext';
import type { EscEnvironment } from '../definitions';

/**
 * The body `secrets-<env>` is created with when it does not exist yet. Only ever sent once: the secrets sync owns
 * the body from then on (see `secretsOptions`).
 */
export const SECRETS_SEED =
  '# Owned by the secrets sync (values.<service>.<key>); created empty by stacks/esc, which never rewrites it.\nvalues: {}\n';

/** The body the sync's ledger is created with: the sync owns it from then on (like SECRETS_SEED). */
export const LEDGER_SEED = '# Owned by the secrets sync (keyed hashes and revisions, no values); created empty by stacks/esc.\nvalues: {}\n';

/** The revision tag on the definition this stack last wrote. */
export const STABLE_TAG = 'stable';

export interface EscPlatformArgs {
  /** The Pulumi organisation (the stacks' own: a stack reads only environments of its organisation). */
  organization: string;
  env: EscEnvironment;
  /** The `<service>-<env>` definitions this stack owns: name → YAML (stacks/<service>/config/esc/<env>.yaml). */
  definitions: ReadonlyMap<string, string>;
  /**
   * Definitions another tool also writes into (manifest `writtenByOthers`): created here, never rewritten, like the
   * secrets environment, so that an `up` cannot erase what that tool wrote.
   */
  createOnly: ReadonlySet<string>;
  access: AccessPlan;
  /** Create the Pulumi teams here (exactly one stack of the organisation does; the others only grant to them). */
  manageTeams: boolean;
  /** Names (secrets-<env>, stack projects) that already exist and are imported instead of created. */
  adopt: ReadonlySet<string>;
  /** Deployment settings and a drift schedule per stack (empty unless `esc:drift` is set). Default: none. */
  drift?: readonly DriftPlan[];
}

/**
 * Everything stacks/esc manages, as one component (`sophia:esc:Platform`):
 *
 * - `environment-<service>-<env>`: owned here, the body is the committed file, rewritten by every `up` (create-only
 *   while another tool writes into it: `createOnly`);
 * - `environment-secrets-<env>`: created if missing with SECRETS_SEED, then never rewritten (ignoreChanges on the
 *   body) and kept on destroy: the values belong to the secrets sync; `environment-secrets-sync-ledger-<env>`, the
 *   sync's ledger, the same way (LEDGER_SEED);
 * - `tag-<service>-<env>-stable`: the revision tag on what this stack last wrote (not on create-only ones);
 * - `team-<name>` (with manageTeams), `stack-<project>` for every other stack (created so that grants work on a
 *   fresh organisation, kept on destroy), `access-<environment>-<team>` and `stack-access-<project>-<team>`;
 * - with `drift`: `deployment-settings-<project>` (where Deployments finds the program) and `drift-<project>`.
 */
export class EscPlatform extends SophiaComponent {
  readonly outputs: ContractInputs<typeof escStack>;

  constructor(name: string, args: EscPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('esc', 'Platform', name, opts);
    // Before anything is created: no plaintext secret reaches ESC (a plan shows bodies only as "[asset: text]").
    const plaintext = [...args.definitions].flatMap(([envName, yaml]) => plaintextSecretProblems(`${envName}.yaml`, yaml, []));
    if (plaintext.length) throw new ExpectedError(`Refusing to write a plaintext secret to ESC:\n${plaintext.map((p) => `  - ${p}`).join('\n')}`);

    const { organization, env, access, adopt } = args;
    const project = ESC_PROJECT;
    const importId = (key: string, id: string) => (adopt.has(key) ? { import: id } : {});

    const teams = new Map<string, service.Team>();
    if (args.manageTeams) {
      for (const t of access.teams) {
        teams.set(
          t.name,
          new service.Team(
            this.childName('team', t.name),
            { organizationName: organization, teamType: 'pulumi', name: t.name, displayName: t.name, description: t.description, members: t.members },
            this.childOptions(),
          ),
        );
      }
    }

    const environments = new Map<string, service.Environment>();
    for (const [envName, yaml] of args.definitions) {
      environments.set(
        envName,
        new service.Environment(
          this.childName('environment', envName),
          { organization, project, name: envName, yaml: new pulumi.asset.StringAsset(yaml) },
          this.childOptions(args.createOnly.has(envName) ? { ignoreChanges: ['yaml'] } : {}),
        ),
      );
    }
    // `stable` marks the revision this stack last wrote (a console edit makes a newer `latest`, not a new `stable`):
    // a stack may pin `sophia-ai/<s>-<env>@stable` in its Pulumi.<env>.yaml.
    for (const [envName, resource] of environments) {
      if (args.createOnly.has(envName)) continue; // its latest revision may be another tool's write
      new service.EnvironmentVersionTag(
        this.childName('tag', envName, STABLE_TAG),
        { organization, project, environment: envName, tagName: STABLE_TAG, revision: resource.revision },
        this.childOptions({ dependsOn: [resource] }),
      );
    }

    // Environments another tool owns: created here (with a seed body) so their grants exist on a fresh
    // organisation, then never rewritten: the secrets sync's values, and its ledger.
    const ownedByTheSync: Array<[name: string, seed: string]> = [
      [secretsEnvironment(env, organization).name, SECRETS_SEED],
      [syncLedgerEnvironment(env, organization).name, LEDGER_SEED],
    ];
    for (const [name, seed] of ownedByTheSync) {
      environments.set(
        name,
        new service.Environment(
          this.childName('environment', name),
          { organization, project, name, yaml: new pulumi.asset.StringAsset(seed) },
          this.childOptions({ ...secretsOptions(), ...importId(name, `${organization}/${project}/${name}`) }),
        ),
      );
    }

    const stacks = new Map<string, service.Stack>();
    // This stack's own stack exists (it is running): only the others are made sure of.
    const others = new Set(access.stacks.map((s) => s.project).filter((p) => p !== pulumi.getProject()));
    for (const projectName of others) {
      stacks.set(
        projectName,
        new service.Stack(
          this.childName('stack', projectName),
          { organizationName: organization, projectName, stackName: env },
          // Kept on destroy: a stack holds its own state and resources; this stack only makes sure it exists.
          this.childOptions({ retainOnDelete: true, ...importId(projectName, `${organization}/${projectName}/${env}`) }),
        ),
      );
    }

    const after = (...deps: Array<pulumi.Resource | undefined>) => ({ dependsOn: deps.filter((d): d is pulumi.Resource => d !== undefined) });
    for (const g of access.environments) {
      new service.TeamEnvironmentPermission(
        this.childName('access', g.environment, g.team),
        { organization, project, environment: g.environment, team: g.team, permission: g.permission },
        this.childOptions(after(environments.get(g.environment), teams.get(g.team))),
      );
    }
    for (const g of access.stacks) {
      new service.TeamStackPermission(
        this.childName('stack-access', g.project, g.team),
        { organization, project: g.project, stack: g.stack, team: g.team, permission: g.permission },
        this.childOptions(after(stacks.get(g.project), teams.get(g.team))),
      );
    }

    for (const d of args.drift ?? []) {
      const settings = new service.DeploymentSettings(
        this.childName('deployment-settings', d.project),
        {
          organization,
          project: d.project,
          stack: d.stack,
          sourceContext: { git: { repoUrl: d.repoUrl, branch: d.branch, repoDir: d.repoDir } },
        },
        this.childOptions(after(stacks.get(d.project))),
      );
      new service.DriftSchedule(
        this.childName('drift', d.project),
        { organization, project: d.project, stack: d.stack, scheduleCron: d.cron, autoRemediate: d.autoRemediate },
        this.childOptions(after(settings)),
      );
    }

    this.outputs = {
      environments: [...environments.keys()].map((n) => escEnvName({ org: organization, project, name: n })).sort(),
      teams: access.teams.map((t) => t.name),
    };
    this.registerOutputs(this.outputs);
  }
}

/**
 * How `secrets-<env>` is never clobbered: `ignoreChanges: ['yaml']` makes the engine keep the stored body on every
 * later `up` (the provider's diff then sees no change, so no UpdateEnvironment call is made), and
 * `retainOnDelete` leaves the environment and its values in ESC when this stack is destroyed or the resource removed.
 */
export function secretsOptions(): Pick<pulumi.CustomResourceOptions, 'ignoreChanges' | 'retainOnDelete'> {
  return { ignoreChanges: ['yaml'], retainOnDelete: true };
}
