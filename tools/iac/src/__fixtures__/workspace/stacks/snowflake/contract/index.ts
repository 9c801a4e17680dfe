import { z } from 'zod';
import { defineStackContract } from '@sophia-ai/stack-refs';

export const snowflakeStack = defineStackContract({
  project: 'snowflake',
  description: 'Snowflake',
  outputs: {
    host: { schema: z.string(), description: 'Account host' },
    user: { schema: z.string(), description: 'Loader user' },
  },
});
