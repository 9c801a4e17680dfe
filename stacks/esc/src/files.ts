/*
 * The generated files on disk: stacks/esc/environments/<name>.yaml (one per definition) and manifest.json.
 * `expectedFiles` renders them from the workspace; `staleFiles` compares with what is committed. Used by
 * `npx nx run esc:environments` (write / --check) and the staleness test.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { ExpectedError } from '@sophia-ai/policy';
import { serviceEnvironment } from '@sophia-ai/stack-refs/src/esc-naming';
import { ENVIRONMENTS_DIR, VALUES_FILE, generateDefinitions, manifestOf, type EscEnvironment, type Manifest, type ValuesFile } from './definitions';
import { discoverServices, discoverTeams, WORKSPACE_ROOT } from './services';

export const MANIFEST_FILE = 'manifest.json';

/** File name (inside environments/) → content, for the workspace at `root`. */
export function expectedFiles(root = WORKSPACE_ROOT): Map<string, string> {
  const services = discoverServices(root);
  const values = (YAML.parse(readFileSync(path.join(root, VALUES_FILE), 'utf8')) ?? {}) as ValuesFile;
  const files = new Map<string, string>();
  for (const def of generateDefinitions(services, values)) files.set(`${def.name}.yaml`, def.yaml);
  files.set(MANIFEST_FILE, `${JSON.stringify(manifestOf(services, discoverTeams(root)), null, 2)}\n`);
  return files;
}

/** Committed files of environments/ (name → content). */
export function committedFiles(root = WORKSPACE_ROOT): Map<string, string> {
  const dir = path.join(root, ENVIRONMENTS_DIR);
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir).sort()) files.set(name, readFileSync(path.join(dir, name), 'utf8'));
  return files;
}

/** Names of files that differ, are missing, or should no longer exist. */
export function staleFiles(expected: Map<string, string>, committed: Map<string, string>): string[] {
  const names = new Set([...expected.keys(), ...committed.keys()]);
  return [...names].filter((n) => expected.get(n) !== committed.get(n)).sort();
}

/** Writes the expected files and removes leftovers (a stack that no longer exists). Returns what changed. */
export function writeFiles(root = WORKSPACE_ROOT): string[] {
  const expected = expectedFiles(root);
  const changed = staleFiles(expected, committedFiles(root));
  const dir = path.join(root, ENVIRONMENTS_DIR);
  mkdirSync(dir, { recursive: true });
  for (const name of changed) {
    const content = expected.get(name);
    if (content === undefined) rmSync(path.join(dir, name));
    else writeFileSync(path.join(dir, name), content);
  }
  return changed;
}

/** The committed manifest (which team owns which service). */
export function readManifest(root = WORKSPACE_ROOT): Manifest {
  const file = path.join(root, ENVIRONMENTS_DIR, MANIFEST_FILE);
  if (!existsSync(file)) throw new ExpectedError(`${ENVIRONMENTS_DIR}/${MANIFEST_FILE} is missing: run \`npx nx run esc:environments\``);
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** The committed `<service>-<env>` definitions of `env`, by environment name (what the program creates). */
export function committedDefinitions(env: EscEnvironment, manifest: Manifest, root = WORKSPACE_ROOT): Map<string, string> {
  const definitions = new Map<string, string>();
  for (const svc of Object.keys(manifest.services).sort()) {
    const name = serviceEnvironment(svc, env).name;
    const file = path.join(root, ENVIRONMENTS_DIR, `${name}.yaml`);
    if (!existsSync(file)) throw new ExpectedError(`${ENVIRONMENTS_DIR}/${name}.yaml is missing: run \`npx nx run esc:environments\``);
    definitions.set(name, readFileSync(file, 'utf8'));
  }
  return definitions;
}

/** The definitions of `env` that another tool writes into too (created, never rewritten: see EscPlatform). */
export function createOnlyDefinitions(env: EscEnvironment, manifest: Manifest): Set<string> {
  return new Set(Object.entries(manifest.services).filter(([, s]) => s.writtenByOthers?.length).map(([svc]) => serviceEnvironment(svc, env).name));
}
