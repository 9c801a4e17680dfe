import { z } from 'zod';
import { defineNamespace, loadConfig } from '@sophia-ai/config';

const typedConfig = defineNamespace('typed', {
  region: { schema: z.string(), owner: 'esc-stack', description: 'Region' },
  apiKey: { schema: z.string(), secret: true, owner: 'secrets-sync', description: 'API key' },
});

const config = loadConfig(typedConfig);
export const region = config.region;
