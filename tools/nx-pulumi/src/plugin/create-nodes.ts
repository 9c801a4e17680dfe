import { createNodesFromFiles, type CreateNodesContextV2, type CreateNodesV2 } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { workspaceDataDirectoryForWorkspace } from 'nx/src/utils/cache-directory';
import { parse } from 'yaml';
import type { StackEdge } from '../graph/edges';
import { scanEnvironmentImports, type EnvironmentImport } from '../graph/environments';
import { scanStackEdges, type StackInfo } from '../graph/scan';
import { stackTargets, type NxPulumiPluginOptions } from './targets';

export const STACK_GLOB = 'stacks/*/Pulumi.yaml';

/** What the executors and createDependencies read back from a stack project (`metadata['nx-pulumi']`). */
export interface StackMetadata {
  /** `name:` of Pulumi.yaml: the project a contract names, and the one a `--stack` must name. */
  pulumiProject: string;
  /** `backend.url` of Pulumi.yaml, when the stack pins its backend (a DIY backend means org `organization`). */
  backendUrl?: string;
  /** Stacks this one reads through StackReferences, with the file that creates each reference. */
  upstream: Array<{ target: string; sourceFile: string }>;
  /** ESC environments this stack imports whose definitions are committed here (edges to the file's project). */
  environmentImports?: Array<{ sourceFile: string; definitionFile: string }>;
  /** Set on the environments stack (plugin option `environmentsStack`): it creates what the others import. */
  createsEnvironments?: boolean;
}

/** `name:` and `backend.url` of a Pulumi.yaml text; the name falls back to the folder name (the convention). */
export function readPulumiYaml(text: string, folder: string): { pulumiProject: string; backendUrl?: string } {
  const doc = parse(text) as { name?: unknown; backend?: { url?: unknown } } | null;
  const pulumiProject = typeof doc?.name === 'string' && doc.name.trim() ? doc.name.trim() : folder;
  const url = doc?.backend?.url;
  return typeof url === 'string' && url ? { pulumiProject, backendUrl: url } : { pulumiProject };
}

function stackNodes(
  file: string,
  options: NxPulumiPluginOptions,
  stacks: Map<string, StackInfo & { backendUrl?: string }>,
  edges: StackEdge[],
  imports: EnvironmentImport[],
) {
  const root = dirname(file);
  const stack = stacks.get(root)!;
  const own = imports.filter((i) => i.source === stack.name);
  const metadata: StackMetadata = {
    pulumiProject: stack.pulumiProject,
    ...(stack.backendUrl ? { backendUrl: stack.backendUrl } : {}),
    upstream: edges.filter((e) => e.source === stack.name).map((e) => ({ target: e.target, sourceFile: e.sourceFile })),
    ...(own.length ? { environmentImports: own.map(({ sourceFile, definitionFile }) => ({ sourceFile, definitionFile })) } : {}),
  };
  // The environments stack creates what the others import: it deploys before them and is destroyed after them.
  const environmentsStack = options.environmentsStack ?? 'esc';
  const hasEnvironmentsStack = [...stacks.values()].some((s) => s.name === environmentsStack);
  const importers = hasEnvironmentsStack && stack.name === environmentsStack ? imports.map((i) => i.source).filter((s) => s !== environmentsStack) : [];
  const dependents = [...new Set([...edges.filter((e) => e.target === stack.name).map((e) => e.source), ...importers])];
  const upAfter = hasEnvironmentsStack && own.length > 0 && stack.name !== environmentsStack ? [environmentsStack] : [];
  if (stack.name === environmentsStack) metadata.createsEnvironments = true;
  return {
    projects: {
      [root]: {
        name: stack.name,
        root,
        projectType: 'application' as const,
        // Team ownership (`team:<x>`) lives in the stack's package.json `nx.tags`; Nx merges those tags
        // with this one, so Pulumi.yaml (read by the engine) stays free of Nx concerns.
        tags: ['type:stack'],
        metadata: { 'nx-pulumi': metadata },
        targets: stackTargets(options, dependents, upAfter),
      },
    },
  };
}

/**
 * One scan of every stack's sources per graph computation: edges feed createDependencies (through the project
 * metadata) and the reverse order of `destroy`, and a cycle or an unresolvable use fails here, so `nx graph` and
 * `nx show projects` fail with the files, not only `up`.
 */
export const createNodesV2: CreateNodesV2<NxPulumiPluginOptions> = [
  STACK_GLOB,
  (files, options, context: CreateNodesContextV2) => {
    const stacks = new Map<string, StackInfo & { backendUrl?: string }>();
    for (const file of files) {
      const root = dirname(file);
      const name = basename(root); // project name = folder name (docs/CONVENTIONS.md)
      stacks.set(root, { name, root, ...readPulumiYaml(readFileSync(join(context.workspaceRoot, file), 'utf8'), name) });
    }
    const cacheFile = join(workspaceDataDirectoryForWorkspace(context.workspaceRoot), 'nx-pulumi-scan.json');
    const edges = scanStackEdges(context.workspaceRoot, [...stacks.values()], cacheFile);
    const imports = scanEnvironmentImports(context.workspaceRoot, [...stacks.values()]);
    return createNodesFromFiles((file) => stackNodes(file, options ?? {}, stacks, edges, imports), files, options ?? {}, context);
  },
];
export const createNodes = createNodesV2;
