import { z } from 'zod';
import { defineNamespace } from '@sophia-ai/config';

export const snowflakeConfig = defineNamespace('snowflake', {
  account: { schema: z.string(), owner: 'esc-stack', description: 'Account' },
});
