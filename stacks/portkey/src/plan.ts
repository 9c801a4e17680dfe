import { effectiveGeneration, type PlainValues } from '@sophia-ai/config';
import { userRefKey, type portkeyConfig, type RateLimit, type UsageLimit, type WorkspaceRole } from '@sophia-ai/portkey-config';

type Gateway = PlainValues<typeof portkeyConfig>['gateway'];

/** A workspace (the original plan's "project"). Its slug is server-made: it is found again by its exact name. */
export interface PlannedWorkspace {
  key: string;
  name: string;
  description?: string;
  metadata?: Record<string, string>;
  usageLimit?: UsageLimit;
  rateLimit?: RateLimit;
}

/** A user's membership of a workspace, with its role. */
export interface PlannedMember {
  /** `<workspace>-<user>` with `@` as `-at-`: the resource's name part (stable under a change of case). */
  key: string;
  workspace: string;
  /** The user's id or email as the spec gives it (the provider looks an email's id up). */
  user: string;
  role: WorkspaceRole;
}

/** An org-level integration: one AI provider account, its key from `portkey:integrationKeys.<key>`. */
export interface PlannedIntegration {
  key: string;
  slug: string;
  name: string;
  aiProvider: string;
  description?: string;
}

/** A workspace's access to an integration, with that workspace's budget on it. */
export interface PlannedAccess {
  integration: string;
  workspace: string;
  usageLimit?: UsageLimit;
  rateLimit?: RateLimit;
}

/** A provider (successor of the virtual key): an integration made usable in one workspace, with its budget. */
export interface PlannedProvider {
  key: string;
  slug: string;
  name: string;
  workspace: string;
  integration: string;
  note?: string;
  usageLimit?: UsageLimit;
  rateLimits?: RateLimit[];
}

/** A gateway config (retries, fallbacks, caching) in one workspace, as the gateway reads it. */
export interface PlannedConfig {
  key: string;
  name: string;
  workspace: string;
  /** Keys of the providers it routes to, in order. */
  targets: string[];
  config: Record<string, unknown>;
}

/** A workspace API key for a service that calls the gateway (its plaintext becomes a secret output). */
export interface PlannedServiceKey {
  key: string;
  name: string;
  workspace: string;
  description?: string;
  scopes: string[];
  rotation: number;
  transitionMs: number;
}

/** An organisation-level usage-limit or rate-limit policy, scoped to a workspace of the spec. */
export type PlannedPolicy<K extends 'usageLimits' | 'rateLimits'> = Gateway['policies'][K][string] & { key: string; name: string };

/** Everything the stack will create, decided before any resource exists (pure: test it as a table). */
export interface PortkeyPlan {
  workspaces: PlannedWorkspace[];
  members: PlannedMember[];
  integrations: PlannedIntegration[];
  access: PlannedAccess[];
  providers: PlannedProvider[];
  configs: PlannedConfig[];
  serviceKeys: PlannedServiceKey[];
  usageLimitPolicies: Array<PlannedPolicy<'usageLimits'>>;
  rateLimitPolicies: Array<PlannedPolicy<'rateLimits'>>;
}

type Settings = Pick<PlainValues<typeof portkeyConfig>, 'namePrefix' | 'gateway'> & Partial<Pick<PlainValues<typeof portkeyConfig>, 'serviceKeyRotation'>>;

const defined = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * The gateway config the Portkey gateway reads: targets name providers by slug (`@<slug>`, the providers model;
 * virtual keys were `virtual_key: <slug>`), retries and cache in the gateway's snake_case.
 */
function gatewayConfig(c: Settings['gateway']['configs'][string], slugOf: (key: string) => string): Record<string, unknown> {
  return defined({
    strategy: { mode: c.strategy },
    targets: c.targets.map((t) => ({ provider: `@${slugOf(t)}` })),
    retry: c.retry && defined({ attempts: c.retry.attempts, on_status_codes: c.retry.onStatusCodes }),
    cache: c.cache && defined({ mode: c.cache.mode, max_age: c.cache.maxAge }),
  });
}

/**
 * Config → the complete plan. Every name and caller-chosen slug is `<prefix>-<env>-<key>`, so environments
 * sharing one Portkey organisation never collide, and a retried create finds its own object again.
 */
export function planPortkey(config: Settings, env: string): PortkeyPlan {
  const { gateway } = config;
  const nameOf = (key: string) => `${config.namePrefix}-${env}-${key}`;
  return {
    workspaces: Object.entries(gateway.workspaces).map(([key, w]) => defined({ key, name: nameOf(key), description: w.description, metadata: w.metadata, usageLimit: w.usageLimit, rateLimit: w.rateLimit })),
    // Lowercased: the one spelling a user has, so a change of case in the spec is no change at the API.
    members: Object.entries(gateway.workspaces).flatMap(([workspace, w]) =>
      Object.entries(w.members ?? {}).map(([given, role]) => {
        const user = userRefKey(given);
        return { key: `${workspace}-${user.replace(/@/g, '-at-').replace(/[^a-z0-9._-]/g, '_')}`, workspace, user, role };
      }),
    ),
    integrations: Object.entries(gateway.integrations).map(([key, i]) => defined({ key, slug: nameOf(key), name: nameOf(key), aiProvider: i.aiProvider, description: i.description })),
    access: Object.entries(gateway.integrations).flatMap(([integration, i]) =>
      Object.entries(i.workspaces).map(([workspace, a]) => defined({ integration, workspace, usageLimit: a.usageLimit, rateLimit: a.rateLimit })),
    ),
    providers: Object.entries(gateway.providers).map(([key, p]) =>
      defined({ key, slug: nameOf(key), name: nameOf(key), workspace: p.workspace, integration: p.integration, note: p.note, usageLimit: p.usageLimit, rateLimits: p.rateLimits }),
    ),
    configs: Object.entries(gateway.configs).map(([key, c]) => ({ key, name: nameOf(key), workspace: c.workspace, targets: c.targets, config: gatewayConfig(c, nameOf) })),
    serviceKeys: Object.entries(gateway.serviceKeys).map(([key, k]) =>
      // The ESC record (`sophia-secrets rotate`) over the committed counter; Portkey's transition window retires the old key.
      defined({ key, name: nameOf(key), workspace: k.workspace, description: k.description, scopes: k.scopes, rotation: effectiveGeneration(k.rotation, config.serviceKeyRotation?.[key]).generation, transitionMs: k.transitionMinutes * 60_000 }),
    ),
    usageLimitPolicies: Object.entries(gateway.policies.usageLimits).map(([key, p]) => ({ ...p, key, name: nameOf(key) })),
    rateLimitPolicies: Object.entries(gateway.policies.rateLimits).map(([key, p]) => ({ ...p, key, name: nameOf(key) })),
  };
}
