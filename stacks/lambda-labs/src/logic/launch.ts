/** Launch request building and instance diff decisions: pure, tested without Pulumi. */
import { diffProps, type DiffDecision } from '@sophia-ai/dynamic-provider/src/runtime/diff';

export type { DiffDecision };

/** Inputs of an Instance dynamic resource (what the provider receives, besides the API key). */
export interface InstanceSpec {
  region: string;
  instanceType: string;
  sshKeyName: string;
  name: string;
  hostname?: string;
  /** Extra tags (key → value). */
  tags?: Record<string, string>;
  /** `{family}` or `{id}`; omitted = Lambda's default image. */
  image?: { family: string } | { id: string };
  fileSystemNames?: string[];
  firewallRulesetIds?: string[];
  /** cloud-init user data (≤ 1 MiB). */
  userData?: string;
}

/** Tag key carrying the idempotency token of a launch. */
export const LAUNCH_TAG = 'sophia:launch-token';
export const MANAGED_TAG = 'managed-by';

export interface LaunchRequest {
  region_name: string;
  instance_type_name: string;
  ssh_key_names: string[];
  name: string;
  hostname?: string;
  tags: Array<{ key: string; value: string }>;
  image?: { family: string } | { id: string };
  file_system_names?: string[];
  firewall_rulesets?: Array<{ id: string }>;
  user_data?: string;
}

/** The body of POST /instance-operations/launch for a spec and the launch's idempotency token. */
export function buildLaunchRequest(spec: InstanceSpec, token: string): LaunchRequest {
  const tags = [
    ...Object.entries(spec.tags ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key, value })),
    { key: MANAGED_TAG, value: 'pulumi' },
    { key: LAUNCH_TAG, value: token },
  ];
  return {
    region_name: spec.region,
    instance_type_name: spec.instanceType,
    ssh_key_names: [spec.sshKeyName],
    name: spec.name,
    ...(spec.hostname ? { hostname: spec.hostname } : {}),
    tags: dedupeTags(tags),
    ...(spec.image ? { image: spec.image } : {}),
    ...(spec.fileSystemNames?.length ? { file_system_names: spec.fileSystemNames } : {}),
    ...(spec.firewallRulesetIds?.length ? { firewall_rulesets: spec.firewallRulesetIds.map((id) => ({ id })) } : {}),
    ...(spec.userData !== undefined ? { user_data: spec.userData } : {}),
  };
}

function dedupeTags(tags: Array<{ key: string; value: string }>) {
  const seen = new Map<string, string>();
  for (const t of tags) seen.set(t.key, t.value);
  return [...seen].map(([key, value]) => ({ key, value }));
}

/** Whether an instance carries the launch token tag. */
export function hasLaunchToken(instance: { tags?: Array<{ key: string; value: string }> }, token: string): boolean {
  return (instance.tags ?? []).some((t) => t.key === LAUNCH_TAG && t.value === token);
}

export const INSTANCE_PROPS = ['region', 'instanceType', 'sshKeyName', 'name', 'hostname', 'tags', 'image', 'fileSystemNames', 'firewallRulesetIds', 'userData'] as const;

/**
 * Launch-time only: cloud-init runs at first boot and the Lambda SSH key is installed at launch, so a change of
 * either (an SSH key rotation) concerns new instances only and never relaunches a running one; live instances
 * get rotated keys over SSH (key-sync.ts). A relaunch is asked for explicitly (`pulumi up --replace <urn>`).
 */
export const LAUNCH_ONLY_PROPS = ['userData', 'sshKeyName'] as const;

/** Instance: a rename is updated in place, as are the launch-only and API key changes (no call); anything else relaunches. */
export function diffInstance(olds: Record<string, unknown>, news: Record<string, unknown>): DiffDecision {
  return diffProps(olds, news, [...INSTANCE_PROPS, 'apiKey'], ['name', 'apiKey', ...LAUNCH_ONLY_PROPS]);
}

/** SSH key: no update endpoint; name unique at Lambda, so replacements delete first when the name is kept. */
export function diffSshKey(olds: Record<string, unknown>, news: Record<string, unknown>): DiffDecision {
  const d = diffProps(olds, news, ['name', 'publicKey', 'apiKey'], ['apiKey']);
  return { ...d, deleteBeforeReplace: d.replaces.length > 0 && olds.name === news.name };
}

/** Firewall ruleset: name and rules are patched in place; region replaces. */
export function diffRuleset(olds: Record<string, unknown>, news: Record<string, unknown>): DiffDecision {
  return diffProps(olds, news, ['region', 'name', 'rules', 'apiKey'], ['name', 'rules', 'apiKey']);
}

/** Filesystem: no update endpoint; names are unique, so a replacement deletes first. */
export function diffFilesystem(olds: Record<string, unknown>, news: Record<string, unknown>): DiffDecision {
  const d = diffProps(olds, news, ['name', 'region', 'apiKey'], ['apiKey']);
  return { ...d, deleteBeforeReplace: d.replaces.length > 0 };
}
