import type { PolicyRule } from '@sophia-ai/policy';
import { resourcesOfType } from '@sophia-ai/policy';

/**
 * Rules over a synth plan (inputs already redacted). They read the dynamic resources, not the spec, so they also
 * catch what a future component or a hand-written resource would produce.
 */
export const T = {
  workspace: 'pulumi-nodejs:dynamic/portkey:Workspace',
  provider: 'pulumi-nodejs:dynamic/portkey:Provider',
  config: 'pulumi-nodejs:dynamic/portkey:Config',
} as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const label = (r: { name: string; inputs: Record<string, unknown> }) => (typeof r.inputs.slug === 'string' ? r.inputs.slug : typeof r.inputs.name === 'string' ? r.inputs.name : r.name);

export const productionBudgets: PolicyRule = {
  id: 'portkey-production-provider-budgets',
  description: 'In production every provider has a usage limit with an alert threshold below it (the cost alert)',
  severity: 'error',
  check(plan) {
    if (plan.env !== 'production') return [];
    return resourcesOfType(plan, T.provider).flatMap((p) => {
      const u = p.inputs.usageLimit;
      if (!isObject(u) || typeof u.creditLimit !== 'number') return [{ urn: p.urn, message: `provider ${label(p)} has no usage limit (set usageLimit.creditLimit)` }];
      if (typeof u.alertThreshold !== 'number') return [{ urn: p.urn, message: `provider ${label(p)} has a usage limit without an alert threshold (set usageLimit.alertThreshold)` }];
      if (u.alertThreshold >= u.creditLimit) return [{ urn: p.urn, message: `provider ${label(p)} alerts at ${u.alertThreshold}, not below its limit ${u.creditLimit}` }];
      return [];
    });
  },
};

export const providersInWorkspaces: PolicyRule = {
  id: 'portkey-provider-in-workspace',
  description: 'Every provider lives in a workspace this stack declares (its workspaceId comes from one)',
  severity: 'error',
  check(plan) {
    const workspaces = new Set(resourcesOfType(plan, T.workspace).map((w) => w.urn));
    return resourcesOfType(plan, T.provider)
      .filter((p) => !p.dependencies.some((d) => workspaces.has(d)))
      .map((p) => ({ urn: p.urn, message: `provider ${label(p)} is in no workspace of this stack (workspaceId must come from a PortkeyWorkspace)` }));
  },
};

export const productionConfigRetries: PolicyRule = {
  id: 'portkey-production-config-retries',
  description: 'In production every gateway config retries (retry.attempts ≥ 1)',
  severity: 'error',
  check(plan) {
    if (plan.env !== 'production') return [];
    return resourcesOfType(plan, T.config)
      .filter((c) => {
        const retry = isObject(c.inputs.config) ? c.inputs.config.retry : undefined;
        return !(isObject(retry) && typeof retry.attempts === 'number' && retry.attempts >= 1);
      })
      .map((c) => ({ urn: c.urn, message: `gateway config ${label(c)} has no retries (set retry.attempts)` }));
  },
};

export const portkeyRules: PolicyRule[] = [productionBudgets, providersInWorkspaces, productionConfigRetries];
