import type * as pulumi from '@pulumi/pulumi';
import { DynamicResource } from '@sophia-ai/dynamic-provider';
import type { FirewallRule } from '../logic/firewall';
import { lambdaKind, type LambdaCredentials } from './kind';

export const firewallKind = lambdaKind('firewall', 'FirewallRuleset', ['rulesetId']);

export interface FirewallRulesetArgs extends LambdaCredentials {
  /** Ruleset name (at most 64 characters). */
  name: pulumi.Input<string>;
  /** Region the ruleset (and its instances) live in; changing it replaces the ruleset. */
  region: pulumi.Input<string>;
  /** Inbound rules (see logic/firewall.ts buildSshFirewallRules). */
  rules: pulumi.Input<FirewallRule[]>;
}

/** A firewall ruleset; name and rules update in place. */
export class LambdaFirewallRuleset extends DynamicResource {
  declare readonly rulesetId: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;
  declare readonly rules: pulumi.Output<FirewallRule[]>;
  constructor(name: string, args: FirewallRulesetArgs, opts?: pulumi.CustomResourceOptions) {
    super(firewallKind, name, args, opts);
  }
}
