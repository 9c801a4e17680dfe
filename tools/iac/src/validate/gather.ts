/*
 * The I/O half of iac:validate: the Nx project graph (through @nx/devkit, the graph Nx itself runs on) and the files of
 * the workspace, turned into WorkspaceFacts for the pure checks. Namespaces are loaded (`require`) because whether a
 * key is required is its schema's answer (a default makes it optional); contracts and programs are only parsed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import type { Namespace } from '@sophia-ai/config';
import { isProgramSource } from '@sophia-ai/nx-pulumi/src/graph/edges';
import { GUIDE, type ConfigFile, type NamespaceFacts, type OutputRead, type ProjectFacts, type PythonFinding, type StackFacts, type WorkspaceFacts } from './facts';
import { parseContractFile, scanReads, type ContractPackages } from './reads';

/**
 * Folders never searched: installed packages (node_modules, a Python virtualenv's site-packages), build output,
 * scratch, hidden folders (.git, .nx, .venv; .github holds no program), and test fixtures (data, not programs).
 */
const SKIPPED = new Set(['node_modules', 'site-packages', '__pycache__', 'dist', 'tmp', 'coverage', '__fixtures__']);
const skipped = (name: string) => SKIPPED.has(name) || (name.startsWith('.') && name !== '.github');

/** Workspace-relative paths of every file under `dir` (relative to `root`), skipped folders left out. */
function walk(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!skipped(entry.name)) out.push(...walk(root, rel));
    } else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/** The minimal shape of @nx/devkit's ProjectGraph that the checks use. */
export interface ProjectGraphLike {
  nodes: Record<string, { name: string; data: { root: string; tags?: string[]; targets?: Record<string, unknown> } }>;
}

export function projectsFromGraph(graph: ProjectGraphLike): ProjectFacts[] {
  return Object.values(graph.nodes)
    .map((n) => ({ name: n.name, root: n.data.root, tags: n.data.tags ?? [], targets: Object.keys(n.data.targets ?? {}).sort() }))
    .sort((a, b) => a.root.localeCompare(b.root));
}

/** The workspace's projects as Nx sees them (inferred targets included). */
export async function readNxProjects(): Promise<ProjectFacts[]> {
  const { createProjectGraphAsync } = require('@nx/devkit') as typeof import('@nx/devkit');
  return projectsFromGraph(await createProjectGraphAsync({ exitOnError: false }));
}

/** A YAML file as an object; one that does not parse is an error naming the file (the parser's line and column kept). */
function readYaml(root: string, file: string): Record<string, unknown> {
  try {
    return (YAML.parse(fs.readFileSync(path.join(root, file), 'utf8')) ?? {}) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}
const keysOf = (value: unknown) => (value && typeof value === 'object' ? Object.keys(value) : []);

function isNamespace(value: unknown): value is Namespace {
  const v = value as Namespace | undefined;
  return typeof v?.name === 'string' && typeof v.keys === 'object' && v.keys !== null;
}

function readNamespace(root: string, stackRoot: string): NamespaceFacts | { problem: string } {
  const file = `${stackRoot}/config/index.ts`;
  if (!fs.existsSync(path.join(root, file))) return { problem: `${stackRoot} has no config namespace (${file})` };
  let exported: Record<string, unknown>;
  try {
    exported = require(path.join(root, file)) as Record<string, unknown>;
  } catch (e) {
    return { problem: `${file} fails to load: ${(e as Error).message.split('\n')[0]}` };
  }
  const namespaces = Object.values(exported).filter(isNamespace);
  if (namespaces.length !== 1) return { problem: `${file} must export exactly one config namespace (found ${namespaces.length})` };
  const ns = namespaces[0]!;
  const keys = Object.fromEntries(
    Object.entries(ns.keys).map(([key, spec]) => [key, { owner: spec.owner, required: !spec.optional && !spec.schema.safeParse(undefined).success }]),
  );
  return { name: ns.name, source: ns.source ?? 'esc', keys };
}

function configFiles(root: string, files: string[], pattern: RegExp, keysAt: (doc: Record<string, unknown>) => unknown): ConfigFile[] {
  return files.flatMap((file) => {
    const env = path.basename(file).match(pattern)?.[1];
    return env ? [{ file, env, keys: keysOf(keysAt(readYaml(root, file))) }] : [];
  });
}

function readStack(root: string, stackRoot: string, files: string[], contracts: ParsedContract[], packages: ContractPackages): StackFacts {
  const own = files.filter((f) => f.startsWith(`${stackRoot}/`)).map((f) => ({ file: f, inner: f.slice(stackRoot.length + 1) }));
  const top = own.filter((f) => !f.inner.includes('/')).map((f) => f.file);
  const pulumiYaml = `${stackRoot}/Pulumi.yaml`;
  const name = top.includes(pulumiYaml) ? readYaml(root, pulumiYaml).name : undefined;
  const program = own.filter((f) => isProgramSource(f.inner) && !f.inner.startsWith('contract/'));
  const reads = program.map((f) => scanReads(f.file, fs.readFileSync(path.join(root, f.file), 'utf8'), packages));
  return {
    root: stackRoot,
    folder: path.basename(stackRoot),
    ...(typeof name === 'string' ? { pulumiProject: name } : {}),
    namespace: readNamespace(root, stackRoot),
    stackFiles: configFiles(root, top, /^Pulumi\.(.+)\.yaml$/, (doc) => doc.config),
    escDefinitions: configFiles(
      root,
      own.filter((f) => /^esc\/[^/]+\.yaml$/.test(f.inner)).map((f) => f.file),
      /^(.+)\.yaml$/,
      (doc) => (doc.values as Record<string, unknown> | undefined)?.pulumiConfig,
    ),
    contracts: contracts.map(({ exportName: _, ...c }) => c),
    outputReads: reads.flatMap((r) => r.outputReads),
    untypedReads: reads.flatMap((r) => r.untypedReads),
    testFiles: own.filter((f) => f.inner.endsWith('.test.ts')).length,
    hasReadme: top.includes(`${stackRoot}/README.md`),
  };
}

type ParsedContract = ReturnType<typeof parseContractFile>[number];

/** Each stack's contracts (`stacks/<s>/contract/*.ts`) and the package they are imported by (its package.json name). */
function readContracts(root: string, stackRoot: string, files: string[]): { packageName?: string; contracts: ParsedContract[] } {
  const dir = `${stackRoot}/contract/`;
  const pkgFile = `${dir}package.json`;
  const packageName = files.includes(pkgFile) ? (JSON.parse(fs.readFileSync(path.join(root, pkgFile), 'utf8')) as { name?: string }).name : undefined;
  const sources = files.filter((f) => f.startsWith(dir) && !f.slice(dir.length).includes('/') && isProgramSource(f));
  return { packageName, contracts: sources.flatMap((f) => parseContractFile(f, fs.readFileSync(path.join(root, f), 'utf8'))) };
}

const PULUMI_IMPORT = /^\s*(import\s+pulumi\b|from\s+pulumi(_[a-z0-9_]+)?(\.[\w.]+)?\s+import\b|import\s+pulumi_[a-z0-9_]+)/m;

function pythonFindings(root: string, files: string[]): PythonFinding[] {
  const found: PythonFinding[] = [];
  for (const file of files) {
    const base = path.basename(file);
    if (base === '__main__.py') found.push({ file, why: 'a Python Pulumi program entry point' });
    else if (file.endsWith('.py') && PULUMI_IMPORT.test(fs.readFileSync(path.join(root, file), 'utf8'))) found.push({ file, why: 'imports pulumi' });
    else if (/^Pulumi\.ya?ml$/.test(base)) {
      const runtime = readYaml(root, file).runtime;
      const name = typeof runtime === 'string' ? runtime : (runtime as { name?: unknown } | undefined)?.name;
      if (name === 'python') found.push({ file, why: 'runtime python' });
    }
  }
  return found;
}

export interface GatherInput {
  projects: ProjectFacts[];
  teams: string[];
  escEnvironments: readonly string[];
  /** Outputs tools read from stacks (default: none). */
  toolReads?: OutputRead[];
}

/**
 * The stack outputs the secrets sync publishes to GitHub (`outputs` of its manifest, `<project>:<output>`), each at
 * the manifest line that names it.
 */
export function secretsSyncReads(root: string): OutputRead[] {
  const file = 'tools/secrets/src/manifest.ts';
  const { SYNC_MANIFEST } = require(path.join(root, file)) as { SYNC_MANIFEST: { outputs?: Record<string, unknown> } };
  const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
  return Object.keys(SYNC_MANIFEST.outputs ?? {}).map((key) => {
    const [producer, output] = key.split(':') as [string, string];
    return { file, line: lines.findIndex((l) => l.includes(`'${key}'`)) + 1, producer, output };
  });
}

export function gatherWorkspace(root: string, input: GatherInput): WorkspaceFacts {
  const files = walk(root);
  const stackRoots = [
    ...new Set([
      ...files.filter((f) => /^stacks\/[^/]+\/Pulumi\.yaml$/.test(f)).map((f) => path.dirname(f)),
      ...input.projects.filter((p) => p.tags.includes('type:stack') && /^stacks\/[^/]+$/.test(p.root)).map((p) => p.root),
    ]),
  ].sort();
  const contracts = new Map(stackRoots.map((s) => [s, readContracts(root, s, files)]));
  const packages: ContractPackages = {};
  for (const { packageName, contracts: declared } of contracts.values()) {
    if (packageName) packages[packageName] = Object.fromEntries(declared.map((c) => [c.exportName, c.project]));
  }
  const guide = files.includes(GUIDE) ? fs.readFileSync(path.join(root, GUIDE), 'utf8') : '';
  return {
    ...input,
    toolReads: input.toolReads ?? [],
    stacks: stackRoots.map((s) => readStack(root, s, files, contracts.get(s)!.contracts, packages)),
    guideHeadings: guide.split('\n').filter((l) => /^#{1,6}\s/.test(l)),
    python: pythonFindings(root, files),
  };
}
