import { z } from 'zod';
import { defineNamespace } from '@sophia-ai/config';

/**
 * Configuration of stacks/estuary: every key once, with its shape, owner and (for secrets) the GitHub secret
 * that carries it. The ESC stack and the secrets sync read this namespace; nothing lists a key twice.
 */
export const estuaryConfig = defineNamespace('estuary', {
  namePrefix: {
    schema: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'must be lowercase letters, digits and -, 2-31 characters').default('sophia-ai'),
    owner: 'esc-stack',
    description: 'Prefix of every name this stack creates',
  },
  apiUrl: {
    schema: z.string().url('must be an http(s) URL'),
    owner: 'esc-stack',
    description: 'Base URL of the estuary API (the ESTUARY_API_URL environment variable overrides it at call time)',
  },
  apiKey: {
    schema: z.string().min(16, 'must be an API key (at least 16 characters)'),
    secret: true,
    kind: 'key',
    owner: 'secrets-sync',
    githubSecret: 'ESTUARY_API_KEY',
    description: 'API key of the estuary account',
  },
});
