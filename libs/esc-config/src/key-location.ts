import { ESC_PROJECT, resolveOrganization } from '@sophia-ai/stack-refs/src/naming';
import type { Namespace } from '../define';
import { configKey } from '../define';

/** The Pulumi organisation (libs/stack-refs naming: `SOPHIA_PULUMI_ORG`, else sophia-ai) and ESC project. */
export const ESC_ORG = resolveOrganization({ env: process.env });
export { ESC_PROJECT };

/** One ESC environment: `<org>` + `<project>/<name>` (e.g. sophia-ai + `sophia-ai/lambda-labs-dev`). */
export interface EscEnvRef {
  org: string;
  project: string;
  name: string;
}

/** `project/name`, the form used in `Pulumi.<env>.yaml` `environment:` lists and ESC `imports:`. */
export function escEnvName(ref: EscEnvRef): string {
  return `${ref.project}/${ref.name}`;
}

/** Parses `project/name` (or `org/project/name`) into a ref; the org defaults to sophia-ai. */
export function parseEscEnvName(name: string, org = ESC_ORG): EscEnvRef {
  const parts = name.split('/');
  const ok = (s: string | undefined) => !!s && /^[A-Za-z0-9_.-]+$/.test(s);
  if (parts.length === 2 && parts.every(ok)) return { org, project: parts[0]!, name: parts[1]! };
  if (parts.length === 3 && parts.every(ok)) return { org: parts[0]!, project: parts[1]!, name: parts[2]! };
  throw new Error(`Invalid ESC environment name "${name}": expected <project>/<env> (letters, digits, -, _, .)`);
}

/** The config environment of a service: `sophia-ai/<service>-<env>` (imports the secrets environment). */
export function serviceEnvironment(service: string, env: string): EscEnvRef {
  return { org: ESC_ORG, project: ESC_PROJECT, name: `${service}-${env}` };
}

/** The secrets environment of `env`: `sophia-ai/secrets-<env>` (values written by the secrets sync). */
export function secretsEnvironment(env: string): EscEnvRef {
  return { org: ESC_ORG, project: ESC_PROJECT, name: `secrets-${env}` };
}

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

const SIMPLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** An ESC property path `a.b["c:d"]`, bracket-quoting segments that are not plain identifiers. */
export function escPath(path: string[]): string {
  return path.map((seg, i) => (SIMPLE.test(seg) ? (i === 0 ? seg : `.${seg}`) : `[${JSON.stringify(seg)}]`)).join('');
}

/** An ESC property-path expression `${a.b}` (see escPath). */
export function escReference(path: string[]): string {
  return '${' + escPath(path) + '}';
}

/**
 * THE mapping from a namespace key to ESC (used by the CLIs, both stores and the docs):
 *
 * - keys owned by `secrets-sync` → `sophia-ai/secrets-<env>` at `values.<service>.<key>` (wrapped in
 *   `fn::secret` when secret), exposed to the stack by the service environment's
 *   `values.pulumiConfig["<service>:<key>"]: ${<service>.<key>}`;
 * - every other key (`esc-stack`, `ssh-keys`) → `sophia-ai/<service>-<env>` at
 *   `values.pulumiConfig["<service>:<key>"]` directly.
 */
export function escKeyLocation(ns: Namespace, key: string, env: string): EscKeyLocation {
  const spec = ns.keys[key];
  if (!spec) throw new Error(`Namespace ${ns.name} declares no key "${key}"`);
  const full = configKey(ns, key);
  const service = serviceEnvironment(ns.name, env);
  const secret = spec.secret === true;
  if (spec.owner === 'secrets-sync') {
    const valuePath = [ns.name, key];
    return {
      configKey: full,
      env: secretsEnvironment(env),
      path: ['values', ...valuePath],
      secret,
      reference: { env: service, path: ['values', 'pulumiConfig', full], expression: escReference(valuePath) },
    };
  }
  return { configKey: full, env: service, path: ['values', 'pulumiConfig', full], secret };
}
