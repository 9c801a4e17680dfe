/** Request validation: what the spec's schemas (and the shared Lambda limits) accept, as 400 `global/invalid-parameters`. */
import { firewallRuleProblems, isLambdaRegion, LAMBDA_LIMITS as L, type LambdaRegion } from '@sophia-ai/lambda-labs-config';
import { invalid } from './errors';
import type { FirewallRule } from './state';

/** A launch body that passed `validLaunch`: field types are what the spec says. */
export interface LaunchBody {
  region_name: string;
  instance_type_name: string;
  ssh_key_names: [string];
  name?: string;
  hostname?: string;
  user_data?: string;
  tags?: Array<{ key: string; value: string }>;
  file_system_names?: string[];
  file_system_mounts?: Array<{ mount_point: string; file_system_id: string }>;
  image?: { id?: string; family?: string };
  firewall_rulesets?: Array<{ id: string }>;
}

/** Any body must be a JSON object. */
export function requireObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('Request body must be an object.');
  return body as Record<string, unknown>;
}

/** The launch body's shape, every problem at once (the API lists them all). */
export function validLaunch(body: Record<string, unknown>): LaunchBody {
  const problems: string[] = [];
  const need = (k: string) => body[k] === undefined && problems.push(`${k}: Field required`);
  need('region_name');
  need('instance_type_name');
  need('ssh_key_names');
  if (body.quantity !== undefined && body.quantity !== 1) problems.push('quantity: Input should be less than or equal to 1');
  if (body.region_name !== undefined && !isLambdaRegion(body.region_name)) problems.push('region_name: Input should be a valid region code');
  if (body.instance_type_name !== undefined && typeof body.instance_type_name !== 'string') problems.push('instance_type_name: Input should be a valid string');
  const keys = body.ssh_key_names;
  if (keys !== undefined && (!Array.isArray(keys) || keys.length !== 1 || keys.some((k) => typeof k !== 'string'))) problems.push('ssh_key_names: Exactly one SSH key must be specified');
  if (body.name !== undefined && body.name !== null && (typeof body.name !== 'string' || body.name.length > L.nameMax)) problems.push('name: String should have at most 64 characters');
  if (body.hostname !== undefined && (typeof body.hostname !== 'string' || !L.hostname.test(body.hostname))) problems.push(`hostname: String should match pattern '${L.hostname.source}'`);
  if (body.user_data !== undefined && (typeof body.user_data !== 'string' || Buffer.byteLength(body.user_data) > L.userDataMaxBytes)) problems.push('user_data: Must be a string of at most 1 MB');
  const tags = body.tags;
  if (tags !== undefined) {
    if (!Array.isArray(tags)) problems.push('tags: Input should be a valid list');
    else
      tags.forEach((tag: { key?: unknown; value?: unknown }, i) => {
        if (typeof tag?.key !== 'string' || tag.key.length > 55 || !L.tagKey.test(tag.key)) problems.push(`tags.${i}.key: String should match pattern '${L.tagKey.source}' and have at most 55 characters`);
        if (typeof tag?.value !== 'string' || tag.value.length > 128) problems.push(`tags.${i}.value: String should have at most 128 characters`);
      });
  }
  const fsNames = body.file_system_names;
  if (fsNames !== undefined && (!Array.isArray(fsNames) || fsNames.some((n) => typeof n !== 'string'))) problems.push('file_system_names: Input should be a list of strings');
  const mounts = body.file_system_mounts;
  if (mounts !== undefined) {
    if (!Array.isArray(mounts)) problems.push('file_system_mounts: Input should be a valid list');
    else
      mounts.forEach((mnt: { mount_point?: unknown; file_system_id?: unknown }, i) => {
        if (typeof mnt?.mount_point !== 'string' || mnt.mount_point.length > 256 || !L.mountPoint.test(mnt.mount_point)) problems.push(`file_system_mounts.${i}.mount_point: invalid mount point`);
        if (typeof mnt?.file_system_id !== 'string') problems.push(`file_system_mounts.${i}.file_system_id: Field required`);
      });
  }
  const image = body.image as { id?: unknown; family?: unknown } | undefined;
  if (image !== undefined && (typeof image !== 'object' || image === null || (typeof image.id === 'string') === (typeof image.family === 'string'))) problems.push('image: Exactly one of id or family must be given');
  const fw = body.firewall_rulesets;
  if (fw !== undefined && (!Array.isArray(fw) || fw.some((f: { id?: unknown }) => typeof f?.id !== 'string'))) problems.push('firewall_rulesets: Input should be a list of {id}');
  if (problems.length) throw invalid(problems.join('; '));
  return body as unknown as LaunchBody;
}

/** A firewall rule as stored: a bare address becomes a /32. */
export function validRule(raw: unknown, at: string): FirewallRule {
  const problems = firewallRuleProblems(raw, at);
  if (problems.length) throw invalid(problems.join('; '));
  const r = raw as FirewallRule;
  return {
    protocol: r.protocol,
    ...(r.port_range !== undefined ? { port_range: r.port_range } : {}),
    source_network: r.source_network.includes('/') ? r.source_network : `${r.source_network}/32`,
    description: r.description,
  };
}

/** A rule list field (`rules`, `data`): a list of valid rules. */
export function validRules(raw: unknown, field: string, missing = 'Input should be a valid list'): FirewallRule[] {
  if (!Array.isArray(raw)) throw invalid(`${field}: ${missing}`);
  return raw.map((r, i) => validRule(r, `${field}.${i}`));
}

export function validName(v: unknown, field: string, min: number, max: number): string {
  if (typeof v !== 'string') throw invalid(`${field}: Field required`);
  if (v.length < min || v.length > max) throw invalid(`${field}: String should have ${min} to ${max} characters`);
  return v;
}

export function validRegion(v: unknown, field = 'region'): LambdaRegion {
  if (!isLambdaRegion(v)) throw invalid(`${field}: Input should be a valid region code`);
  return v;
}

/** An OpenSSH public key line of a type Lambda accepts (trimmed). */
export function validPublicKey(v: unknown): string {
  if (typeof v !== 'string' || v.length < 1 || v.length > 4096) throw invalid('public_key: String should have 1 to 4096 characters');
  if (!/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/]+={0,2}( [^\r\n]*)?\s*$/.test(v)) throw invalid('public_key: Invalid SSH public key');
  return v.trim();
}

/** Filesystem names: the shared pattern and length. */
export function validFilesystemName(v: unknown): string {
  const name = validName(v, 'name', 1, L.filesystemNameMax);
  if (!L.filesystemName.test(name)) throw invalid(`name: String should match pattern '${L.filesystemName.source}'`);
  return name;
}

export const NAME_MAX = L.nameMax;
