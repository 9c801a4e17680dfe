import type { TargetConfiguration } from '@nx/devkit';

/** Options accepted in nx.json: `{ "plugin": "./tools/nx-pulumi", "options": { ... } }`. */
export interface NxPulumiPluginOptions {
  /** Name of the offline plan target (default `synth`). */
  synthTargetName?: string;
}

export const PULUMI_EXECUTOR = '@sophia-ai/nx-pulumi:pulumi';
export const SYNTH_EXECUTOR = '@sophia-ai/nx-pulumi:synth';
export const PULUMI_COMMANDS = ['preview', 'up', 'refresh', 'destroy'] as const;
export type PulumiCommand = (typeof PULUMI_COMMANDS)[number];

/**
 * The targets every stack gets. Pure, so the cache/dependsOn policy is unit-tested without Nx.
 *
 * - Engine targets are never cached: their result depends on remote state, not on files.
 * - `^up` forwards the CLI params (`--env`, `--stack`, ...) so upstream stacks deploy to the same
 *   environment as the stack that was asked for (Nx's default for `^` deps is to drop them).
 * - `synth` is a pure function of files, so it is cached; upstream synth results feed downstream
 *   StackReference mocks, hence `^synth` and the upstream output files as inputs.
 */
export function stackTargets(opts: NxPulumiPluginOptions = {}): Record<string, TargetConfiguration> {
  const synthName = opts.synthTargetName ?? 'synth';
  const pulumiTarget = (command: PulumiCommand, description: string): TargetConfiguration => ({
    executor: PULUMI_EXECUTOR,
    options: { command },
    cache: false,
    metadata: { technologies: ['pulumi'], description },
  });
  return {
    [synthName]: {
      executor: SYNTH_EXECUTOR,
      cache: true,
      dependsOn: [{ dependencies: true, target: synthName, params: 'forward' }],
      inputs: [
        '{projectRoot}/**/*.ts',
        '!{projectRoot}/**/*.test.ts',
        '{projectRoot}/Pulumi.yaml',
        '{projectRoot}/Pulumi.*.yaml',
        '{projectRoot}/package.json',
        '{workspaceRoot}/tsconfig.base.json',
        // The runner itself: a change to how synth plans must invalidate every cached plan.
        '{workspaceRoot}/tools/nx-pulumi/bin/synth.js',
        '{workspaceRoot}/tools/nx-pulumi/src/synth/**/*',
        '^production',
        { dependentTasksOutputFiles: '**/*.json' },
      ],
      outputs: ['{workspaceRoot}/dist/synth/{projectName}'],
      metadata: { technologies: ['pulumi'], description: 'Plan the stack offline under Pulumi mocks (no credentials)' },
    },
    preview: pulumiTarget('preview', 'pulumi preview --diff'),
    up: {
      ...pulumiTarget('up', 'pulumi up (upstream stacks first)'),
      dependsOn: [{ dependencies: true, target: 'up', params: 'forward' }],
    },
    refresh: pulumiTarget('refresh', 'pulumi refresh'),
    destroy: pulumiTarget('destroy', 'pulumi destroy'),
  };
}
