import { DependencyType, type CreateDependencies, type RawProjectGraphDependency } from '@nx/devkit';
import { projectOwning } from '../graph/environments';
import type { StackMetadata } from './create-nodes';
import type { NxPulumiPluginOptions } from './targets';

/**
 * Stack → stack edges (see README "How edges are found"). The scan runs once in createNodes, which records each
 * stack's upstream references in its metadata; here they only become static edges with their source file. ESC
 * imports become edges from the importing stack to the project that holds the imported definition, with the
 * `Pulumi.<env>.yaml` that imports it as the source file (graph/environments.ts).
 */
export const createDependencies: CreateDependencies<NxPulumiPluginOptions> = (_options, context) => {
  const edges: RawProjectGraphDependency[] = [];
  const roots = Object.fromEntries(Object.entries(context.projects).map(([name, p]) => [name, p.root]));
  for (const [source, project] of Object.entries(context.projects)) {
    const meta = project.metadata?.['nx-pulumi'] as StackMetadata | undefined;
    for (const { target, sourceFile } of meta?.upstream ?? []) {
      if (context.projects[target]) edges.push({ source, target, sourceFile, type: DependencyType.static });
    }
    for (const { sourceFile, definitionFile } of meta?.environmentImports ?? []) {
      const target = projectOwning(definitionFile, roots);
      if (target && target !== source) edges.push({ source, target, sourceFile, type: DependencyType.static });
    }
  }
  return edges;
};
