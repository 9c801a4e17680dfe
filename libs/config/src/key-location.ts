/*
 * Where each namespace key lives in ESC, and where an operator should put a missing value. The naming of ESC
 * environments and paths is libs/stack-refs' esc-naming (shared with libs/esc-store); this module adds what
 * only a namespace knows: which key is whose (owner), which is secret.
 */
import { type EscEnvRef, escEnvName, escReference, secretsEnvironment, serviceEnvironment } from '@sophia-ai/stack-refs/src/esc-naming';
import { configKey, type Namespace } from './define';

/** Where one config key lives in ESC. */
export interface EscKeyLocation {
  /** `<service>:<key>`, the Pulumi config key the stack reads. */
  configKey: string;
  /** The environment that holds the value. */
  env: EscEnvRef;
  /** Property path of the value inside that definition (starting with `values`). */
  path: string[];
  /** Secret values are written as `fn::secret: <plaintext>` (ESC stores ciphertext). */
  secret: boolean;
  /**
   * For values held in the secrets environment: the entry of the service environment that exposes it as
   * stack config, `values.pulumiConfig["<service>:<key>"]: ${<service>.<key>}` (the service env imports the
   * secrets env; ESC references are early-bound and resolve over the imported values).
   */
  reference?: { env: EscEnvRef; path: string[]; expression: string };
}

/**
 * THE mapping from a namespace key to ESC (used by the CLIs, both stores and the docs):
 *
 * - required keys owned by `secrets-sync` → `sophia-ai/secrets-<env>` at `values.<service>.<key>` (wrapped in
 *   `fn::secret` when secret), exposed to the stack by the service environment's
 *   `values.pulumiConfig["<service>:<key>"]: ${<service>.<key>}` (so opening it fails, naming the key, until the
 *   sync has written it);
 * - optional keys owned by `secrets-sync`, like keys owned by `rotation`, below;
 * - keys owned by `rotation` → `sophia-ai/secrets-<env>` at `values.pulumiConfig["<service>:<key>"]`: every
 *   service environment imports the secrets environment and ESC merges imported values, so the stack reads it
 *   without a reference (an optional reference to a value not yet written would fail to open), and the
 *   service environment stays owned (rewritten) by stacks/esc — nothing another tool writes lives in it;
 * - every other key (`esc-stack`, `ssh-keys`) → `sophia-ai/<service>-<env>` at
 *   `values.pulumiConfig["<service>:<key>"]` directly.
 *
 * `org` defaults to ESC_ORG (`SOPHIA_PULUMI_ORG`, else sophia-ai).
 */
export function escKeyLocation(ns: Namespace, key: string, env: string, org?: string): EscKeyLocation {
  const spec = ns.keys[key];
  if (!spec) throw new Error(`Namespace ${ns.name} declares no key "${key}"`);
  const full = configKey(ns, key);
  const service = serviceEnvironment(ns.name, env, org);
  const secret = spec.secret === true;
  // An optional sync-owned value may never be written, and a reference to nothing makes ESC refuse to open the
  // service environment: like a rotation record, it lives in the secrets environment's own pulumiConfig and
  // reaches the stack through the import (present when written, absent otherwise).
  if (spec.owner === 'rotation' || (spec.owner === 'secrets-sync' && spec.optional)) {
    return { configKey: full, env: secretsEnvironment(env, org), path: ['values', 'pulumiConfig', full], secret };
  }
  if (spec.owner === 'secrets-sync') {
    const valuePath = [ns.name, key];
    return {
      configKey: full,
      env: secretsEnvironment(env, org),
      path: ['values', ...valuePath],
      secret,
      reference: { env: service, path: ['values', 'pulumiConfig', full], expression: escReference(valuePath) },
    };
  }
  return { configKey: full, env: service, path: ['values', 'pulumiConfig', full], secret };
}

/**
 * The ESC environment that holds a key in `env`. Secrets live in `sophia-ai/secrets-<env>` (values, owned by the
 * sync tool); everything else in `sophia-ai/<service>-<env>` (which imports the secrets environment).
 */
export function escEnvironmentFor(ns: Namespace, key: string, env: string): string {
  return escEnvName(escKeyLocation(ns, key, env).env);
}

/** Where a user should put the value: the local sample file for `local`, else the ESC environment. */
export function whereItBelongs(ns: Namespace, key: string, env: string): string {
  if (env === 'local' || ns.source === 'stack-file') return `stacks/${ns.name}/Pulumi.${env}.yaml (config: ${configKey(ns, key)})`;
  const spec = ns.keys[key];
  const how =
    spec?.owner === 'secrets-sync'
      ? `set by the secrets sync${spec.githubSecret ? ` from GitHub secret ${spec.githubSecret}` : ''}`
      : spec?.owner === 'ssh-keys'
        ? 'set by `sophia-ssh-keys push`'
        : spec?.owner === 'rotation'
          ? 'set by `sophia-secrets rotate`'
          : 'defined in stacks/esc';
  return `ESC environment ${escEnvironmentFor(ns, key, env)} (${how})`;
}
