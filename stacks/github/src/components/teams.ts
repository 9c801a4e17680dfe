import * as pulumi from '@pulumi/pulumi';
import { SophiaComponent } from '@sophia-ai/component';
import * as github from '@pulumi/github';
import { teamSlug, teamsInCreationOrder, type TeamSpec } from '../logic/spec';

export interface GithubTeamsArgs {
  /** Teams of a validated spec (parents are created before their children). */
  teams: readonly TeamSpec[];
}

/**
 * The organisation's teams and their memberships. Children: one `github:index/team:Team` per team
 * (`<name>-<team>`) and one `github:index/teamMembership:TeamMembership` per user and team
 * (`<name>-<team>-<login>`), maintainers with role `maintainer`.
 */
export class GithubTeams extends SophiaComponent {
  /** Team name → Team resource. */
  readonly teams: Readonly<Record<string, github.Team>>;
  /** Team name → team id (numeric, as a string). */
  readonly ids: pulumi.Output<Record<string, string>>;
  /** Team name → team slug. */
  readonly slugs: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: GithubTeamsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('github', 'Teams', name, opts);
    const teams: Record<string, github.Team> = {};
    for (const spec of teamsInCreationOrder(args.teams)) {
      const team = new github.Team(
        this.childName(spec.name),
        {
          name: spec.name,
          description: spec.description,
          privacy: spec.privacy,
          parentTeamId: spec.parent ? teams[spec.parent]!.id : undefined,
          // The token's user must not silently become a maintainer of every team.
          createDefaultMaintainer: false,
        },
        // `existing`: adopt the team GitHub already has (import by slug) instead of creating a duplicate.
        this.childOptions(spec.existing ? { import: teamSlug(spec.name) } : {}),
      );
      teams[spec.name] = team;
      const members = [
        ...spec.maintainers.map((username) => ({ username, role: 'maintainer' })),
        ...spec.members.map((username) => ({ username, role: 'member' })),
      ];
      for (const { username, role } of members) {
        new github.TeamMembership(
          this.childName(spec.name, username.toLowerCase()),
          { teamId: team.id, username, role },
          this.childOptions(),
        );
      }
    }
    this.teams = teams;
    this.ids = pulumi.all(mapValues(teams, (t) => t.id));
    // Mocked or partially-known state may lack the slug; GitHub derives it from the name the same way.
    this.slugs = pulumi.all(
      mapValues(teams, (t, teamName) => t.slug.apply((slug) => slug ?? teamSlug(teamName))),
    );
    this.registerOutputs({ ids: this.ids, slugs: this.slugs });
  }
}

export function mapValues<T, U>(record: Readonly<Record<string, T>>, fn: (value: T, key: string) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v, k)]));
}
