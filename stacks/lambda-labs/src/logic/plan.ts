import { buildCloudInit, decodePublicKeyBase64 } from '@sophia-ai/ssh-injection';
import { buildSshFirewallRules, type FirewallRule } from './firewall';
import { filesystemName, hostnameFor, instanceName, rulesetName, sshKeyName } from './naming';

/** Plain (already unwrapped) settings the plan is computed from; the API key is not needed here. */
export interface PlatformSettings {
  /** The stack's environment: production refuses SSH from 0.0.0.0/0 unless allowOpenSsh; names carry it. */
  env: string;
  /** Lambda Cloud region of every resource (firewall, filesystem, instances). */
  region: string;
  /** Instance type name (GET /instance-types), e.g. gpu_1x_a10. */
  instanceType: string;
  /** Number of instances; the first is the primary (its IP is the stack's platform_ip). */
  instanceCount: number;
  /** Prefix of every Lambda name (`<prefix>-<env>-…`). */
  namePrefix: string;
  /** Base64 OpenSSH public keys from ESC, newest first. */
  sshPublicKeys: readonly string[];
  /** Networks allowed to reach TCP 22 (the only port the firewall opens). */
  allowedSshCidrs: readonly string[];
  /** Allow 0.0.0.0/0; required in production for an open rule, elsewhere it adds one. */
  allowOpenSsh: boolean;
  /** Persistent filesystem to create and mount. Default: none. */
  filesystemName?: string;
  /** Image family to launch (GET /images). Default: the latest Lambda Stack. */
  imageFamily?: string;
  /** Tags on every instance (key pattern LAMBDA_LIMITS.tagKey). */
  tags: Record<string, string>;
}

export interface InstancePlan {
  name: string;
  hostname: string;
  userData: string;
}

export interface PlatformPlan {
  /** Decoded OpenSSH lines, newest first. */
  publicKeys: string[];
  sshKeyName: string;
  /** The newest key, registered at Lambda (a launch takes exactly one key); cloud-init authorises all. */
  launchPublicKey: string;
  rulesetName: string;
  rules: FirewallRule[];
  warnings: string[];
  filesystemName?: string;
  image?: { family: string };
  tags: Record<string, string>;
  instances: InstancePlan[];
}

/**
 * Everything the stack decides from its config, without Pulumi: names, the SSH key, the firewall rules (with
 * the production policy) and each instance's cloud-init user data (authorising every ESC key, so a rotation
 * window keeps the previous key working).
 */
export function planPlatform(s: PlatformSettings): PlatformPlan {
  if (!s.sshPublicKeys.length) throw new Error('lambda-labs:sshPublicKeys is empty: run `sophia-ssh-keys push` first');
  const publicKeys = s.sshPublicKeys.map((k, i) => {
    try {
      return decodePublicKeyBase64(k);
    } catch (err) {
      throw new Error(`lambda-labs:sshPublicKeys[${i}] is not a base64 OpenSSH public key: ${(err as Error).message}`);
    }
  });
  const { rules, warnings } = buildSshFirewallRules({ allowedSshCidrs: s.allowedSshCidrs, allowOpenSsh: s.allowOpenSsh, env: s.env, region: s.region });
  const instances = Array.from({ length: s.instanceCount }, (_, i) => {
    const name = instanceName(s.namePrefix, s.env, i);
    const hostname = hostnameFor(name);
    return { name, hostname, userData: buildCloudInit({ sshAuthorizedKeys: publicKeys, hostname }) };
  });
  return {
    publicKeys,
    launchPublicKey: publicKeys[0],
    sshKeyName: sshKeyName(s.namePrefix, s.env, publicKeys[0]),
    rulesetName: rulesetName(s.namePrefix, s.env),
    rules,
    warnings,
    filesystemName: s.filesystemName ? filesystemName(s.filesystemName) : undefined,
    image: s.imageFamily ? { family: s.imageFamily } : undefined,
    tags: { environment: s.env, ...s.tags },
    instances,
  };
}

/** The command users run to open a shell on an instance. */
export function sshCommand(ip: string, user = 'ubuntu', keyPath = '~/.ssh/pulumi_lambda_key'): string {
  return `ssh -i ${keyPath} ${user}@${ip}`;
}
