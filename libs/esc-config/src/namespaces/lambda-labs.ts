import { z } from 'zod';
import { defineNamespace } from '../define';
import { sshPublicKeysSchema } from '../schemas';

/** Lambda Cloud regions (spec v1.8.3 `PublicRegionCode`). */
export const LAMBDA_REGIONS = [
  'europe-central-1', 'asia-south-1', 'australia-east-1', 'me-west-1', 'asia-northeast-1', 'asia-northeast-2',
  'us-east-1', 'us-west-2', 'us-west-1', 'us-south-1', 'us-west-3', 'us-midwest-1', 'us-east-2', 'us-south-2',
  'us-south-3', 'us-east-3', 'us-midwest-2',
] as const;

/** IPv4 address or CIDR (`1.2.3.4` means `/32`). */
const ipv4Cidr = z
  .string()
  .regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/([0-9]|[12]\d|3[0-2]))?$/, 'must be an IPv4 address or CIDR (e.g. 203.0.113.0/24)');

/**
 * Configuration of stacks/lambda-labs. Owned by the Lambda Labs stack's authors; extend here, nowhere else.
 * Non-secret keys live in `sophia-ai/lambda-labs-<env>` (stacks/esc), the API key in `sophia-ai/secrets-<env>`,
 * the SSH public keys are pushed by `sophia-ssh-keys push`.
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
    schema: sshPublicKeysSchema,
    owner: 'ssh-keys',
    kind: 'none',
    description: 'Base64-encoded OpenSSH public keys, newest first (the previous key stays during a rotation window)',
  },
  region: {
    schema: z.enum(LAMBDA_REGIONS).default('us-east-1'),
    owner: 'esc-stack',
    description: 'Lambda Cloud region for instances, firewall ruleset and filesystem',
  },
  instanceType: {
    schema: z.string().regex(/^[a-z0-9_]+$/, 'must be a Lambda instance type name such as gpu_1x_a10').default('gpu_1x_a10'),
    owner: 'esc-stack',
    description: 'Instance type name (GET /instance-types), e.g. gpu_1x_a10',
  },
  instanceCount: {
    schema: z.number().int().min(1).max(8).default(1),
    owner: 'esc-stack',
    kind: 'none',
    description: 'Number of GPU instances (one launch call each; the first is the primary)',
  },
  namePrefix: {
    schema: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'must be lowercase letters, digits and -, 2-31 characters').default('sophia-ai'),
    owner: 'esc-stack',
    description: 'Prefix of every Lambda resource name (instances, hostnames, SSH key, ruleset, filesystem)',
  },
  allowedSshCidrs: {
    schema: z.array(ipv4Cidr).default([]),
    owner: 'esc-stack',
    kind: 'none',
    description: 'Source networks allowed to reach port 22 (the firewall ruleset allows nothing else inbound)',
  },
  allowOpenSsh: {
    schema: z.boolean().default(false),
    owner: 'esc-stack',
    kind: 'none',
    description: 'Allow SSH from 0.0.0.0/0. Required in production for an open rule; elsewhere it adds one',
  },
  filesystemName: {
    schema: z.string().regex(/^[a-zA-Z]+[0-9a-zA-Z-]*$/).max(60).optional(),
    optional: true,
    owner: 'esc-stack',
    description: 'Name of a persistent filesystem to create and mount (omit for none)',
  },
  imageFamily: {
    schema: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/).optional(),
    optional: true,
    owner: 'esc-stack',
    description: 'Image family to launch (GET /images), e.g. lambda-stack-24-04; omit for the latest Lambda Stack',
  },
  tags: {
    schema: z.record(z.string().regex(/^[a-z][a-z0-9-:]+$/).max(55), z.string().max(128)).default({}),
    owner: 'esc-stack',
    kind: 'none',
    description: 'Extra instance tags (key pattern ^[a-z][a-z0-9-:]+$, value at most 128 characters)',
  },
  verifySsh: {
    schema: z.boolean().default(false),
    owner: 'esc-stack',
    kind: 'none',
    description: 'After launch, ssh in with ~/.ssh/pulumi_lambda_key and wait for `cloud-init status --wait` (needs network)',
  },
});
