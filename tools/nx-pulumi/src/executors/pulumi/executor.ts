import type { ExecutorContext } from '@nx/devkit';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { basename, delimiter, dirname, resolve } from 'node:path';
import { engineBinDir, locatePulumi, missingPulumiMessage } from '@sophia-ai/pulumi-cli';
import { resolveOrganization } from '@sophia-ai/stack-refs/src/naming';
import type { StackMetadata } from '../../plugin/create-nodes';
import { PULUMI_EXECUTOR } from '../../plugin/targets';
import { argvOrReport, projectDir } from '../common';
import { runProcess } from '../run-process';
import { TERMINAL, type TaskIo } from '../task-io';
import { promptsAtTerminal, pulumiArgv, selectStack, writesJson, type PulumiExecutorOptions, type RunContext } from './argv';
import { currentTaskId, environmentsNeeded, isDependencyTask, unorderedPair, type DependentMetadata } from './task-graph';

const PROMPTING_COMMANDS = new Set(['up', 'refresh', 'destroy']);

export default function pulumiExecutor(options: PulumiExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  return runPulumiTask(options, context, TERMINAL);
}

/** One stack's pulumi command, for the task `context` names (also run by the batch implementation, batch.ts). */
export async function runPulumiTask(options: PulumiExecutorOptions, context: ExecutorContext, io: TaskIo): Promise<{ success: boolean }> {
  const stackDir = projectDir(context, 'pulumi');
  const run = argvOrReport(() => runContext(options, context, stackDir, io), io.error);
  if (!run) return { success: false };
  const skip = nothingToDeployFor(options, context, run);
  if (skip) {
    io.log(skip);
    return { success: true };
  }
  const argv = argvOrReport(() => {
    const built = pulumiArgv(options, run);
    if (promptsAtTerminal(built)) refuseConcurrentPrompts(context);
    return built;
  }, io.error);
  if (!argv) return { success: false };
  // Checked before anything is spawned, so a missing CLI fails fast with the fix, not with ENOENT. The user's own
  // CLI on PATH wins; else the engine `npm run engine:install` built (its plugins sit beside it).
  const cli = locatePulumi(process.env);
  if (!cli) {
    io.error(missingPulumiMessage(process.env));
    return { success: false };
  }
  const pulumi = cli.path;
  // Safe to print: argv holds names and paths only (secrets reach pulumi through env/ESC).
  io.log(`> pulumi ${argv.join(' ')}`);
  const jsonFile = writesJson(options) ? resolve(context.root, String(options.jsonDir), `${context.projectName}.json`) : undefined;
  if (jsonFile) mkdirSync(dirname(jsonFile), { recursive: true });
  const stdout = jsonFile ? openSync(jsonFile, 'w') : undefined;
  let code: number;
  try {
    code = await runProcess(pulumi, argv, stackDir, envFor(cli.binDir, options), { stdout, capture: io.capture });
  } finally {
    if (stdout !== undefined) closeSync(stdout);
  }
  if (jsonFile) io.log(`pulumi's JSON result: ${jsonFile}`);
  if (code !== 0) io.error(`pulumi ${argv[0] === 'stack' ? argv.slice(0, 2).join(' ') : argv[0]} exited with code ${code}`);
  return { success: code === 0 };
}

/**
 * The engine looks for a policy pack's launcher (pulumi-analyzer-policy-<runtime>) on PATH only, never beside the
 * CLI as it does for the language host: with `policyPack`, the CLI's folder and the engine cache (where
 * `npm run engine:install` writes the launcher, also when the CLI is your own) go first on PATH.
 */
function envFor(binDir: string, options: PulumiExecutorOptions): NodeJS.ProcessEnv {
  if (!options.policyPack) return process.env;
  return { ...process.env, PATH: [...new Set([binDir, engineBinDir(process.env)]), process.env.PATH ?? ''].join(delimiter) };
}

/**
 * The environments stack runs as a dependency of an importer's `up` (a static task dependency, whatever the
 * environment): in an environment no waiting stack imports from, and with no waiting stack reading its outputs,
 * there is nothing to deploy for them, so it says so and succeeds without starting pulumi.
 */
function nothingToDeployFor(options: PulumiExecutorOptions, context: ExecutorContext, run: RunContext): string | undefined {
  const project = context.projectName!;
  const meta = context.projectsConfigurations.projects[project]?.metadata?.['nx-pulumi'] as StackMetadata | undefined;
  if (!run.dependency || options.command !== 'up' || !meta?.createsEnvironments) return undefined;
  const env = selectStack(options, run).split('/').at(-1)!;
  const taskId = currentTaskId(context.taskGraph, project, context.targetName!);
  const metadataOf = (p: string) => context.projectsConfigurations.projects[p]?.metadata?.['nx-pulumi'] as DependentMetadata | undefined;
  if (environmentsNeeded(context.taskGraph, taskId, project, env, metadataOf)) return undefined;
  return `${project}:up skipped: no stack waiting for it imports an ESC environment in ${env} or reads its outputs`;
}

function runContext(options: PulumiExecutorOptions, context: ExecutorContext, stackDir: string, io: TaskIo): RunContext {
  const project = context.projectsConfigurations.projects[context.projectName!]!;
  const meta = project.metadata?.['nx-pulumi'] as StackMetadata | undefined;
  const taskId = currentTaskId(context.taskGraph, context.projectName!, context.targetName!);
  return {
    stackDir,
    env: process.env,
    interactive: !io.capture && process.stdin.isTTY === true,
    organization: resolveOrganization({ env: process.env, configured: options.organization, projectBackendUrl: meta?.backendUrl }),
    pulumiProject: meta?.pulumiProject ?? basename(stackDir),
    dependency: isDependencyTask(context.taskGraph, taskId),
    configuredArgs: project.targets?.[context.targetName!]?.options?.args as string | undefined,
    workspaceRoot: context.root,
  };
}

/**
 * An unapproved run at a terminal leaves the confirmation to pulumi. Two such pulumi processes that Nx may run at
 * once would share the terminal: prompts interleave and one typed "yes" approves whichever reads it. Refused, in
 * every task of the run, before any of them starts.
 */
function refuseConcurrentPrompts(context: ExecutorContext): void {
  const graph = context.taskGraph;
  if (!graph) return;
  const prompting = Object.values(graph.tasks)
    .filter((t) => {
      const target = context.projectsConfigurations.projects[t.target.project]?.targets?.[t.target.target];
      return target?.executor === PULUMI_EXECUTOR && PROMPTING_COMMANDS.has(String(target.options?.command));
    })
    .map((t) => t.id);
  const pair = unorderedPair(graph, prompting);
  if (!pair) return;
  throw new Error(
    `Refusing to start ${pair[0]} and ${pair[1]} at the same time: both would ask for confirmation on this terminal, ` +
      `and one typed "yes" would approve whichever reads it first. Review the changes (npx nx run-many -t preview), ` +
      `then approve the run with --yes, or run one stack at a time (npx nx run ${pair[0]}).`,
  );
}
