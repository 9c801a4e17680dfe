import { z } from 'zod';
import { defineNamespace } from '@sophia-ai/config';

export const billingConfig = defineNamespace('billing', {
  currency: { schema: z.string().default('USD'), owner: 'esc-stack', description: 'Currency' },
});
