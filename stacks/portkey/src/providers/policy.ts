import type * as pulumi from '@pulumi/pulumi';
import { DynamicResource } from '@sophia-ai/dynamic-provider';
import { portkeyKind, type PortkeyConnection } from './kind';

export const usageLimitPolicyKind = portkeyKind('usageLimitPolicy', 'UsageLimitPolicy', ['policyId']);
export const rateLimitPolicyKind = portkeyKind('rateLimitPolicy', 'RateLimitPolicy', ['policyId']);

interface PolicyArgs extends PortkeyConnection {
  /** Exact name within the workspace: an active policy of that name is adopted. */
  name: pulumi.Input<string>;
  workspaceId: pulumi.Input<string>;
  /** What the policy applies to, e.g. `[{key: 'workspace_id', value: <id>}]`. A change replaces it. */
  conditions: pulumi.Input<Array<{ key: pulumi.Input<string>; value: pulumi.Input<string> }>>;
  /** How usage is counted, e.g. `['api_key']` (one budget per key). A change replaces it. */
  groupBy: pulumi.Input<string[]>;
}

export interface UsageLimitPolicyArgs extends PolicyArgs {
  type: pulumi.Input<'cost' | 'tokens'>;
  creditLimit: pulumi.Input<number>;
  /** The cost alert, below the limit. */
  alertThreshold?: pulumi.Input<number>;
  periodicReset?: pulumi.Input<'monthly' | 'weekly'>;
}

export interface RateLimitPolicyArgs extends PolicyArgs {
  type: pulumi.Input<'requests' | 'tokens'>;
  unit: pulumi.Input<'rpm' | 'rph' | 'rpd'>;
  value: pulumi.Input<number>;
}

/** An organisation-level usage-limit policy (budget with its alert). */
export class PortkeyUsageLimitPolicy extends DynamicResource {
  declare readonly policyId: pulumi.Output<string>;
  constructor(name: string, args: UsageLimitPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(usageLimitPolicyKind, name, args, opts);
  }
}

/** An organisation-level rate-limit policy. */
export class PortkeyRateLimitPolicy extends DynamicResource {
  declare readonly policyId: pulumi.Output<string>;
  constructor(name: string, args: RateLimitPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(rateLimitPolicyKind, name, args, opts);
  }
}
