import { DependencyType, type CreateDependencies, type RawProjectGraphDependency } from '@nx/devkit';
import type { StackMetadata } from './create-nodes';
import type { NxPulumiPluginOptions } from './targets';

/**
 * Stack → stack edges (see README "How edges are found"). The scan runs once in createNodes, which records each
 * stack's upstream references in its metadata; here they only become static edges with their source file.
 */
export const createDependencies: CreateDependencies<NxPulumiPluginOptions> = (_options, context) => {
  const edges: RawProjectGraphDependency[] = [];
  for (const [source, project] of Object.entries(context.projects)) {
    const meta = project.metadata?.['nx-pulumi'] as StackMetadata | undefined;
    for (const { target, sourceFile } of meta?.upstream ?? []) {
      if (context.projects[target]) edges.push({ source, target, sourceFile, type: DependencyType.static });
    }
  }
  return edges;
};
