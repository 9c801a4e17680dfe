import { z } from 'zod';
import { defineNamespace, rotationRecordsSchema } from '@sophia-ai/config';

/** A GitHub login (user or organisation): alphanumerics and single hyphens, at most 39 characters. */
const githubLogin = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/, 'must be a GitHub organisation login (letters, digits, single hyphens, ≤ 39 characters)');

/**
 * GitHub token formats: fine-grained PATs (`github_pat_…`), classic PATs and app/OAuth tokens
 * (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` + ≥ 36 characters), and legacy 40-hex tokens.
 */
const githubToken = z
  .string()
  .regex(
    /^(?:github_pat_[A-Za-z0-9_]{22,}|gh[pousr]_[A-Za-z0-9]{36,}|[0-9a-f]{40})$/,
    'must be a GitHub token (github_pat_…, ghp_/gho_/ghu_/ghs_/ghr_…, or 40 hex characters)',
  );

/**
 * Configuration of stacks/github. The organisation's shape (teams, repositories, webhooks, branch rules) is code
 * in stacks/github/src/organisation-spec.ts; only which organisation to manage and the credential are configuration.
 * The API base URL (GitHub Enterprise, the local emulator) comes from the `GITHUB_API_URL` environment variable.
 */
export const githubConfig = defineNamespace('github', {
  owner: {
    schema: githubLogin,
    owner: 'esc-stack',
    description: 'GitHub organisation the stack manages (its login, e.g. sophia-ai)',
  },
  token: {
    schema: githubToken,
    secret: true,
    owner: 'secrets-sync',
    // GitHub reserves the GITHUB_ prefix for its own secrets, hence the SOPHIA_ prefix.
    githubSecret: 'SOPHIA_GITHUB_ADMIN_TOKEN',
    description: 'GitHub token with admin:org and repo scopes (or the fine-grained equivalent) for the organisation',
    rotation: { maxAgeDays: 90, rotatedBy: 'issuer', issuer: 'a GitHub organisation owner: a new token (or GitHub App key) in SOPHIA_GITHUB_ADMIN_TOKEN' },
  },
  webhookUrls: {
    schema: z
      .record(
        z.string().regex(/^[A-Za-z0-9._-]+\/[a-z0-9-]+$/, 'keys are "<repository>/<webhook>"'),
        // GitHub verifies the receiver's certificate: an IP address cannot hold a publicly trusted one.
        z.url({ protocol: /^https?$/ }).refine((u) => !/^\[|^\d+\.\d+\.\d+\.\d+$/.test(new URL(u).hostname), 'must name a host with a CA certificate, not a bare IP'),
      )
      .default({}),
    owner: 'esc-stack',
    kind: 'none',
    description:
      'Delivery URL of each webhook the spec declares fromConfig(), by "<repository>/<webhook>": a hostname with a CA certificate, not a bare IP',
  },
  webhookSecretRotation: {
    schema: rotationRecordsSchema,
    optional: true,
    owner: 'rotation',
    kind: 'none',
    description:
      'Secret generation per generated webhook, by "<repository>/<webhook>", written by `sophia-secrets rotate`; absent = generation 0 (the single secret made at first deploy)',
  },
  slackWebhookUrl: {
    schema: z.url({ protocol: /^https$/ }).optional(),
    optional: true,
    secret: true,
    owner: 'secrets-sync',
    githubSecret: 'SOPHIA_SLACK_WEBHOOK_URL',
    kind: 'none',
    description:
      'Slack incoming webhook that `sophia-secrets notify` posts secret-validation failures to (names and problems, never values); unset, no Slack message. Not read by this stack',
    rotation: { maxAgeDays: 365, rotatedBy: 'issuer', issuer: 'a Slack workspace admin: a new incoming webhook in SOPHIA_SLACK_WEBHOOK_URL, the old one removed' },
  },
});
