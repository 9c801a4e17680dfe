import type { z } from 'zod';
import type { ValueKind } from './placeholders';

/** Who writes a key's value into ESC. Each key has exactly one owning direction. */
export type KeyOwner =
  /** Plain configuration, committed as code in stacks/esc. */
  | 'esc-stack'
  /** Secret values, written by the secrets sync tool (GitHub ⇄ ESC). */
  | 'secrets-sync'
  /** The operator's SSH public key(s), written by `sophia-ssh-keys push`. */
  | 'ssh-keys'
  /** Rotation generations of platform-made keys, written by `sophia-secrets rotate` (./rotation-record). */
  | 'rotation';

/**
 * How often a secret must be replaced, and who replaces it. Read by `sophia-secrets status` (age vs `maxAgeDays`)
 * and `sophia-secrets rotate --overdue` (runs `command` for platform keys; lists issuer keys, never touches them).
 * Commands may contain `<env>`, replaced by the environment being rotated.
 */
export type RotationPolicy =
  /** A person or vendor issued it (a vendor API key): reported when overdue, never rotated by us. */
  | { maxAgeDays: number; rotatedBy: 'issuer'; /** Who issues a new one, and where. */ issuer: string }
  | {
      maxAgeDays: number;
      rotatedBy: 'platform';
      /** The one command that rotates it without downtime (new key alongside the old, consumers moved, old retired). */
      command?: string;
      /** `operator`: the command needs the operator's machine (a private key that never leaves it), not CI. */
      runsOn?: 'ci' | 'operator';
      /** When no one-command rotation exists yet: the steps that do it today (reported as the gap it is). */
      procedure?: string;
      /**
       * The key is rotated by `sophia-secrets rotate` itself: generation + 1 in the stack's rotation record
       * (a `rotation`-owned config key, ./rotation-record), then `nx run <stack>:up`, then the sync.
       */
      generation?: GenerationRotation;
    };

/** Where a key's rotation generation lives, and how its previous key is retired. */
export interface GenerationRotation {
  /** The Pulumi project that makes the key (its `up` applies the new generation). */
  stack: string;
  /** The stack's `rotation`-owned namespace key holding the records (a map: entry → record). */
  configKey: string;
  /** The record's entry; absent: the rotated key's map entry (`<project>:<output>[<entry>]`). */
  entry?: string;
  /**
   * Days the previous key stays valid after a rotation; then a later `rotate` run records `retired` and runs
   * `up` again (phase two). Absent: the service retires it itself (Portkey's key_transition_period_ms).
   */
  retireAfterDays?: number;
}

/** One configuration key of a service namespace: the single source of truth for it. */
export interface KeySpec<S extends z.ZodType = z.ZodType> {
  /** Shape of a valid value. Strings from config are tried as-is first, then as JSON (numbers, objects). */
  schema: S;
  description: string;
  /** Secret values are wrapped in `pulumi.secret` from the moment they are read and never printed. */
  secret?: boolean;
  /** A missing optional key is not a problem; its value is `undefined` (or the schema's default). */
  optional?: boolean;
  /** `key` values (API keys, tokens) must also look random; `text` only rejects placeholder wording. */
  kind?: ValueKind | 'none';
  owner: KeyOwner;
  /** GitHub Actions secret that carries the value (secrets-sync keys). */
  githubSecret?: string;
  /** Maximum age and who rotates it: set on every secret (and on platform-generated keys such as SSH keys). */
  rotation?: RotationPolicy;
}

export type KeySpecs = Record<string, KeySpec>;

/** A service's configuration namespace; `name` is the Pulumi project that reads it (`<name>:<key>`). */
export interface Namespace<N extends string = string, K extends KeySpecs = KeySpecs> {
  readonly name: N;
  readonly keys: K;
  /**
   * Where the stack's values come from: `esc` (default: the `<name>-<env>` environment its Pulumi.<env>.yaml
   * imports) or `stack-file` (the stack's own Pulumi.<env>.yaml: stacks/esc, which creates ESC and so cannot read it).
   */
  readonly source?: 'esc' | 'stack-file';
}

export function defineNamespace<const N extends string, const K extends KeySpecs>(
  name: N,
  keys: K,
  opts: { source?: 'esc' | 'stack-file' } = {},
): Namespace<N, K> {
  return Object.freeze({ name, keys, ...(opts.source ? { source: opts.source } : {}) });
}

/** Plain (unwrapped) values of a namespace, as the validator sees them. */
export type PlainValues<NS extends Namespace> = {
  [K in keyof NS['keys']]: NS['keys'][K]['optional'] extends true
    ? z.infer<NS['keys'][K]['schema']> | undefined
    : z.infer<NS['keys'][K]['schema']>;
};

/** The full Pulumi config key of `key` in namespace `ns`, e.g. `lambda-labs:apiKey`. */
export function configKey(ns: Namespace, key: string): string {
  return `${ns.name}:${key}`;
}
