/*
 * Which keys have a rotation policy, and where each one's age is read. Namespace keys carry theirs in
 * stacks/<s>/config (KeySpec.rotation); secrets a stack makes carry theirs in the sync manifest's `outputs`
 * (one place per fact: see the comment there). Every secret key must have one: a missing policy is an error
 * naming the key and the file it belongs in, so a new secret cannot slip past rotation tracking.
 */
import { escKeyLocation, type Namespace, type RotationPolicy } from '@sophia-ai/config';
import type { EscEnvRef } from '@sophia-ai/esc-store';
import type { ManifestSpec } from '../manifest';

/** The side a key's value is born on: its age is read there first (the other side is the fallback). */
export type Origin = 'esc' | 'github';

export interface RotationEntry {
  /** `<service>:<key>`, or `<project>:<output>` of a contract-sourced secret (one entry per output). */
  key: string;
  policy: RotationPolicy;
  origin: Origin;
  /** Where the value lives in ESC (namespace keys); contract-sourced secrets are not in ESC. */
  esc?: { env: EscEnvRef; path: string[] };
}

export class RotationPolicyError extends Error {
  constructor(problems: string[]) {
    super(`Rotation policies are missing:\n  - ${problems.join('\n  - ')}`);
    this.name = 'RotationPolicyError';
  }
}

/** The rotation entries of `env`: every secret (or policy-carrying) namespace key, then the manifest's outputs. */
export function rotationEntries(namespaces: Namespace[], manifest: ManifestSpec, env: string, org?: string): RotationEntry[] {
  const problems: string[] = [];
  const entries: RotationEntry[] = [];
  for (const ns of namespaces) {
    for (const [name, spec] of Object.entries(ns.keys)) {
      const key = `${ns.name}:${name}`;
      if (!spec.rotation) {
        if (spec.secret) problems.push(`${key} is secret but has no rotation policy (add rotation: { maxAgeDays, rotatedBy, … } in stacks/${ns.name}/config/index.ts)`);
        continue;
      }
      const loc = escKeyLocation(ns, name, env, org);
      // A github→esc key is set by a person in GitHub; everything else is written into ESC first.
      const origin: Origin = manifest.keys[key]?.direction === 'github→esc' ? 'github' : 'esc';
      entries.push({ key, policy: spec.rotation, origin, esc: { env: loc.env, path: loc.path } });
    }
  }
  for (const [key, out] of Object.entries(manifest.outputs ?? {})) {
    if (!out.rotation) problems.push(`${key} is a contract-sourced secret without a rotation policy (add rotation to its entry in tools/secrets/src/manifest.ts outputs)`);
    else entries.push({ key, policy: out.rotation, origin: 'github' });
  }
  if (problems.length) throw new RotationPolicyError(problems);
  return entries.sort((a, b) => a.key.localeCompare(b.key));
}

/** A policy's command for `env` (`<env>` replaced), or undefined when there is no one-command rotation. */
export function commandFor(policy: RotationPolicy, env: string): string | undefined {
  return policy.rotatedBy === 'platform' && policy.command ? policy.command.replaceAll('<env>', env) : undefined;
}

/** What an operator does about an overdue key that no command of ours rotates. */
export function manualStep(policy: RotationPolicy, env: string): string {
  if (policy.rotatedBy === 'issuer') return `ask the issuer: ${policy.issuer}`;
  return `no one-command rotation yet: ${(policy.procedure ?? 'see docs/infrastructure/SECRETS_VALIDATION.md#rotation').replaceAll('<env>', env)}`;
}
