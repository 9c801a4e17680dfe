import { z } from 'zod';
import { defineNamespace, rotationRecordsSchema } from '@sophia-ai/config';

/**
 * Portkey Admin API constraints (spec 2.0.0 and docs, service-apis §2.5): the one source for this config schema,
 * the stack's providers (`check()` rejects at preview what the API would reject) and the sandbox emulator.
 */
export const PORTKEY_LIMITS = {
  /** Caller-chosen slugs of integrations and providers (`CreateIntegrationRequest.slug`). */
  slug: /^[a-zA-Z0-9_-]+$/,
  slugMax: 255,
  /** Keys of this stack's spec become slugs `<prefix>-<env>-<key>`: lowercase so names read the same everywhere. */
  itemKey: /^[a-z][a-z0-9-]{0,39}$/,
  usageTypes: ['cost', 'tokens'] as const,
  /** Docs: a cost limit is at least $1, a token limit at least 100 tokens. */
  minCreditLimit: { cost: 1, tokens: 100 } as const,
  periodicResets: ['monthly', 'weekly'] as const,
  rateLimitTypes: ['requests', 'tokens'] as const,
  rateLimitUnits: ['rpm', 'rph', 'rpd'] as const,
  /** The AI providers an integration may front (`ai_provider_id`; the subset this stack supports). */
  aiProviders: ['openai', 'anthropic', 'azure-openai', 'bedrock', 'vertex-ai', 'google', 'mistral-ai', 'groq', 'cohere', 'together-ai'] as const,
  strategies: ['fallback', 'loadbalance', 'single'] as const,
  cacheModes: ['simple', 'semantic'] as const,
  /** API key scopes, e.g. `completions.write`, `logs.view`. */
  scope: /^[a-z_]+\.[a-z_]+$/,
  /** `key_transition_period_ms` of a rotation: at least 30 minutes (`RotateApiKeyRequest`). */
  minKeyTransitionMs: 1_800_000,
  /** A workspace member's role (`/admin/workspaces/{id}/users`: admin, manager, member). */
  workspaceRoles: ['admin', 'manager', 'member'] as const,
  /** Users are added by id (a UUID); this stack also takes an organisation user's email and looks the id up. */
  userId: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
} as const;

/** Why `slug` is not a slug the API accepts, or undefined when it is. */
export function slugProblem(slug: unknown): string | undefined {
  if (typeof slug === 'string' && PORTKEY_LIMITS.slug.test(slug) && slug.length <= PORTKEY_LIMITS.slugMax) return undefined;
  return `must match ${PORTKEY_LIMITS.slug.source} and have at most ${PORTKEY_LIMITS.slugMax} characters`;
}

/** Why `user` names no user (neither a user id nor an email address), or undefined when it names one. */
export function userProblem(user: unknown): string | undefined {
  if (typeof user === 'string' && (PORTKEY_LIMITS.userId.test(user) || PORTKEY_LIMITS.email.test(user))) return undefined;
  return 'must be a Portkey user id (UUID) or the email address of a user of the organisation';
}

/** One spelling per user: ids and emails compare without case. */
export const userRefKey = (user: string) => user.trim().toLowerCase();

/** Why a usage limit is one the API refuses (threshold not below the limit, limit under the minimum), or undefined. */
export function usageLimitProblem(u: { type: string; creditLimit: number; alertThreshold?: number }): string | undefined {
  const min = PORTKEY_LIMITS.minCreditLimit[u.type as 'cost' | 'tokens'];
  if (min !== undefined && u.creditLimit < min) return `creditLimit must be at least ${min} for type ${u.type}`;
  if (u.alertThreshold !== undefined && u.alertThreshold >= u.creditLimit) return `alertThreshold (${u.alertThreshold}) must be below creditLimit (${u.creditLimit})`;
  return undefined;
}

const positiveInt = z.number().int().min(1);

/** A budget: `creditLimit` in USD (cost) or tokens, the cost alert at `alertThreshold`, reset each period. */
export const usageLimitSchema = z
  .object({
    type: z.enum(PORTKEY_LIMITS.usageTypes).default('cost'),
    creditLimit: positiveInt,
    alertThreshold: positiveInt.optional(),
    periodicReset: z.enum(PORTKEY_LIMITS.periodicResets).optional(),
  })
  .strict()
  .superRefine((u, ctx) => {
    const problem = usageLimitProblem(u);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [problem.startsWith('alert') ? 'alertThreshold' : 'creditLimit'] });
  });
export type UsageLimit = z.infer<typeof usageLimitSchema>;

export const rateLimitSchema = z
  .object({ type: z.enum(PORTKEY_LIMITS.rateLimitTypes).default('requests'), unit: z.enum(PORTKEY_LIMITS.rateLimitUnits), value: positiveInt })
  .strict();
export type RateLimit = z.infer<typeof rateLimitSchema>;

const itemKey = z.string().regex(PORTKEY_LIMITS.itemKey, `must be a lowercase slug (${PORTKEY_LIMITS.itemKey.source})`);
const metadata = z.record(z.string(), z.string());

/**
 * Members of a workspace: user id or email → workspace role. The user must already be in the organisation
 * (invited and joined); the same user twice (ids and emails ignore case) is an error naming both spellings.
 */
export const membersSchema = z
  .record(
    z.string().refine((u) => userProblem(u) === undefined, userProblem(undefined)),
    z.enum(PORTKEY_LIMITS.workspaceRoles, { error: `must be a workspace role: ${PORTKEY_LIMITS.workspaceRoles.join(', ')}` }),
  )
  .superRefine((members, ctx) => {
    const seen = new Map<string, string>();
    for (const user of Object.keys(members)) {
      const first = seen.get(userRefKey(user));
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [user], message: `member "${user}" is listed twice (also as "${first}"): user ids and emails ignore case` });
      else seen.set(userRefKey(user), user);
    }
  });
export type WorkspaceRole = (typeof PORTKEY_LIMITS.workspaceRoles)[number];

export const workspaceSchema = z
  .object({
    description: z.string().max(500).optional(),
    /** Metadata every request through the workspace carries by default. */
    metadata: metadata.optional(),
    /** The workspace's own budget (all its usage) with its cost alert, and its rate limit. */
    usageLimit: usageLimitSchema.optional(),
    rateLimit: rateLimitSchema.optional(),
    members: membersSchema.optional(),
  })
  .strict();

export const integrationSchema = z
  .object({
    aiProvider: z.enum(PORTKEY_LIMITS.aiProviders),
    description: z.string().max(500).optional(),
    /** Workspaces (keys) given access, each with its budget and rate limit on this integration. */
    workspaces: z.record(itemKey, z.object({ usageLimit: usageLimitSchema.optional(), rateLimit: rateLimitSchema.optional() }).strict()).default({}),
  })
  .strict();

export const providerSchema = z
  .object({
    workspace: itemKey,
    integration: itemKey,
    note: z.string().max(500).optional(),
    usageLimit: usageLimitSchema.optional(),
    rateLimits: z.array(rateLimitSchema).optional(),
  })
  .strict();

export const gatewayConfigSchema = z
  .object({
    workspace: itemKey,
    retry: z.object({ attempts: z.number().int().min(1).max(5), onStatusCodes: z.array(z.number().int().min(400).max(599)).optional() }).strict().optional(),
    strategy: z.enum(PORTKEY_LIMITS.strategies).default('fallback'),
    /** Providers of this spec (keys) the gateway routes to, in order (fallback: first that answers). */
    targets: z.array(itemKey).min(1),
    cache: z.object({ mode: z.enum(PORTKEY_LIMITS.cacheModes), maxAge: positiveInt.optional() }).strict().optional(),
  })
  .strict();

/**
 * A workspace API key for a service calling the gateway. Its plaintext exists only in the create (and rotate)
 * answer: it goes to the stack's secret output `service_keys`, for the secrets sync to carry to ESC and GitHub.
 * `sophia-secrets rotate` rotates it (its generation in `portkey:serviceKeyRotation`, then `up`); `rotation` here
 * is the committed floor (a bump still rotates). The old key keeps working for `transitionMinutes`.
 */
export const serviceKeySchema = z
  .object({
    workspace: itemKey,
    description: z.string().max(500).optional(),
    scopes: z.array(z.string().regex(PORTKEY_LIMITS.scope, 'must be a scope such as completions.write')).min(1),
    rotation: z.number().int().min(0).default(0),
    transitionMinutes: z.number().int().min(PORTKEY_LIMITS.minKeyTransitionMs / 60_000).default(60),
  })
  .strict();

const policyScope = {
  workspace: itemKey,
  /** How usage is counted, e.g. [api_key] (one limit per key) or [metadata._user]. */
  groupBy: z.array(z.string().min(1)).min(1),
  /** What the policy applies to; default: everything in its workspace (`workspace_id` = its id). */
  conditions: z.array(z.object({ key: z.string().min(1), value: z.string() }).strict()).min(1).optional(),
};

/** An organisation-level budget over what its conditions match, counted per `groupBy`, with its cost alert. */
export const usageLimitPolicySchema = z
  .object({
    ...policyScope,
    type: z.enum(PORTKEY_LIMITS.usageTypes).default('cost'),
    creditLimit: z.number().min(0),
    alertThreshold: z.number().min(0).optional(),
    periodicReset: z.enum(PORTKEY_LIMITS.periodicResets).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.alertThreshold !== undefined && p.alertThreshold >= p.creditLimit) {
      ctx.addIssue({ code: 'custom', path: ['alertThreshold'], message: `alertThreshold (${p.alertThreshold}) must be below creditLimit (${p.creditLimit})` });
    }
  });

/** An organisation-level rate limit over what its conditions match, counted per `groupBy`. */
export const rateLimitPolicySchema = z
  .object({ ...policyScope, type: z.enum(PORTKEY_LIMITS.rateLimitTypes).default('requests'), unit: z.enum(PORTKEY_LIMITS.rateLimitUnits), value: positiveInt })
  .strict();

/** The whole gateway of one environment; references between items are checked here, naming the item. */
export const gatewaySchema = z
  .object({
    workspaces: z.record(itemKey, workspaceSchema),
    integrations: z.record(itemKey, integrationSchema).default({}),
    providers: z.record(itemKey, providerSchema).default({}),
    configs: z.record(itemKey, gatewayConfigSchema).default({}),
    serviceKeys: z.record(itemKey, serviceKeySchema).default({}),
    policies: z
      .object({ usageLimits: z.record(itemKey, usageLimitPolicySchema).default({}), rateLimits: z.record(itemKey, rateLimitPolicySchema).default({}) })
      .strict()
      .default({ usageLimits: {}, rateLimits: {} }),
  })
  .strict()
  .superRefine((g, ctx) => {
    const refs = (path: (string | number)[], kind: string, key: string, within: Record<string, unknown>) => {
      if (!Object.hasOwn(within, key)) ctx.addIssue({ code: 'custom', path, message: `unknown ${kind} "${key}" (declared: ${Object.keys(within).join(', ') || 'none'})` });
    };
    for (const [key, p] of Object.entries(g.providers)) {
      refs(['providers', key, 'workspace'], 'workspace', p.workspace, g.workspaces);
      refs(['providers', key, 'integration'], 'integration', p.integration, g.integrations);
    }
    for (const [key, i] of Object.entries(g.integrations)) {
      for (const ws of Object.keys(i.workspaces)) refs(['integrations', key, 'workspaces', ws], 'workspace', ws, g.workspaces);
    }
    for (const [key, k] of Object.entries(g.serviceKeys)) refs(['serviceKeys', key, 'workspace'], 'workspace', k.workspace, g.workspaces);
    for (const kind of ['usageLimits', 'rateLimits'] as const) {
      for (const [key, p] of Object.entries(g.policies[kind])) refs(['policies', kind, key, 'workspace'], 'workspace', p.workspace, g.workspaces);
    }
    for (const [key, c] of Object.entries(g.configs)) {
      refs(['configs', key, 'workspace'], 'workspace', c.workspace, g.workspaces);
      c.targets.forEach((t, i) => {
        refs(['configs', key, 'targets', i], 'provider', t, g.providers);
        const target = g.providers[t];
        if (target && target.workspace !== c.workspace) {
          ctx.addIssue({ code: 'custom', path: ['configs', key, 'targets', i], message: `provider "${t}" is in workspace "${target.workspace}", not "${c.workspace}"` });
        }
      });
    }
  });
export type GatewaySpec = z.infer<typeof gatewaySchema>;

/**
 * Configuration of stacks/portkey: every key once, with its shape, owner and (for secrets) the GitHub secret
 * that carries it. The ESC stack and the secrets sync read this namespace; nothing lists a key twice.
 */
export const portkeyConfig = defineNamespace('portkey', {
  namePrefix: {
    schema: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'must be lowercase letters, digits and -, 2-31 characters').default('sophia-ai'),
    owner: 'esc-stack',
    description: 'Prefix of every name and slug this stack creates (<prefix>-<env>-<key>)',
  },
  apiUrl: {
    schema: z.string().url('must be an http(s) URL').default('https://api.portkey.ai'),
    owner: 'esc-stack',
    description: 'Base URL of the Portkey Admin API without /v1 (the PORTKEY_API_URL environment variable overrides it at call time)',
  },
  apiKey: {
    schema: z.string().min(16, 'must be an API key (at least 16 characters)'),
    secret: true,
    kind: 'key',
    owner: 'secrets-sync',
    githubSecret: 'PORTKEY_API_KEY',
    description: 'Portkey organisation Admin API key',
    rotation: { maxAgeDays: 90, rotatedBy: 'issuer', issuer: 'a Portkey organisation admin: Admin settings → API keys (new key in ESC, the sync publishes it)' },
  },
  gateway: {
    schema: gatewaySchema,
    kind: 'none',
    owner: 'esc-stack',
    description: 'Workspaces (with members), integrations, providers with budgets and rate limits, gateway configs, service API keys, org-level policies',
  },
  integrationKeys: {
    schema: z.record(itemKey, z.string().min(8, 'must be an AI provider API key')),
    secret: true,
    optional: true,
    kind: 'none',
    owner: 'secrets-sync',
    githubSecret: 'PORTKEY_INTEGRATION_KEYS',
    description: 'AI provider API keys by integration key (JSON object), e.g. {"openai": "sk-..."}',
    rotation: { maxAgeDays: 180, rotatedBy: 'issuer', issuer: 'each AI provider (OpenAI, Anthropic, …): its console issues the key set in PORTKEY_INTEGRATION_KEYS' },
  },
  serviceKeyRotation: {
    schema: rotationRecordsSchema,
    optional: true,
    owner: 'rotation',
    kind: 'none',
    description: 'Rotation generation per service key (gateway.serviceKeys key), written by `sophia-secrets rotate`; absent = the committed serviceKeys.<key>.rotation',
  },
});
