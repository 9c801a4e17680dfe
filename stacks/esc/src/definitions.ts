/*
 * The ESC environment definitions this stack owns, generated from the stacks' config namespaces (which keys
 * exist, which are secret, who writes them, their defaults) and values.yaml (the non-secret values per
 * environment). Pure: no file system, no Pulumi. `npx nx run esc:environments` writes each definition beside
 * its namespace (stacks/<service>/config/esc/<env>.yaml, see files.ts); the program creates one ESC environment
 * per file.
 */
import { configKey, escKeyLocation, type KeySpec, type Namespace } from '@sophia-ai/config';
import { escEnvName, secretsEnvironment, serviceEnvironment } from '@sophia-ai/stack-refs/src/esc-naming';
import { ESC_ENVIRONMENTS } from '@sophia-ai/esc-config';
import { ExpectedError } from '@sophia-ai/policy';
import YAML from 'yaml';
import type { TeamInput } from './access';
import type { Service } from './services';

export { ESC_ENVIRONMENTS };
export type EscEnvironment = (typeof ESC_ENVIRONMENTS)[number];

export const VALUES_FILE = 'stacks/esc/values.yaml';
/** Which team owns which service, and the teams: generated with the definitions. */
export const MANIFEST_FILE = 'stacks/esc/manifest.json';

/**
 * Where the definition of `<service>-<env>` is committed: `stacks/<service>/esc/`, a small Nx project of its own
 * (`<service>-esc`, its project.json generated too) that only the importing stack and esc depend on, so a change
 * to one definition makes exactly those two affected. tools/nx-pulumi resolves `environment:` imports with the
 * same rule (ESC_DEFINITIONS_DIR).
 */
export const definitionsDir = (service: string): string => `stacks/${service}/esc`;
export const definitionFile = (service: string, env: string): string => `${definitionsDir(service)}/${env}.yaml`;

/** The Nx project of a service's definitions (`stacks/<service>/esc/project.json`). */
export function definitionsProject(service: string, team: string): string {
  const project = {
    name: `${service}-esc`,
    // Generated with the definitions: its files are what `up` of stacks/esc writes to `<service>-<env>`.
    tags: ['type:esc-definitions', `team:${team}`],
  };
  return `${JSON.stringify(project, null, 2)}\n`;
}

/** values.yaml: `<env>: { <service>: { <key>: value } }`, non-secret keys owned by this stack only. */
export type ValuesFile = Partial<Record<string, Record<string, Record<string, unknown>>>>;

/** One generated definition: the ESC environment it is (`<service>-<env>`) and its YAML body. */
export interface Definition {
  /** ESC environment name inside the project, e.g. `lambda-labs-dev` (also the file's base name). */
  name: string;
  env: EscEnvironment;
  service: string;
  /** The team that owns the service's stack (its Nx `team:` tag). */
  team: string;
  yaml: string;
}

const describeOwner = (spec: KeySpec, secretsEnv: string): string =>
  spec.owner === 'secrets-sync' && spec.optional
    ? `optional, in ${secretsEnv}'s pulumiConfig when set, written by the secrets sync${spec.githubSecret ? ` (GitHub secret ${spec.githubSecret})` : ''}, merged in through the import`
    : spec.owner === 'secrets-sync'
    ? `from ${secretsEnv}, written by the secrets sync${spec.githubSecret ? ` (GitHub secret ${spec.githubSecret})` : ''}`
    : spec.owner === 'rotation'
      ? `in ${secretsEnv}'s pulumiConfig, written by \`sophia-secrets rotate\`, merged in through the import`
      : 'written by `sophia-ssh-keys push`';

/**
 * Checks values.yaml against the namespaces: every problem at once, each naming environment, service and key
 * (never the value). A value for a secret, or for a key another tool writes, has no place in git.
 */
export function checkValues(values: ValuesFile, services: readonly Service[]): string[] {
  const problems: string[] = [];
  const byName = new Map(services.map((s) => [s.name, s]));
  for (const [env, perService] of Object.entries(values)) {
    if (!(ESC_ENVIRONMENTS as readonly string[]).includes(env)) {
      problems.push(`${env}: not an ESC environment (expected ${ESC_ENVIRONMENTS.join(', ')})`);
      continue;
    }
    for (const [service, keys] of Object.entries(perService ?? {})) {
      const ns = byName.get(service)?.namespace;
      if (!ns) {
        problems.push(`${env}.${service}: no stack declares this namespace (known: ${[...byName.keys()].join(', ')})`);
        continue;
      }
      for (const [key, value] of Object.entries(keys ?? {})) {
        const at = `${env}.${service}.${key}`;
        const spec = ns.keys[key];
        if (!spec) problems.push(`${at}: ${service} declares no key "${key}" (stacks/${service}/config/index.ts)`);
        else if (spec.secret) problems.push(`${at}: a secret never goes in git; the secrets sync writes it (${escEnvName(secretsEnvironment(env))})`);
        else if (spec.owner !== 'esc-stack') problems.push(`${at}: ${describeOwner(spec, escEnvName(secretsEnvironment(env)))}, not set in values.yaml`);
        else {
          const parsed = spec.schema.safeParse(value);
          if (!parsed.success) problems.push(`${at}: invalid (${parsed.error.issues.map((i) => i.message).join('; ')})`);
        }
      }
    }
  }
  return problems;
}

/** Config keys another tool writes into the service environment itself (not through a reference or an import). */
export function keysWrittenByOthers(ns: Namespace): string[] {
  const own = escEnvName(serviceEnvironment(ns.name, 'dev'));
  return Object.entries(ns.keys)
    .filter(([key, spec]) => spec.owner !== 'esc-stack' && escEnvName(escKeyLocation(ns, key, 'dev').env) === own)
    .map(([key]) => configKey(ns, key));
}

/** The definition of `<service>-<env>`: imports the secrets environment, maps every key to `pulumiConfig`. */
export function serviceDefinition(service: Service, env: EscEnvironment, values: Record<string, unknown> = {}): Definition {
  const ns = service.namespace;
  const secretsEnv = escEnvName(secretsEnvironment(env));
  const pulumiConfig: Record<string, unknown> = {};
  const notes = new Map<string, string>();
  const defaulted: string[] = [];
  const missing: string[] = [];
  for (const [key, spec] of Object.entries(ns.keys)) {
    const full = configKey(ns, key);
    const location = escKeyLocation(ns, key, env);
    if (location.reference) {
      // A secret (or other sync-owned value): only a reference to where the sync writes it, never the value.
      pulumiConfig[full] = location.reference.expression;
      notes.set(full, `${spec.secret ? 'secret, ' : ''}${describeOwner(spec, secretsEnv)}`);
    } else if (spec.owner !== 'esc-stack') {
      // Written by another tool, outside this file (the SSH key tool into this environment; rotation records and
      // optional sync-owned values into the secrets environment's pulumiConfig): listed for the reader.
      missing.push(`${full} (${describeOwner(spec, secretsEnv)})`);
    } else if (key in values) {
      pulumiConfig[full] = values[key];
    } else if (spec.schema.safeParse(undefined).success) {
      defaulted.push(full);
    } else {
      missing.push(`${full} (required: set ${env}.${ns.name}.${key} in values.yaml)`);
    }
  }
  const doc = new YAML.Document({ imports: [secretsEnv], values: { pulumiConfig } });
  const map = doc.getIn(['values', 'pulumiConfig'], true) as YAML.YAMLMap<YAML.Scalar<string>>;
  for (const pair of map.items) {
    const note = notes.get(pair.key.value);
    if (note) pair.key.commentBefore = ` ${note}`;
  }
  const header = [
    ` GENERATED by \`npx nx run esc:environments\` from stacks/${ns.name}/config/index.ts and ${VALUES_FILE}: do not edit.`,
    keysWrittenByOthers(ns).length
      ? ` ESC environment ${escEnvName(serviceEnvironment(ns.name, env))}, created by stacks/esc but NOT rewritten by \`up\` while another tool writes into it (below).`
      : ` ESC environment ${escEnvName(serviceEnvironment(ns.name, env))}, owned by stacks/esc (each \`up\` rewrites the body).`,
    ` Stack ${ns.name} (team ${service.team}) imports it from Pulumi.${env}.yaml; secrets stay in ${secretsEnv}.`,
    ...(defaulted.length ? [` Namespace default applies (not set here): ${defaulted.join(', ')}`] : []),
    ...(missing.length ? [' Not in this file:', ...missing.map((m) => `   ${m}`)] : []),
  ];
  doc.commentBefore = header.join('\n');
  return { name: serviceEnvironment(ns.name, env).name, env, service: ns.name, team: service.team, yaml: doc.toString({ lineWidth: 0 }) };
}

/** Every definition of every service in every ESC environment, sorted by name; values.yaml problems thrown at once. */
export function generateDefinitions(services: readonly Service[], values: ValuesFile): Definition[] {
  const problems = checkValues(values, services);
  if (problems.length) throw new ExpectedError(`${VALUES_FILE} has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const defs = services.flatMap((s) => ESC_ENVIRONMENTS.map((env) => serviceDefinition(s, env, values[env]?.[s.name])));
  return defs.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Manifest written beside the definitions: which team owns which service, and the teams themselves (from the GitHub
 * organisation spec). The program grants access from it and reads no other project.
 */
export interface Manifest {
  services: Record<string, ManifestService>;
  teams: TeamInput[];
}

export interface ManifestService {
  team: string;
  /**
   * Keys another tool writes into the service environment itself (`sophia-ssh-keys push`, per escKeyLocation).
   * While there are any, rewriting the body would erase them: the program creates such an environment but does not
   * rewrite it (see EscPlatform), until those keys move to an environment of their own.
   */
  writtenByOthers?: string[];
}

export function manifestOf(services: readonly Service[], teams: readonly TeamInput[]): Manifest {
  const entry = (s: Service): ManifestService => {
    const others = keysWrittenByOthers(s.namespace);
    return others.length ? { team: s.team, writtenByOthers: others } : { team: s.team };
  };
  return { services: Object.fromEntries(services.map((s) => [s.name, entry(s)])), teams: [...teams] };
}

/** The ESC environment a stack manages: `esc:environment`, else the stack's own name, which must be one of them. */
export function escEnvironmentOf(configured: EscEnvironment | undefined, stack: string): EscEnvironment {
  if (configured) return configured;
  if ((ESC_ENVIRONMENTS as readonly string[]).includes(stack)) return stack as EscEnvironment;
  throw new ExpectedError(`Stack "${stack}" is not an ESC environment (${ESC_ENVIRONMENTS.join(', ')}): set esc:environment in stacks/esc/Pulumi.${stack}.yaml`);
}
