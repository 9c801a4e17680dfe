import { z } from 'zod';
import { defineNamespace } from '@sophia-ai/config';

export const estuaryConfig = defineNamespace('estuary', {
  tenant: { schema: z.string(), owner: 'esc-stack', description: 'Tenant' },
});
