import { z } from 'zod';
import { defineNamespace } from '@sophia-ai/config';

export const lambda_labsConfig = defineNamespace('lambda-labs', {
  apiKey: { schema: z.string(), secret: true, owner: 'secrets-sync', description: 'API key' },
  region: { schema: z.string().default('us-east-1'), owner: 'esc-stack', description: 'Region' },
  sshPublicKeys: { schema: z.array(z.string()), owner: 'ssh-keys', description: 'Written by sophia-ssh-keys push' },
});
