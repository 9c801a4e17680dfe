import { z } from 'zod';
import { defineNamespace } from '@sophia-ai/config';

export const githubConfig = defineNamespace('github', {
  owner: { schema: z.string(), owner: 'esc-stack', description: 'Organisation' },
  token: { schema: z.string(), secret: true, owner: 'secrets-sync', description: 'Admin token' },
});
