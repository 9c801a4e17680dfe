/*
 * The stacks whose configuration the ESC stack holds, found in the workspace: every `stacks/<s>/` with a config
 * namespace (`config/index.ts`, package @sophia-ai/<s>-config) and an Nx `team:` tag. Read by the definitions
 * generator and the tests (file system); the Pulumi program never reads other stacks, only the generated files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Namespace } from '@sophia-ai/config';
import type { TeamInput } from './access';

/** A stack whose `<name>-<env>` environments the ESC stack defines. */
export interface Service {
  /** Folder, Nx project and Pulumi project name (= the namespace's name). */
  name: string;
  /** The owning team: the stack's Nx `team:<name>` tag. */
  team: string;
  namespace: Namespace;
}

/** This stack: its own config comes from its `Pulumi.<env>.yaml` (it creates ESC, so it cannot read from it). */
export const SELF = 'esc';

export const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');

function isNamespace(value: unknown): value is Namespace {
  const v = value as Namespace | undefined;
  return typeof v?.name === 'string' && typeof v.keys === 'object' && v.keys !== null;
}

/** Every stack with a config namespace, sorted by name. A stack folder that breaks the layout is an error naming it. */
export function discoverServices(root = WORKSPACE_ROOT): Service[] {
  const stacksDir = path.join(root, 'stacks');
  const services: Service[] = [];
  for (const dir of readdirSync(stacksDir).sort()) {
    const configFile = path.join(stacksDir, dir, 'config', 'index.ts');
    if (dir === SELF || !existsSync(configFile)) continue;
    const where = `stacks/${dir}`;
    // The set of stacks is only known at run time: each namespace is loaded by path.
    const namespaces = Object.values(require(configFile) as Record<string, unknown>).filter(isNamespace);
    if (namespaces.length !== 1) throw new Error(`${where}/config/index.ts must export exactly one config namespace (found ${namespaces.length})`);
    const namespace = namespaces[0]!;
    if (namespace.name !== dir) throw new Error(`${where}/config/index.ts: the namespace is named "${namespace.name}", expected "${dir}" (the folder)`);
    const pkg = JSON.parse(readFileSync(path.join(stacksDir, dir, 'package.json'), 'utf8')) as { nx?: { tags?: string[] } };
    const teams = (pkg.nx?.tags ?? []).filter((t) => t.startsWith('team:')).map((t) => t.slice('team:'.length));
    if (teams.length !== 1) throw new Error(`${where}/package.json must carry exactly one Nx tag team:<name> (found ${teams.length})`);
    services.push({ name: dir, team: teams[0]!, namespace });
  }
  return services;
}

/**
 * The teams of the GitHub organisation spec (stacks/github/src/organisation-spec.ts), loaded by path: an import
 * would make the esc stack depend on the github stack in the Nx graph, and `up` would deploy github first, whose
 * environments esc creates. Only what a Pulumi team needs is kept.
 */
export function discoverTeams(root = WORKSPACE_ROOT): TeamInput[] {
  const file = path.join(root, 'stacks', 'github', 'src', 'organisation-spec.ts');
  const spec = (require(file) as { organisation?: { teams?: TeamInput[] } }).organisation;
  if (!spec?.teams?.length) throw new Error('stacks/github/src/organisation-spec.ts must export `organisation` with its teams');
  return spec.teams.map(({ name, description, maintainers, members }) => ({ name, description, maintainers: [...maintainers], members: [...members] }));
}
