/*
 * The generated files on disk, by workspace-relative path: each service's definitions in stacks/<service>/esc/
 * (`<env>.yaml` and the project.json of the `<service>-esc` Nx project, which only the importing stack and esc
 * depend on, so a change to one makes exactly those two affected), and stacks/esc/manifest.json.
 * `expectedFiles` renders them from the workspace; `staleFiles` compares with what is committed. Used by
 * `npx nx run esc:environments` (write / --check) and the staleness test.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { ExpectedError } from '@sophia-ai/policy';
import { serviceEnvironment } from '@sophia-ai/stack-refs/src/esc-naming';
import { MANIFEST_FILE, VALUES_FILE, definitionFile, definitionsDir, definitionsProject, generateDefinitions, manifestOf, type EscEnvironment, type Manifest, type ValuesFile } from './definitions';
import { discoverServices, discoverTeams, WORKSPACE_ROOT } from './services';

/** Workspace-relative path → content of every generated file, for the workspace at `root`. */
export function expectedFiles(root = WORKSPACE_ROOT): Map<string, string> {
  const services = discoverServices(root);
  const values = (YAML.parse(readFileSync(path.join(root, VALUES_FILE), 'utf8')) ?? {}) as ValuesFile;
  const files = new Map<string, string>();
  for (const def of generateDefinitions(services, values)) files.set(definitionFile(def.service, def.env), def.yaml);
  for (const s of services) files.set(`${definitionsDir(s.name)}/project.json`, definitionsProject(s.name, s.team));
  files.set(MANIFEST_FILE, `${JSON.stringify(manifestOf(services, discoverTeams(root)), null, 2)}\n`);
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

/** The committed generated files (path → content): every stacks/<s>/esc/ file and the manifest. */
export function committedFiles(root = WORKSPACE_ROOT): Map<string, string> {
  const files = new Map<string, string>();
  const read = (rel: string) => files.set(rel, readFileSync(path.join(root, rel), 'utf8'));
  for (const stack of readdirSync(path.join(root, 'stacks')).sort()) {
    const dir = definitionsDir(stack);
    if (!existsSync(path.join(root, dir))) continue;
    for (const name of readdirSync(path.join(root, dir)).sort()) read(`${dir}/${name}`);
  }
  if (existsSync(path.join(root, MANIFEST_FILE))) read(MANIFEST_FILE);
  return files;
}

/** Paths of files that differ, are missing, or should no longer exist. */
export function staleFiles(expected: Map<string, string>, committed: Map<string, string>): string[] {
  const names = new Set([...expected.keys(), ...committed.keys()]);
  return [...names].filter((n) => expected.get(n) !== committed.get(n)).sort();
}

/** Writes the expected files and removes leftovers (a stack or environment that no longer exists). Returns what changed. */
export function writeFiles(root = WORKSPACE_ROOT): string[] {
  const expected = expectedFiles(root);
  const changed = staleFiles(expected, committedFiles(root));
  for (const rel of changed) {
    const file = path.join(root, rel);
    const content = expected.get(rel);
    if (content === undefined) {
      rmSync(file);
    } else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  }
  return changed;
}

/** The committed manifest (which team owns which service). */
export function readManifest(root = WORKSPACE_ROOT): Manifest {
  const file = path.join(root, MANIFEST_FILE);
  if (!existsSync(file)) throw new ExpectedError(`${MANIFEST_FILE} is missing: run \`npx nx run esc:environments\``);
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** The committed `<service>-<env>` definitions of `env`, by environment name (what the program creates). */
export function committedDefinitions(env: EscEnvironment, manifest: Manifest, root = WORKSPACE_ROOT): Map<string, string> {
  const definitions = new Map<string, string>();
  for (const svc of Object.keys(manifest.services).sort()) {
    const rel = definitionFile(svc, env);
    if (!existsSync(path.join(root, rel))) throw new ExpectedError(`${rel} is missing: run \`npx nx run esc:environments\``);
    definitions.set(serviceEnvironment(svc, env).name, readFileSync(path.join(root, rel), 'utf8'));
  }
  return definitions;
}

/** The definitions of `env` that another tool writes into too (created, never rewritten: see EscPlatform). */
export function createOnlyDefinitions(env: EscEnvironment, manifest: Manifest): Set<string> {
  return new Set(Object.entries(manifest.services).filter(([, s]) => s.writtenByOthers?.length).map(([svc]) => serviceEnvironment(svc, env).name));
}
