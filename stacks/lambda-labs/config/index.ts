import { z } from 'zod';
import { defineNamespace } from '@sophia-ai/config';
import { sshPublicKeysSchema } from '@sophia-ai/ssh-injection';

/**
 * Lambda Cloud API constraints (spec v1.8.3), the one source for this config schema, the stack's providers
 * (`check()` rejects at preview what the API would reject) and the sandbox emulator. The sandbox's spec test
 * compares them with the vendored OpenAPI description.
 */
/** Lambda Cloud regions (`PublicRegionCode`). */
export const LAMBDA_REGIONS = [
  'europe-central-1', 'asia-south-1', 'australia-east-1', 'me-west-1', 'asia-northeast-1', 'asia-northeast-2',
  'us-east-1', 'us-west-2', 'us-west-1', 'us-south-1', 'us-west-3', 'us-midwest-1', 'us-east-2', 'us-south-2',
  'us-south-3', 'us-east-3', 'us-midwest-2',
] as const;
export type LambdaRegion = (typeof LAMBDA_REGIONS)[number];

export const LAMBDA_LIMITS = {
  /** Instance names (launch, rename), SSH key names, firewall ruleset names. */
  nameMax: 64,
  publicKeyMax: 4096,
  /** Instance hostname (launch): the pattern, whose 63 characters hostnameMax states for code that shortens. */
  hostname: /^[a-z0-9][0-9a-z-]{0,62}$/,
  hostnameMax: 63,
  filesystemName: /^[a-zA-Z]+[0-9a-zA-Z-]*$/,
  filesystemNameMax: 60,
  tagKey: /^[a-z][a-z0-9-:]+$/,
  tagKeyMax: 55,
  tagValueMax: 128,
  ruleDescriptionMax: 128,
  protocols: ['tcp', 'udp', 'icmp', 'all'] as const,
  portMin: 1,
  portMax: 65535,
  mountPoint: /^(\/home|\/lambda\/nfs|\/data)[//a-zA-Z0-9-]*$/,
  mountPointMax: 256,
  /** cloud-init user data (spec prose: "up to 1 MB"). */
  userDataMaxBytes: 1024 * 1024,
  /** Regions where firewall rules do not apply (spec prose on FirewallRuleset). */
  regionsWithoutFirewall: ['us-south-1'] as readonly string[],
} as const;

/**
 * Why `name` is not a filesystem name the API accepts (pattern and length), or undefined when it is. The one check
 * behind the config schema, the stack's naming and the provider's check().
 */
export function filesystemNameProblem(name: unknown): string | undefined {
  const { filesystemName: pattern, filesystemNameMax: max } = LAMBDA_LIMITS;
  if (typeof name === 'string' && pattern.test(name) && name.length <= max) return undefined;
  return `must match ${pattern.source} and have at most ${max} characters`;
}

export const isLambdaRegion = (v: unknown): v is LambdaRegion => typeof v === 'string' && (LAMBDA_REGIONS as readonly string[]).includes(v);

const IPV4_NETWORK = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/** Blocks that are not public IPv4 (RFC 6890 special-purpose, minus the documentation ranges the samples use). */
const NON_PUBLIC: Array<[string, number]> = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
];
const toInt = (ip: string) => ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
const maskOf = (bits: number) => (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0);

/** `a.b.c.d[/n]` → address and prefix length (no mask means /32), or undefined when not IPv4 notation. */
export function parseIpv4Network(value: string): { address: number; bits: number } | undefined {
  const m = value.trim().match(IPV4_NETWORK);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || (m[5] !== undefined && Number(m[5]) > 32)) return undefined;
  return { address: toInt(m.slice(1, 5).join('.')), bits: m[5] === undefined ? 32 : Number(m[5]) };
}

/** `a.b.c.d/n` of a parsed network with the host bits cleared (`10.1.2.3/8` → `10.0.0.0/8`). */
export function formatIpv4Network(net: { address: number; bits: number }): string {
  const first = (net.address & maskOf(net.bits)) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (first >>> s) & 255).join('.')}/${net.bits}`;
}

/**
 * Why `value` is not an acceptable firewall source network, or undefined when it is: the API takes a public
 * IPv4 address or CIDR, or 0.0.0.0/0 for "anywhere". A network touching a private, loopback, link-local,
 * shared, multicast or reserved block is refused.
 */
export function sourceNetworkProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be an IPv4 address or CIDR';
  const net = parseIpv4Network(value);
  if (!net) return 'must be an IPv4 address or CIDR (e.g. 203.0.113.0/24)';
  if (net.bits === 0) return undefined; // 0.0.0.0/0: anywhere
  const first = (net.address & maskOf(net.bits)) >>> 0;
  const last = (first | ~maskOf(net.bits)) >>> 0;
  for (const [block, bits] of NON_PUBLIC) {
    const start = toInt(block);
    const end = (start | ~maskOf(bits)) >>> 0;
    if (first <= end && last >= start) return `must be a public IPv4 network (it overlaps ${block}/${bits})`;
  }
  return undefined;
}

/** Problems of one firewall rule as the API would report them (`at` prefixes each, e.g. `rules[0]`). */
export function firewallRuleProblems(raw: unknown, at: string): string[] {
  const r = raw as Record<string, unknown> | null;
  if (!r || typeof r !== 'object' || Array.isArray(r)) return [`${at} must be an object`];
  const p: string[] = [];
  if (!(LAMBDA_LIMITS.protocols as readonly unknown[]).includes(r.protocol)) p.push(`${at}.protocol must be one of ${LAMBDA_LIMITS.protocols.join(', ')}`);
  const pr = r.port_range;
  if (r.protocol === 'icmp') {
    if (pr !== undefined) p.push(`${at}.port_range is not allowed for icmp`);
  } else if (
    !Array.isArray(pr) || pr.length !== 2 ||
    pr.some((x) => !Number.isInteger(x) || x < LAMBDA_LIMITS.portMin || x > LAMBDA_LIMITS.portMax) || pr[0] > pr[1]
  ) {
    p.push(`${at}.port_range must be [min, max] with ${LAMBDA_LIMITS.portMin} <= min <= max <= ${LAMBDA_LIMITS.portMax}`);
  }
  const net = sourceNetworkProblem(r.source_network);
  if (net) p.push(`${at}.source_network ${net}`);
  if (typeof r.description !== 'string') p.push(`${at}.description is required`);
  else if (r.description.length > LAMBDA_LIMITS.ruleDescriptionMax) p.push(`${at}.description must have at most ${LAMBDA_LIMITS.ruleDescriptionMax} characters`);
  return p;
}

/** IPv4 address or CIDR (`1.2.3.4` means `/32`) of a public network, or 0.0.0.0/0. */
const ipv4Cidr = z.string().superRefine((v, ctx) => {
  const problem = sourceNetworkProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

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
    rotation: { maxAgeDays: 90, rotatedBy: 'issuer', issuer: 'a Lambda Cloud account admin: dashboard → API keys (new key in LAMBDA_API_KEY, then delete the old)' },
  },
  sshPublicKeys: {
    schema: sshPublicKeysSchema,
    owner: 'ssh-keys',
    kind: 'none',
    description: 'Base64-encoded OpenSSH public keys, newest first (the previous key stays during a rotation window)',
    // Generated by the platform's own CLI; its private key never leaves the operator's machine, so CI cannot run it.
    rotation: { maxAgeDays: 90, rotatedBy: 'platform', command: 'node tools/ssh-keys/bin/sophia-ssh-keys.js rotate --env <env>', runsOn: 'operator' },
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
    schema: z
      .string()
      .superRefine((name, ctx) => {
        const problem = filesystemNameProblem(name);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
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
    schema: z.record(z.string().regex(LAMBDA_LIMITS.tagKey).max(LAMBDA_LIMITS.tagKeyMax), z.string().max(LAMBDA_LIMITS.tagValueMax)).default({}),
    owner: 'esc-stack',
    kind: 'none',
    description: 'Extra instance tags (key pattern ^[a-z][a-z0-9-:]+$, value at most 128 characters)',
  },
  syncSshKeys: {
    schema: z.boolean().default(false),
    owner: 'esc-stack',
    kind: 'none',
    description: 'Install changed sshPublicKeys on running instances over SSH from the machine running pulumi (~/.ssh/pulumi_lambda_key or its .previous), instead of only in cloud-init for new instances (needs network)',
  },
  verifySsh: {
    schema: z.boolean().default(false),
    owner: 'esc-stack',
    kind: 'none',
    description: 'After launch, ssh in with ~/.ssh/pulumi_lambda_key and wait for `cloud-init status --wait` (needs network)',
  },
});
