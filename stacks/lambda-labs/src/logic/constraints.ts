/**
 * What the Lambda API would reject, per resource, checked in the providers' `check()` so that a preview fails
 * before any call. The constraints themselves come from the one shared source (stacks/lambda-labs/config, compared
 * with the spec by the sandbox's spec test); this file only says which apply to which input.
 */
import {
  filesystemNameProblem, firewallRuleProblems, isLambdaRegion, LAMBDA_LIMITS as L, LAMBDA_REGIONS,
} from '@sophia-ai/lambda-labs-config';
import { UNKNOWN } from '@sophia-ai/dynamic-provider/src/runtime';

export interface Problem {
  property: string;
  reason: string;
}

// The engine's placeholder for a value not known yet at preview (it is checked again at `up`).
export { UNKNOWN };
const known = (v: unknown) => v !== UNKNOWN;

function region(value: unknown, property = 'region'): Problem[] {
  if (!known(value) || isLambdaRegion(value)) return [];
  return [{ property, reason: `${property} must be a Lambda region (${LAMBDA_REGIONS.join(', ')})` }];
}

function name(value: unknown, property: string, min: number, max: number): Problem[] {
  if (!known(value)) return [];
  if (typeof value !== 'string' || value.length < min || value.length > max) {
    return [{ property, reason: `${property} must have ${min === 0 ? 'at most' : `${min} to`} ${max} characters` }];
  }
  return [];
}

export function sshKeyProblems(news: Record<string, unknown>): Problem[] {
  const p = name(news.name, 'name', 1, L.nameMax);
  const key = news.publicKey;
  if (known(key) && (typeof key !== 'string' || key.length > L.publicKeyMax || !/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/]+={0,2}( [^\r\n]*)?$/.test(key.trim()))) {
    p.push({ property: 'publicKey', reason: `publicKey must be one OpenSSH public key line (ssh-ed25519 AAAA...), at most ${L.publicKeyMax} characters` });
  }
  return p;
}

export function rulesetProblems(news: Record<string, unknown>): Problem[] {
  const p = [...name(news.name, 'name', 1, L.nameMax), ...region(news.region)];
  if (!known(news.rules)) return p;
  if (!Array.isArray(news.rules)) return [...p, { property: 'rules', reason: 'rules must be a list' }];
  news.rules.forEach((rule, i) => {
    if (known(rule)) for (const reason of firewallRuleProblems(rule, `rules[${i}]`)) p.push({ property: 'rules', reason });
  });
  return p;
}

export function filesystemProblems(news: Record<string, unknown>): Problem[] {
  const p = [...region(news.region)];
  const problem = known(news.name) ? filesystemNameProblem(news.name) : undefined;
  if (problem) p.push({ property: 'name', reason: `name ${problem}` });
  return p;
}

/** Instance inputs (InstanceSpec plus `attachedRegions`: the regions of its ruleset and filesystem). */
export function instanceProblems(spec: Record<string, unknown>): Problem[] {
  const p: Problem[] = spec.region === undefined ? [] : region(spec.region);
  const required = (k: string) => (spec[k] === undefined || spec[k] === '') && p.push({ property: k, reason: `${k} is required` });
  required('region');
  required('instanceType');
  required('sshKeyName');
  required('name');
  if (known(spec.instanceType) && spec.instanceType !== undefined && (typeof spec.instanceType !== 'string' || !/^[a-z0-9_]+$/.test(spec.instanceType))) {
    p.push({ property: 'instanceType', reason: 'instanceType must be an instance type name such as gpu_1x_a10' });
  }
  if (spec.sshKeyName !== undefined) p.push(...name(spec.sshKeyName, 'sshKeyName', 1, L.nameMax));
  if (spec.name !== undefined && spec.name !== '') p.push(...name(spec.name, 'name', 0, L.nameMax));
  if (spec.hostname !== undefined && known(spec.hostname) && (typeof spec.hostname !== 'string' || !L.hostname.test(spec.hostname))) {
    p.push({ property: 'hostname', reason: `hostname must match ${L.hostname.source}` });
  }
  const tags = spec.tags;
  if (tags !== undefined && known(tags)) {
    for (const [k, v] of Object.entries(tags as Record<string, unknown>)) {
      if (!L.tagKey.test(k) || k.length > L.tagKeyMax) p.push({ property: 'tags', reason: `tag key "${k}" must match ${L.tagKey.source} (at most ${L.tagKeyMax} characters)` });
      if (known(v) && (typeof v !== 'string' || v.length > L.tagValueMax)) p.push({ property: 'tags', reason: `tag "${k}" value must be a string of at most ${L.tagValueMax} characters` });
    }
  }
  if (typeof spec.userData === 'string' && Buffer.byteLength(spec.userData) > L.userDataMaxBytes) p.push({ property: 'userData', reason: 'userData must be at most 1 MiB' });
  for (const other of (Array.isArray(spec.attachedRegions) ? spec.attachedRegions : []).filter(known)) {
    if (known(spec.region) && other !== spec.region) {
      p.push({ property: 'attachedRegions', reason: `the firewall ruleset and filesystem must be in the instance's region ${String(spec.region)} (found ${String(other)})` });
    }
  }
  return p;
}
