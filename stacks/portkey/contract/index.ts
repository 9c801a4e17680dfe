import { z } from 'zod';
import { defineStackContract } from '@sophia-ai/stack-refs';

/** Outputs of stacks/portkey. A consumer imports this package to read them with referenceStack(). */
export const portkeyStack = defineStackContract({
  project: 'portkey',
  description: 'Portkey AI gateway: workspaces, integrations, providers with budgets and rate limits, gateway configs',
  outputs: {
    workspaces: {
      schema: z.record(z.string(), z.object({ id: z.string(), slug: z.string(), name: z.string() })),
      description: 'Workspaces by spec key: id (UUID, for workspace_id), server-made slug and name',
    },
    providers: {
      schema: z.record(z.string(), z.string()),
      description: 'Provider slugs by spec key (the gateway addresses one as @<slug>)',
    },
    service_keys: {
      schema: z.record(z.string(), z.string()),
      secret: true,
      description: 'Workspace API keys of the services calling the gateway, by spec key (secret: the secrets sync carries them to ESC and GitHub)',
    },
    gateway_configs: {
      schema: z.record(z.string(), z.string()),
      description: 'Gateway config ids by spec key: the pc-… slug Portkey shows as the config ID (the x-portkey-config header of a gateway call)',
    },
  },
});
