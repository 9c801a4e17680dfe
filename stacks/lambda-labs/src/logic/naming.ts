import { createHash } from 'node:crypto';
import { filesystemNameProblem, LAMBDA_LIMITS as L } from '@sophia-ai/lambda-labs-config';

const LIMITS = { instanceName: L.nameMax, hostname: L.hostnameMax, sshKeyName: L.nameMax, rulesetName: L.nameMax };
const HOSTNAME = L.hostname;

/** `<prefix>-<env>-gpu-<n>` (n from 1), the instance's Lambda name. */
export function instanceName(prefix: string, env: string, index: number): string {
  return clamp(`${prefix}-${env}-gpu-${index + 1}`, LIMITS.instanceName);
}

/** A valid Lambda hostname (LAMBDA_LIMITS.hostname) derived from any name. */
export function hostnameFor(name: string): string {
  let h = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^[^a-z0-9]+/, '');
  h = h.slice(0, LIMITS.hostname).replace(/-+$/, '');
  if (!HOSTNAME.test(h)) throw new Error(`Cannot derive a hostname from "${name}"`);
  return h;
}

/** Short content fingerprint (hex) used to make key names change when the key changes. */
export function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * Lambda SSH key name: `<prefix>-<env>-<8 hex of the key>`. Names are unique at Lambda and keys cannot be
 * updated, so a new key gets a new name: create-before-delete works and instances are re-launched with it.
 */
export function sshKeyName(prefix: string, env: string, publicKey: string): string {
  return `${clamp(`${prefix}-${env}`, LIMITS.sshKeyName - 9)}-${shortHash(publicKey.trim().split(/\s+/).slice(0, 2).join(' '))}`;
}

export function rulesetName(prefix: string, env: string): string {
  return clamp(`${prefix}-${env}-ssh`, LIMITS.rulesetName);
}

/** Filesystem names as the API accepts them (shared constraint). */
export function filesystemName(name: string): string {
  const problem = filesystemNameProblem(name);
  if (problem) throw new Error(`lambda-labs:filesystemName "${name}" ${problem}`);
  return name;
}

function clamp(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max).replace(/-+$/, '');
}
