import { DependencyType, type CreateDependencies, type FileData, type RawProjectGraphDependency } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceDataDirectoryForWorkspace } from 'nx/src/utils/cache-directory';
import { isContractFile, isProgramSource, stackEdges, type FileImports } from '../graph/edges';
import { parseContracts, stackRefsImports } from '../graph/parse';
import { ScanCache } from '../graph/scan-cache';
import type { StackMetadata } from './create-nodes';
import type { NxPulumiPluginOptions } from './targets';

// Bump when the shape of cached parse results changes.
const CACHE_VERSION = '1';

/**
 * Stack → stack edges from stack-refs contracts (see README "How edges are found"). Every file is
 * looked up by its Nx content hash, so an unchanged workspace is answered without reading files.
 */
export const createDependencies: CreateDependencies<NxPulumiPluginOptions> = (_options, context) => {
  const stacks: Record<string, StackMetadata> = {};
  for (const [name, project] of Object.entries(context.projects)) {
    const meta = project.metadata?.['nx-pulumi'] as StackMetadata | undefined;
    if (meta?.pulumiProject) stacks[name] = meta;
  }
  if (Object.keys(stacks).length === 0) return [];

  const nxProjectByPulumiProject: Record<string, string> = {};
  for (const [name, meta] of Object.entries(stacks)) nxProjectByPulumiProject[meta.pulumiProject] = name;

  const cache = new ScanCache<Record<string, string> | string[]>(
    join(workspaceDataDirectoryForWorkspace(context.workspaceRoot), 'nx-pulumi-scan.json'),
    CACHE_VERSION,
  );
  const used = new Set<string>();
  const read = (file: string) => readFileSync(join(context.workspaceRoot, file), 'utf8');

  const allFiles: FileData[] = [
    ...Object.values(context.fileMap.projectFileMap).flat(),
    ...context.fileMap.nonProjectFiles,
  ];
  const contracts: Record<string, string> = {};
  for (const { file, hash } of allFiles) {
    if (!isContractFile(file)) continue;
    used.add(file);
    Object.assign(contracts, cache.get(file, hash, () => parseContracts(file, read(file))));
  }

  const imports: FileImports[] = [];
  for (const project of Object.keys(stacks)) {
    for (const { file, hash } of context.fileMap.projectFileMap[project] ?? []) {
      if (!isProgramSource(file)) continue;
      used.add(file);
      const names = cache.get(file, hash, () => stackRefsImports(file, read(file))) as string[];
      if (names.length > 0) imports.push({ project, file, names });
    }
  }
  cache.save(used);

  return stackEdges(contracts, nxProjectByPulumiProject, imports).map(
    (edge): RawProjectGraphDependency => ({ ...edge, type: DependencyType.static }),
  );
};
