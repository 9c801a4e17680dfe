/** SSH firewall policy: pure, tested without Pulumi. */
import { formatIpv4Network, LAMBDA_LIMITS, parseIpv4Network, sourceNetworkProblem } from '@sophia-ai/lambda-labs-config';
import { ExpectedError } from '@sophia-ai/policy';

export interface FirewallRule {
  protocol: 'tcp' | 'udp' | 'icmp' | 'all';
  port_range?: [number, number];
  source_network: string;
  description: string;
}

export interface SshFirewallOptions {
  /** Source networks allowed on port 22 (`1.2.3.4` means `/32`). */
  allowedSshCidrs: readonly string[];
  /** Explicit opt-in for SSH from anywhere (0.0.0.0/0). */
  allowOpenSsh: boolean;
  /** Stack environment (`local`, `dev`, `staging`, `production`). */
  env: string;
  /** Region: firewall rules do not apply in us-south-1 (production refuses it, elsewhere a warning). */
  region?: string;
}

export class FirewallPolicyError extends ExpectedError {}

/** Normalises a public IPv4 address/CIDR to `a.b.c.d/n` with the host bits cleared; throws on anything else. */
export function normalizeCidr(value: string): string {
  const problem = sourceNetworkProblem(value);
  const net = parseIpv4Network(value);
  if (problem || !net) throw new FirewallPolicyError(`lambda-labs:allowedSshCidrs: "${value}" ${problem}`);
  return formatIpv4Network(net);
}

export const OPEN = '0.0.0.0/0';

/**
 * The inbound rules of the instances' ruleset: TCP 22 from each allowed network, nothing else. Production
 * refuses 0.0.0.0/0 on port 22 unless `allowOpenSsh` is set; an empty allow-list is refused (it would lock
 * everyone out) unless `allowOpenSsh` opens it.
 */
export function buildSshFirewallRules(opts: SshFirewallOptions): { rules: FirewallRule[]; warnings: string[] } {
  const warnings: string[] = [];
  const cidrs = [...new Set(opts.allowedSshCidrs.map(normalizeCidr))];
  if (opts.allowOpenSsh && !cidrs.includes(OPEN)) cidrs.push(OPEN);
  if (cidrs.includes(OPEN) && opts.env === 'production' && !opts.allowOpenSsh) {
    throw new FirewallPolicyError(
      'Production refuses SSH (port 22) from 0.0.0.0/0. Restrict lambda-labs:allowedSshCidrs to your networks, ' +
        'or set lambda-labs:allowOpenSsh to true to accept the risk explicitly.',
    );
  }
  if (cidrs.length === 0) {
    throw new FirewallPolicyError(
      'No SSH source network configured: set lambda-labs:allowedSshCidrs (e.g. ["203.0.113.7/32"]) or lambda-labs:allowOpenSsh.',
    );
  }
  if (cidrs.includes(OPEN)) warnings.push('SSH is open to the whole internet (0.0.0.0/0).');
  if (opts.region && LAMBDA_LIMITS.regionsWithoutFirewall.includes(opts.region)) {
    // The ruleset would be accepted and silently not enforced: every port of the instances is reachable.
    const message = `Lambda firewall rules do not apply in ${opts.region}: the instances' ports are not filtered there.`;
    if (opts.env === 'production') {
      throw new FirewallPolicyError(`${message} Production refuses it: choose another lambda-labs:region.`);
    }
    warnings.push(message);
  }
  return {
    rules: cidrs.map((source_network) => ({ protocol: 'tcp', port_range: [22, 22], source_network, description: `SSH from ${source_network}` })),
    warnings,
  };
}
