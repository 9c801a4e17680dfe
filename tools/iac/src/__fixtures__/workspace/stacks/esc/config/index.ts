import { z } from 'zod';
import { defineNamespace } from '@sophia-ai/config';

export const escConfig = defineNamespace('esc', {
  manageTeams: { schema: z.boolean(), owner: 'esc-stack', description: 'Whether this stack owns the teams' },
}, { source: 'stack-file' });
