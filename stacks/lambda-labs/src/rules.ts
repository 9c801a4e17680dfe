import { type PolicyRule, resourcesOfType } from '@sophia-ai/policy';
import { LAMBDA_LIMITS } from '@sophia-ai/lambda-labs-config';
import { OPEN } from './logic/firewall';

/**
 * Network-exposure rules over a synth plan (inputs already redacted). The config validation (./logic/firewall.ts)
 * refuses a bad allow-list before any resource exists; these rules read what the program actually registered, so
 * they also hold for a hand-written resource, and the same code runs on the real engine in the policy pack
 * (tools/policy-pack).
 */
export const T = {
  firewall: 'pulumi-nodejs:dynamic/lambda:FirewallRuleset',
  instance: 'pulumi-nodejs:dynamic/lambda:Instance',
} as const;

interface InboundRule {
  protocol?: unknown;
  port_range?: unknown;
  source_network?: unknown;
}

const inbound = (inputs: Record<string, unknown>): InboundRule[] => (Array.isArray(inputs.rules) ? (inputs.rules as InboundRule[]) : []);
const isSsh = (r: InboundRule) => r.protocol === 'tcp' && Array.isArray(r.port_range) && r.port_range[0] === 22 && r.port_range[1] === 22;
const ports = (r: InboundRule) => (Array.isArray(r.port_range) ? `ports ${r.port_range.join('-')}` : 'every port');

export const sshOnly: PolicyRule = {
  id: 'lambda-firewall-ssh-only',
  description: 'The instances accept nothing but SSH (TCP 22): every inbound rule of the ruleset is TCP 22',
  severity: 'error',
  check(plan) {
    return resourcesOfType(plan, T.firewall).flatMap((fw) =>
      inbound(fw.inputs)
        .filter((r) => !isSsh(r))
        .map((r) => ({ urn: fw.urn, message: `ruleset ${fw.name} opens ${String(r.protocol)} ${ports(r)} to ${String(r.source_network)} (only TCP 22 is allowed)` })),
    );
  },
};

export const openSsh: PolicyRule = {
  id: 'lambda-open-ssh',
  description: 'SSH from the whole internet (0.0.0.0/0) is reported (production needs lambda-labs:allowOpenSsh to get there)',
  severity: 'warning',
  check(plan) {
    return resourcesOfType(plan, T.firewall)
      .filter((fw) => inbound(fw.inputs).some((r) => isSsh(r) && r.source_network === OPEN))
      .map((fw) => ({ urn: fw.urn, message: `ruleset ${fw.name} allows SSH from ${OPEN}` }));
  },
};

export const instancesFirewalled: PolicyRule = {
  id: 'lambda-instance-firewalled',
  description: 'Every instance is behind a firewall ruleset, and production instances sit in a region that enforces it',
  severity: 'error',
  check(plan) {
    return resourcesOfType(plan, T.instance).flatMap((i) => {
      const ids = i.inputs.firewallRulesetIds;
      if (!Array.isArray(ids) || ids.length === 0) return [{ urn: i.urn, message: `instance ${i.name} has no firewall ruleset (firewallRulesetIds is empty)` }];
      if (plan.env === 'production' && typeof i.inputs.region === 'string' && LAMBDA_LIMITS.regionsWithoutFirewall.includes(i.inputs.region)) {
        return [{ urn: i.urn, message: `instance ${i.name} is in ${i.inputs.region}, where Lambda does not enforce firewall rules (choose another lambda-labs:region)` }];
      }
      return [];
    });
  },
};

export const lambdaRules: PolicyRule[] = [sshOnly, openSsh, instancesFirewalled];
