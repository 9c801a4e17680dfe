import { z } from 'zod';
import { defineStackContract } from '@sophia-ai/stack-refs';

/** Outputs of stacks/github (organisation teams, repositories, webhooks and branch rulesets). */
export const githubStack = defineStackContract({
  project: 'github',
  description: 'GitHub organisation: teams, repositories with team access, branch rulesets, webhooks',
  outputs: {
    organisation: { schema: z.string(), description: 'Login of the managed GitHub organisation' },
    repository_names: { schema: z.array(z.string()), description: 'Managed repository names, in spec order' },
    repository_urls: {
      schema: z.record(z.string(), z.string()),
      description: 'Repository name → HTML URL (https://github.com/<org>/<repo>)',
    },
    team_slugs: { schema: z.record(z.string(), z.string()), description: 'Team name (spec) → GitHub team slug' },
    team_ids: { schema: z.record(z.string(), z.string()), description: 'Team name (spec) → GitHub team id' },
    webhook_secrets: {
      schema: z.record(z.string(), z.string()),
      secret: true,
      description: '"<repository>/<webhook>" → generated webhook secret, for the receivers to verify X-Hub-Signature-256',
    },
    webhook_previous_secrets: {
      schema: z.record(z.string(), z.string()),
      secret: true,
      description:
        '"<repository>/<webhook>" → the previous secret of a hook inside a rotation\'s window (absent otherwise): receivers verify against webhook_secrets, then this',
    },
  },
});
