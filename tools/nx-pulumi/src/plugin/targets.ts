import type { TargetConfiguration } from '@nx/devkit';

/** Options accepted in nx.json: `{ "plugin": "./tools/nx-pulumi", "options": { ... } }`. */
export interface NxPulumiPluginOptions {
  /** Name of the offline plan target (default `synth`). */
  synthTargetName?: string;
  /** Pulumi organisation of the stacks (default `sophia-ai`; `SOPHIA_PULUMI_ORG` wins; DIY backends: `organization`). */
  organization?: string;
  /** Secrets provider `init` creates stacks with (`passphrase`, `awskms://…`); default: the backend's own. */
  secretsProvider?: string;
  /** The stack that creates the ESC environments the others import (default `esc`): its `up` runs first. */
  environmentsStack?: string;
}

export const PULUMI_EXECUTOR = '@sophia-ai/nx-pulumi:pulumi';
export const SYNTH_EXECUTOR = '@sophia-ai/nx-pulumi:synth';
export const PULUMI_COMMANDS = ['init', 'preview', 'up', 'refresh', 'destroy', 'outputs'] as const;
export type PulumiCommand = (typeof PULUMI_COMMANDS)[number];

/**
 * The targets every stack gets. Pure, so the cache/dependsOn policy is unit-tested without Nx.
 *
 * - Engine targets are never cached: their result depends on remote state, not on files.
 * - `init` (`pulumi stack select --create`) runs before `preview` and `up` of the same stack, so a stack that does
 *   not exist yet (a fresh organisation or backend) is created instead of failing with "no stack named".
 * - `^up` forwards the CLI params so upstream stacks deploy to the same environment as the stack that was asked
 *   for; the executor gives such dependency tasks only the environment and the approval (never another stack's
 *   `--stack` or pass-through flags).
 * - `up` of a stack that imports ESC environments defined in the workspace also waits for `up` of the stack that
 *   creates them (`upAfter`: the environments stack): a task dependency, not a project edge, so that a change to
 *   that stack does not make every importer affected (graph/environments.ts).
 * - `destroy` waits for the destroy of every stack that reads this one (`dependents`, from the StackReference
 *   scan and the ESC imports): downstream first, the reverse of `up`.
 * - `synth` is a pure function of files, so it is cached; upstream synth results feed downstream
 *   StackReference mocks, hence `^synth` and the upstream output files as inputs.
 */
export function stackTargets(opts: NxPulumiPluginOptions = {}, dependents: string[] = [], upAfter: string[] = []): Record<string, TargetConfiguration> {
  const synthName = opts.synthTargetName ?? 'synth';
  const pulumiTarget = (command: PulumiCommand, description: string, options: Record<string, string> = {}): TargetConfiguration => ({
    executor: PULUMI_EXECUTOR,
    options: { command, ...(opts.organization ? { organization: opts.organization } : {}), ...options },
    cache: false,
    metadata: { technologies: ['pulumi'], description },
  });
  const init = { target: 'init', params: 'forward' as const };
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
        // The organisation names every StackReference in the plan: its sources are inputs too.
        '{workspaceRoot}/tools/nx-pulumi/src/plugin/organization.ts',
        '{workspaceRoot}/nx.json',
        { env: 'SOPHIA_PULUMI_ORG' },
        { env: 'PULUMI_BACKEND_URL' },
        '^production',
        { dependentTasksOutputFiles: '**/*.json' },
      ],
      outputs: ['{workspaceRoot}/dist/synth/{projectName}'],
      metadata: { technologies: ['pulumi'], description: 'Plan the stack offline under Pulumi mocks (no credentials)' },
    },
    init: pulumiTarget(
      'init',
      'pulumi stack select --create (creates the stack if it does not exist)',
      opts.secretsProvider ? { secretsProvider: opts.secretsProvider } : {},
    ),
    preview: { ...pulumiTarget('preview', 'pulumi preview --diff'), dependsOn: [init] },
    up: {
      ...pulumiTarget('up', 'pulumi up (upstream stacks first)'),
      dependsOn: [
        init,
        { dependencies: true, target: 'up', params: 'forward' },
        ...(upAfter.length > 0 ? [{ projects: [...upAfter].sort(), target: 'up', params: 'forward' as const }] : []),
      ],
    },
    refresh: pulumiTarget('refresh', 'pulumi refresh'),
    destroy: {
      ...pulumiTarget('destroy', 'pulumi destroy (stacks that read this one first)'),
      ...(dependents.length > 0 ? { dependsOn: [{ projects: [...dependents].sort(), target: 'destroy', params: 'forward' as const }] } : {}),
    },
    outputs: pulumiTarget('outputs', 'pulumi stack output --json (secrets hidden unless --show-secrets)'),
  };
}
