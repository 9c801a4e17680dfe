import * as pulumi from '@pulumi/pulumi';
import { SophiaComponent } from '@sophia-ai/component';
import type { RotationRecords } from '@sophia-ai/config';
import { referenceStack, type TypedStackReference, type StackContract } from '@sophia-ai/stack-refs';
import { configuredWebhookUrl, effectiveBranchRule, webhookKey, webhookUrlProblem, type OrganisationSpec, type WebhookSpec } from '../logic/spec';
import { strayRotationRecords } from '../logic/webhook-slots';
import { GithubTeams } from './teams';
import { GithubRepository } from './repository';

export interface GithubOrganisationArgs {
  /** Login of the organisation being managed (from config; may differ from the spec's homeOrganisation). */
  owner: string;
  /** The validated organisation spec (src/organisation-spec.ts). */
  spec: OrganisationSpec;
  /** Web base for fallback repository URLs when the provider reports none (default https://github.com). */
  webBaseUrl?: string;
  /** `github:webhookUrls`: `<repository>/<webhook>` → URL, for webhooks declared `fromConfig()`. Default: none (a
   * `fromConfig()` webhook then fails, naming the key). */
  webhookUrls?: Readonly<Record<string, string>>;
  /** `github:webhookSecretRotation`: `<repository>/<webhook>` → rotation record, written by `sophia-secrets rotate`. */
  webhookRotation?: RotationRecords;
}

/**
 * The whole organisation: a `<name>-teams` GithubTeams component and one `<name>-<repository>`
 * GithubRepository component per repository. Webhook URLs that come from other stacks are read through
 * libs/stack-refs (one StackReference per producer, parented here). Pass the GitHub provider with
 * `providers: [provider]`; every child inherits it.
 */
export class GithubOrganisation extends SophiaComponent {
  readonly teams: GithubTeams;
  readonly repositories: Readonly<Record<string, GithubRepository>>;
  readonly repositoryNames: pulumi.Output<string[]>;
  readonly repositoryUrls: pulumi.Output<Record<string, string>>;
  /** `<repository>/<webhook>` → signing secret; the whole record is secret. */
  readonly webhookSecrets: pulumi.Output<Record<string, string>>;
  /** `<repository>/<webhook>` → previous signing secret, only for hooks inside a rotation's window; secret. */
  readonly webhookPreviousSecrets: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: GithubOrganisationArgs, opts?: pulumi.ComponentResourceOptions) {
    super('github', 'Organisation', name, opts);
    const { spec } = args;
    const web = (args.webBaseUrl ?? 'https://github.com').replace(/\/+$/, '');

    this.teams = new GithubTeams(this.childName('teams'), { teams: spec.teams }, this.childOptions());

    const refs = new Map<string, TypedStackReference<StackContract>>();
    const urlOf = (repo: string, hook: WebhookSpec): pulumi.Input<string> => {
      if (typeof hook.url === 'string') return hook.url;
      if (hook.url.kind === 'config') return configuredWebhookUrl(webhookKey(repo, hook.name), args.webhookUrls ?? {});
      const { contract, output, format } = hook.url;
      let ref = refs.get(contract.project);
      if (!ref) {
        ref = referenceStack(contract, { parent: this });
        refs.set(contract.project, ref);
      }
      return ref.output(output).apply((value) => {
        const url = format(String(value));
        const problem = webhookUrlProblem(url);
        // The URL is built from a non-secret output; the message names the webhook, not the value.
        if (problem) throw new Error(`Webhook ${webhookKey(repo, hook.name)}: ${problem} (built from ${contract.project}.${output})`);
        return url;
      });
    };

    const rotation = args.webhookRotation ?? {};
    const generated = spec.repositories.flatMap((r) => r.webhooks.filter((h) => h.secret === 'generated').map((h) => webhookKey(r.name, h.name)));
    const stray = strayRotationRecords(generated, rotation);
    if (stray) throw new Error(stray);
    const repositories: Record<string, GithubRepository> = {};
    for (const repo of spec.repositories) {
      repositories[repo.name] = new GithubRepository(
        this.childName(repo.name),
        {
          spec: repo,
          branchRule: effectiveBranchRule(spec, repo),
          teamIds: Object.fromEntries(Object.entries(this.teams.teams).map(([team, t]) => [team, t.id])),
          webhookUrls: Object.fromEntries(repo.webhooks.map((hook) => [hook.name, urlOf(repo.name, hook)])),
          webhookRotation: Object.fromEntries(repo.webhooks.flatMap((hook) => {
            const record = rotation[webhookKey(repo.name, hook.name)];
            return record ? [[hook.name, record]] : [];
          })),
        },
        this.childOptions(),
      );
    }
    this.repositories = repositories;

    this.repositoryNames = pulumi.all(Object.values(repositories).map((r) => r.repositoryName));
    this.repositoryUrls = pulumi.all(
      Object.fromEntries(
        Object.entries(repositories).map(([repo, r]) => [
          repo,
          r.htmlUrl.apply((url) => url ?? `${web}/${args.owner}/${repo}`),
        ]),
      ),
    );
    const byKey = (pick: (r: GithubRepository) => Readonly<Record<string, pulumi.Output<string>>>) =>
      pulumi.secret(pulumi.all(Object.fromEntries(Object.entries(repositories).flatMap(([repo, r]) => Object.entries(pick(r)).map(([hook, s]) => [webhookKey(repo, hook), s])))));
    this.webhookSecrets = byKey((r) => r.webhookSecrets);
    this.webhookPreviousSecrets = byKey((r) => r.webhookPreviousSecrets);

    this.registerOutputs({
      repositoryNames: this.repositoryNames,
      repositoryUrls: this.repositoryUrls,
      teamIds: this.teams.ids,
      teamSlugs: this.teams.slugs,
      webhookSecrets: this.webhookSecrets,
      webhookPreviousSecrets: this.webhookPreviousSecrets,
    });
  }
}
