import { z } from 'zod';
import { defineNamespace } from '../define';

/**
 * Configuration of stacks/lambda-labs. Owned by the Lambda Labs stack's authors; extend here, nowhere else.
 * (Initial version: the stack issue refines the keys.)
 */
export const lambdaLabsConfig = defineNamespace('lambda-labs', {
  apiKey: {
    schema: z.string().min(16),
    secret: true,
    owner: 'secrets-sync',
    githubSecret: 'LAMBDA_API_KEY',
    description: 'Lambda Cloud API key (Bearer token)',
  },
  sshPublicKeys: {
    schema: z.array(z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/)).min(1),
    owner: 'ssh-keys',
    kind: 'none',
    description: 'Base64-encoded OpenSSH public keys, newest first (the previous key stays during a rotation window)',
  },
});
