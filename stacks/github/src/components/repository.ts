import * as pulumi from '@pulumi/pulumi';
import { SophiaComponent } from '@sophia-ai/component';
import type { RotationRecord } from '@sophia-ai/config';
import * as github from '@pulumi/github';
import { teamAccess, type BranchRule, type RepositorySpec } from '../logic/spec';
import { GithubWebhook } from './webhook';

export interface GithubRepositoryArgs {
  /** The repository as the validated spec describes it. */
  spec: RepositorySpec;
  /** The effective branch rule for the default branch (organisation defaults merged with the repository's). */
  branchRule: BranchRule;
  /** Team name → team id, for every team the repository grants access to. */
  teamIds: Readonly<Record<string, pulumi.Input<string>>>;
  /** Webhook name → delivery URL (already resolved from literals or other stacks' outputs). */
  webhookUrls: Readonly<Record<string, pulumi.Input<string>>>;
  /** Webhook name → its rotation record (`github:webhookSecretRotation`, keyed there by "<repository>/<webhook>"). */
  webhookRotation?: Readonly<Record<string, RotationRecord>>;
}

/**
 * One repository with everything attached to it. Children (named `<name>-…`):
 * - `<name>` `github:index/repository:Repository`, and `<name>-default-branch` `github:index/branchDefault:BranchDefault`;
 * - `<name>-team-<team>` `github:index/teamRepository:TeamRepository` for the owner and every other team;
 * - `<name>-default-branch-rules` `github:index/repositoryRuleset:RepositoryRuleset` (or
 *   `github:index/branchProtection:BranchProtection` with mechanism `branch-protection`) on the default branch:
 *   PR reviews, code-owner review, stale-review dismissal, required checks, no force push, no deletion,
 *   optional linear history;
 * - `<name>-hook-<webhook>` GithubWebhook components.
 */
export class GithubRepository extends SophiaComponent {
  readonly repository: github.Repository;
  readonly repositoryName: pulumi.Output<string>;
  readonly htmlUrl: pulumi.Output<string>;
  /** Webhook name → signing secret (secret Outputs), for generated secrets only. */
  readonly webhookSecrets: Readonly<Record<string, pulumi.Output<string>>>;
  /** Webhook name → previous signing secret, for hooks inside a rotation's window only. */
  readonly webhookPreviousSecrets: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: GithubRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
    super('github', 'Repository', name, opts);
    const { spec, branchRule: rule } = args;
    const child = this.childOptions();

    this.repository = new github.Repository(
      this.childName(),
      {
        name: spec.name,
        description: spec.description,
        visibility: spec.visibility,
        topics: spec.topics,
        // An initial commit creates the branch that BranchDefault then names (renaming it if needed). An adopted
        // repository has its branch already, and autoInit is not part of its imported state.
        autoInit: spec.existing ? undefined : true,
        allowSquashMerge: spec.merge.squash,
        allowMergeCommit: spec.merge.mergeCommit,
        allowRebaseMerge: spec.merge.rebase,
        allowAutoMerge: spec.merge.autoMerge,
        deleteBranchOnMerge: spec.deleteBranchOnMerge,
        vulnerabilityAlerts: spec.vulnerabilityAlerts,
        hasIssues: spec.hasIssues,
        hasWiki: spec.hasWiki,
        hasProjects: false,
        // Deleting a managed repository by removing it from the spec archives it instead.
        archiveOnDestroy: true,
      },
      // `existing`: the first up adopts the repository GitHub already has (import by name) instead of failing
      // with "name already exists"; once it is in the state the option changes nothing.
      spec.existing ? this.childOptions({ import: spec.name }) : child,
    );
    const repoName = this.repository.name;

    new github.BranchDefault(
      this.childName('default-branch'),
      { repository: repoName, branch: spec.defaultBranch, rename: spec.defaultBranch !== 'main' },
      child,
    );

    for (const access of teamAccess(spec)) {
      const teamId = args.teamIds[access.team];
      if (teamId === undefined) throw new Error(`Repository ${spec.name}: no team id for team "${access.team}"`);
      new github.TeamRepository(
        this.childName('team', access.team),
        { teamId, repository: repoName, permission: access.permission },
        child,
      );
    }

    if (rule.mechanism === 'ruleset') {
      new github.RepositoryRuleset(
        this.childName('default-branch-rules'),
        {
          name: 'default-branch',
          repository: repoName,
          target: 'branch',
          enforcement: 'active',
          conditions: { refName: { includes: ['~DEFAULT_BRANCH'], excludes: [] } },
          rules: {
            deletion: true,
            nonFastForward: true,
            requiredLinearHistory: rule.linearHistory,
            pullRequest: {
              requiredApprovingReviewCount: rule.requiredApprovals,
              requireCodeOwnerReview: rule.requireCodeOwnerReview,
              dismissStaleReviewsOnPush: rule.dismissStaleReviews,
              requiredReviewThreadResolution: true,
            },
            requiredStatusChecks: rule.requiredChecks.length
              ? {
                  requiredChecks: rule.requiredChecks.map((context) => ({ context })),
                  strictRequiredStatusChecksPolicy: rule.strictChecks,
                }
              : undefined,
          },
        },
        child,
      );
    } else {
      new github.BranchProtection(
        this.childName('default-branch-rules'),
        {
          repositoryId: repoName,
          pattern: spec.defaultBranch,
          enforceAdmins: true,
          allowsDeletions: false,
          allowsForcePushes: false,
          requiredLinearHistory: rule.linearHistory,
          requireConversationResolution: true,
          requiredPullRequestReviews: [
            {
              requiredApprovingReviewCount: rule.requiredApprovals,
              requireCodeOwnerReviews: rule.requireCodeOwnerReview,
              dismissStaleReviews: rule.dismissStaleReviews,
            },
          ],
          requiredStatusChecks: rule.requiredChecks.length
            ? [{ strict: rule.strictChecks, contexts: rule.requiredChecks }]
            : undefined,
        },
        child,
      );
    }

    const secrets: Record<string, pulumi.Output<string>> = {};
    const previous: Record<string, pulumi.Output<string>> = {};
    for (const hook of spec.webhooks) {
      const url = args.webhookUrls[hook.name];
      if (url === undefined) throw new Error(`Repository ${spec.name}: no URL for webhook "${hook.name}"`);
      const webhook = new GithubWebhook(
        this.childName('hook', hook.name),
        {
          repository: repoName,
          url,
          events: hook.events,
          contentType: hook.contentType,
          active: hook.active,
          secret: hook.secret,
          rotation: args.webhookRotation?.[hook.name],
        },
        child,
      );
      if (webhook.secret) secrets[hook.name] = webhook.secret;
      if (webhook.previousSecret) previous[hook.name] = webhook.previousSecret;
    }
    this.webhookSecrets = secrets;
    this.webhookPreviousSecrets = previous;

    this.repositoryName = repoName;
    this.htmlUrl = this.repository.htmlUrl;
    this.registerOutputs({ name: this.repositoryName, htmlUrl: this.htmlUrl });
  }
}
