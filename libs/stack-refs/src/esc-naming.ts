/*
 * THE naming of ESC environments and property paths: which environment holds a service's config and its secrets,
 * how an environment is written and parsed, how a path inside a definition is spelled. Shared by libs/config
 * (where a key belongs, in config error messages) and libs/esc-store (which definition a tool reads and writes).
 * Imports only ./naming: no Pulumi, no ESC SDK, nothing of the config namespaces.
 */
import { ESC_PROJECT, resolveOrganization } from './naming';

/** The Pulumi organisation that holds the ESC environments (`SOPHIA_PULUMI_ORG`, else sophia-ai; see ./naming). */
export const ESC_ORG = resolveOrganization({ env: process.env });
export { ESC_PROJECT };

/** ESC project and environment names: letters, digits, `-`, `_`, `.` (the service's rule). */
export const ESC_NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

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

/** Parses `project/name` (or `org/project/name`) into a ref; the org defaults to ESC_ORG. */
export function parseEscEnvName(name: string, org = ESC_ORG): EscEnvRef {
  const parts = name.split('/');
  const ok = (s: string | undefined) => !!s && ESC_NAME_PATTERN.test(s);
  if (parts.length === 2 && parts.every(ok)) return { org, project: parts[0]!, name: parts[1]! };
  if (parts.length === 3 && parts.every(ok)) return { org: parts[0]!, project: parts[1]!, name: parts[2]! };
  throw new Error(`Invalid ESC environment name "${name}": expected <project>/<env> (letters, digits, -, _, .)`);
}

/** The config environment of a service: `sophia-ai/<service>-<env>` (imports the secrets environment). */
export function serviceEnvironment(service: string, env: string, org = ESC_ORG): EscEnvRef {
  return { org, project: ESC_PROJECT, name: `${service}-${env}` };
}

/** The secrets environment of `env`: `sophia-ai/secrets-<env>` (values written by the secrets sync). */
export function secretsEnvironment(env: string, org = ESC_ORG): EscEnvRef {
  return { org, project: ESC_PROJECT, name: `secrets-${env}` };
}

/**
 * The secrets sync's ledger of `env`: `sophia-ai/secrets-sync-ledger-<env>` (keyed hashes and revisions, no values;
 * written by the sync only, created empty by stacks/esc so that its access is granted before the first sync).
 */
export function syncLedgerEnvironment(env: string, org = ESC_ORG): EscEnvRef {
  return { org, project: ESC_PROJECT, name: `secrets-sync-ledger-${env}` };
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
