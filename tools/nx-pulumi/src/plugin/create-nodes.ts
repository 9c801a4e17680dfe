import { createNodesFromFiles, type CreateNodesContextV2, type CreateNodesV2 } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';
import { stackTargets, type NxPulumiPluginOptions } from './targets';

export const STACK_GLOB = 'stacks/*/Pulumi.yaml';

/** What createDependencies needs to map a contract's Pulumi project back to an Nx project. */
export interface StackMetadata {
  pulumiProject: string;
}

/** Reads `name:` from a Pulumi.yaml text; falls back to the folder name (the convention) if absent. */
export function pulumiProjectName(pulumiYaml: string, folder: string): string {
  const doc = parse(pulumiYaml) as { name?: unknown } | null;
  return typeof doc?.name === 'string' && doc.name.trim() ? doc.name.trim() : folder;
}

function createNodesForStack(file: string, options: NxPulumiPluginOptions | undefined, context: CreateNodesContextV2) {
  const root = dirname(file);
  const name = basename(root); // project name = folder name (docs/CONVENTIONS.md)
  const pulumiProject = pulumiProjectName(readFileSync(join(context.workspaceRoot, file), 'utf8'), name);
  const metadata: StackMetadata = { pulumiProject };
  return {
    projects: {
      [root]: {
        name,
        root,
        projectType: 'application' as const,
        // Team ownership (`team:<x>`) lives in the stack's package.json `nx.tags`; Nx merges those tags
        // with this one, so Pulumi.yaml (read by the engine) stays free of Nx concerns.
        tags: ['type:stack'],
        metadata: { 'nx-pulumi': metadata },
        targets: stackTargets(options ?? {}),
      },
    },
  };
}

export const createNodesV2: CreateNodesV2<NxPulumiPluginOptions> = [
  STACK_GLOB,
  (files, options, context) => createNodesFromFiles(createNodesForStack, files, options ?? {}, context),
];
export const createNodes = createNodesV2;
