import { z } from 'zod';
import { defineNamespace } from '@sophia-ai/config';

export const searchConfig = defineNamespace('search', {
  index: { schema: z.string().optional(), optional: true, owner: 'esc-stack', description: 'Index name' },
});
