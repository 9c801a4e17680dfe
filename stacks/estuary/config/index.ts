import { z } from 'zod';
import { defineNamespace } from '@sophia-ai/config';
import { catalogSchema } from './catalog';

export * from './catalog';
export * from './limits';

/**
 * Configuration of stacks/estuary: every key once, with its shape, owner and (for secrets) the GitHub secret
 * that carries it. The ESC stack and the secrets sync read this namespace; nothing lists a key twice.
 */
export const estuaryConfig = defineNamespace('estuary', {
  tenant: {
    schema: z.string().regex(/^[a-zA-Z0-9_.-]+$/, 'must be one catalog name segment (letters, digits, _ . -)'),
    owner: 'esc-stack',
    description: 'Estuary tenant: every catalog name is <tenant>/<env>/<key>',
  },
  dataPlane: {
    schema: z.string().regex(/^[a-z0-9_.-]+(\/[a-z0-9_.-]+)+$/, 'must be a data plane name such as ops/dp/public/gcp-us-central1-c2').default('ops/dp/public/gcp-us-central1-c2'),
    owner: 'esc-stack',
    description: 'Data plane every task of this stack runs in (all interacting tasks must share one)',
  },
  apiUrl: {
    schema: z.string().url('must be an http(s) URL').default('https://eyrcnmuzzyriypdajwdk.supabase.co/rest/v1'),
    owner: 'esc-stack',
    description: 'PostgREST base URL of the control plane (the ESTUARY_API_URL environment variable overrides it at call time)',
  },
  encryptionUrl: {
    schema: z.string().url('must be an http(s) URL').default('https://config-encryption.estuary.dev'),
    owner: 'esc-stack',
    description: 'Config-encryption service base URL (ESTUARY_ENCRYPTION_URL overrides it at call time)',
  },
  refreshToken: {
    schema: z.string().min(16, 'must be a refresh token (base64 JSON {"id","secret"}) or a service API key (flow_sa_…)'),
    secret: true,
    kind: 'key',
    owner: 'secrets-sync',
    githubSecret: 'ESTUARY_REFRESH_TOKEN',
    description: 'Estuary credential: a refresh token from Admin → CLI-API, or a service-account API key flow_sa_…',
    rotation: { maxAgeDays: 90, rotatedBy: 'issuer', issuer: 'an Estuary tenant admin: dashboard → Admin → CLI-API (or a new service-account key)' },
  },
  catalog: {
    schema: catalogSchema,
    kind: 'none',
    owner: 'esc-stack',
    description: 'Collections, captures (with interval) and materializations (with sync schedule) of this environment',
  },
  endpointSecrets: {
    schema: z.record(z.string(), z.record(z.string().regex(/^(\/[^/]+)+$/, 'must be a JSON pointer such as /password'), z.string().min(1))),
    secret: true,
    optional: true,
    kind: 'none',
    owner: 'secrets-sync',
    githubSecret: 'ESTUARY_ENDPOINT_SECRETS',
    description: 'Task key → JSON pointer → secret endpoint value (passwords, API tokens); encrypted before it leaves the process',
    rotation: { maxAgeDays: 180, rotatedBy: 'issuer', issuer: 'the owner of each endpoint (database password, SaaS API token) in ESTUARY_ENDPOINT_SECRETS' },
  },
});
