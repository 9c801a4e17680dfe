import * as github from '@pulumi/github';
import { loadConfig } from '@sophia-ai/config';
import { githubConfig } from '@sophia-ai/github-config';
import { githubStack } from '@sophia-ai/github-contract';
import { declareOutputs } from '@sophia-ai/stack-refs';
import { GithubOrganisation } from './src/components/organisation';
import { organisation } from './src/organisation-spec';
import { providerBaseUrl, webBaseUrl } from './src/provider';

// Typed config in: which organisation and the token (secret from the moment it is read).
const config = loadConfig(githubConfig);
const baseUrl = providerBaseUrl();

const provider = new github.Provider('github', { owner: config.owner, token: config.token, baseUrl });

// Components: teams, repositories with access and default-branch rules, webhooks.
const org = new GithubOrganisation(
  'organisation',
  { owner: config.owner, spec: organisation, webBaseUrl: webBaseUrl(baseUrl), webhookUrls: config.webhookUrls, webhookRotation: config.webhookSecretRotation },
  { providers: [provider] },
);

// Typed outputs out.
export = declareOutputs(githubStack, {
  organisation: config.owner,
  repository_names: org.repositoryNames,
  repository_urls: org.repositoryUrls,
  team_slugs: org.teams.slugs,
  team_ids: org.teams.ids,
  webhook_secrets: org.webhookSecrets,
  webhook_previous_secrets: org.webhookPreviousSecrets,
});
