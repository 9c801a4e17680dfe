import * as pulumi from '@pulumi/pulumi';
import { SophiaComponent } from '@sophia-ai/component';
import type { ContractInputs } from '@sophia-ai/stack-refs';
import type { portkeyStack } from '@sophia-ai/portkey-contract';
import { PortkeyConfig, PortkeyIntegration, PortkeyIntegrationAccess, PortkeyProvider, PortkeyRateLimitPolicy, PortkeyServiceKey, PortkeyUsageLimitPolicy, PortkeyWorkspace, PortkeyWorkspaceMember } from '../providers/resources';
import type { PortkeyPlan } from '../plan';

export interface PortkeyPlatformArgs {
  /** The complete plan (src/plan.ts): what to create, decided before any resource. */
  plan: PortkeyPlan;
  /** Organisation Admin API key (secret; from `portkey:apiKey`). */
  apiKey: pulumi.Input<string>;
  /** Base URL of the Admin API (from `portkey:apiUrl`; `PORTKEY_API_URL` overrides it at call time). */
  apiUrl: pulumi.Input<string>;
  /** AI provider keys by integration key (secret; from `portkey:integrationKeys`). */
  integrationKeys?: pulumi.Input<Record<string, string>>;
}

/**
 * The Portkey gateway of one environment, as one component (`sophia:portkey:Platform`): workspaces and their
 * members, the integrations (AI provider accounts), providers in workspaces with their budgets, gateway configs and the
 * services' workspace API keys, and organisation-level usage-limit and rate-limit policies. Children
 * are named `<name>-<kind>-<key>` and parented here.
 */
export class PortkeyPlatform extends SophiaComponent {
  readonly workspaces: Record<string, PortkeyWorkspace> = {};
  /** Workspace memberships, by `<workspace key>-<user>` (PlannedMember.key). */
  readonly members: Record<string, PortkeyWorkspaceMember> = {};
  readonly integrations: Record<string, PortkeyIntegration> = {};
  /** Workspace access to integrations, by `<integration key>/<workspace key>`. */
  readonly access: Record<string, PortkeyIntegrationAccess> = {};
  readonly providers: Record<string, PortkeyProvider> = {};
  readonly configs: Record<string, PortkeyConfig> = {};
  readonly serviceKeys: Record<string, PortkeyServiceKey> = {};
  readonly usageLimitPolicies: Record<string, PortkeyUsageLimitPolicy> = {};
  readonly rateLimitPolicies: Record<string, PortkeyRateLimitPolicy> = {};
  /** The contract's outputs, ready for `declareOutputs`. */
  readonly outputs: ContractInputs<typeof portkeyStack>;

  constructor(name: string, args: PortkeyPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('portkey', 'Platform', name, opts);
    const { plan } = args;
    const conn = { apiKey: args.apiKey, apiUrl: args.apiUrl };
    // An integration without its key gets '' and fails the provider's check at preview, naming where the key belongs.
    const keys = pulumi.secret(pulumi.output(args.integrationKeys ?? {}));

    for (const w of plan.workspaces) {
      this.workspaces[w.key] = new PortkeyWorkspace(this.childName('workspace', w.key), { ...conn, name: w.name, description: w.description, metadata: w.metadata, usageLimit: w.usageLimit, rateLimit: w.rateLimit }, this.childOptions());
    }
    for (const m of plan.members) {
      this.members[m.key] = new PortkeyWorkspaceMember(this.childName('member', m.key), { ...conn, workspaceId: this.workspaces[m.workspace]!.workspaceId, user: m.user, role: m.role }, this.childOptions());
    }
    for (const i of plan.integrations) {
      this.integrations[i.key] = new PortkeyIntegration(
        this.childName('integration', i.key),
        { ...conn, slug: i.slug, name: i.name, aiProvider: i.aiProvider, description: i.description, key: keys.apply((k) => k[i.key] ?? '') },
        this.childOptions(),
      );
    }
    for (const a of plan.access) {
      this.access[`${a.integration}/${a.workspace}`] = new PortkeyIntegrationAccess(
        this.childName('access', a.integration, a.workspace),
        { ...conn, integration: this.integrations[a.integration]!.slug, workspaceId: this.workspaces[a.workspace]!.workspaceId, usageLimit: a.usageLimit, rateLimit: a.rateLimit },
        this.childOptions(),
      );
    }
    for (const p of plan.providers) {
      this.providers[p.key] = new PortkeyProvider(
        this.childName('provider', p.key),
        {
          ...conn, slug: p.slug, name: p.name, note: p.note, usageLimit: p.usageLimit, rateLimits: p.rateLimits,
          workspaceId: this.workspaces[p.workspace]!.workspaceId, integration: this.integrations[p.integration]!.slug,
        },
        // It uses its integration in its workspace: made after that access (when declared), removed before it.
        this.childOptions({ dependsOn: [this.access[`${p.integration}/${p.workspace}`]].filter((a) => a !== undefined) }),
      );
    }
    for (const c of plan.configs) {
      // Routed to providers by slug: the config depends on them, so they exist before the gateway can route to them.
      const targets = c.targets.map((key) => this.providers[key]!);
      this.configs[c.key] = new PortkeyConfig(
        this.childName('config', c.key),
        { ...conn, name: c.name, workspaceId: this.workspaces[c.workspace]!.workspaceId, config: c.config },
        this.childOptions({ dependsOn: targets }),
      );
    }
    for (const k of plan.serviceKeys) {
      this.serviceKeys[k.key] = new PortkeyServiceKey(
        this.childName('service-key', k.key),
        { ...conn, name: k.name, workspaceId: this.workspaces[k.workspace]!.workspaceId, description: k.description, scopes: k.scopes, rotation: k.rotation, transitionMs: k.transitionMs },
        this.childOptions(),
      );
    }
    // Policies apply to everything in their workspace unless the spec names other conditions.
    const scopeOf = (p: { workspace: string; conditions?: Array<{ key: string; value: string }>; groupBy: string[] }) => {
      const workspaceId = this.workspaces[p.workspace]!.workspaceId;
      return { workspaceId, groupBy: p.groupBy, conditions: p.conditions ?? workspaceId.apply((id) => [{ key: 'workspace_id', value: id }]) };
    };
    for (const p of plan.usageLimitPolicies) {
      this.usageLimitPolicies[p.key] = new PortkeyUsageLimitPolicy(
        this.childName('usage-limit-policy', p.key),
        { ...conn, ...scopeOf(p), name: p.name, type: p.type, creditLimit: p.creditLimit, alertThreshold: p.alertThreshold, periodicReset: p.periodicReset },
        this.childOptions(),
      );
    }
    for (const p of plan.rateLimitPolicies) {
      this.rateLimitPolicies[p.key] = new PortkeyRateLimitPolicy(
        this.childName('rate-limit-policy', p.key),
        { ...conn, ...scopeOf(p), name: p.name, type: p.type, unit: p.unit, value: p.value },
        this.childOptions(),
      );
    }

    const byKey = <T, V>(items: Record<string, T>, value: (item: T) => pulumi.Input<V>) =>
      pulumi.all(Object.fromEntries(Object.entries(items).map(([k, item]) => [k, value(item)]))) as pulumi.Output<Record<string, V>>;
    this.outputs = {
      workspaces: byKey<PortkeyWorkspace, { id: string; slug: string; name: string }>(this.workspaces, (w) => pulumi.all([w.workspaceId, w.slug, w.name]).apply(([id, slug, name]) => ({ id, slug, name }))),
      providers: byKey(this.providers, (p) => p.slug),
      gateway_configs: byKey(this.configs, (c) => c.slug),
      // The plaintext keys: secret here, in state and in the stack's outputs; never logged.
      service_keys: pulumi.secret(byKey(this.serviceKeys, (k) => k.key)),
    };
    this.registerOutputs(this.outputs);
  }
}
