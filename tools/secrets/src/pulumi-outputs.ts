/*
 * The real reader of stack outputs: `pulumi stack output --json --show-secrets` in stacks/<project>, for the
 * stack the Nx targets would use (organisation as libs/stack-refs resolves it, the CLI as @sophia-ai/pulumi-cli
 * finds it). Values reach this process on the CLI's stdout only — never argv, never a log line.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { engineBinDir, locatePulumi } from '@sophia-ai/pulumi-cli';
import { DIY_ORGANIZATION, isDiyBackend, stackName } from '@sophia-ai/stack-refs/src/naming';
import { workspaceOrganization } from '@sophia-ai/nx-pulumi/src/plugin/organization';
import type { StackOutputReader, StackOutputs } from './stack-sources';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');
/** Stack outputs are small; a PEM or a map of keys is a few KB. */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** The organisation the Nx targets run `project`'s stacks in (a `backend.url` in its Pulumi.yaml counts too). */
export function stackOrganization(root: string, project: string, env: NodeJS.ProcessEnv): string {
  let backendUrl: string | undefined;
  try {
    const doc = YAML.parse(fs.readFileSync(path.join(root, 'stacks', project, 'Pulumi.yaml'), 'utf8')) as { backend?: { url?: string } } | null;
    backendUrl = doc?.backend?.url;
  } catch {
    backendUrl = undefined;
  }
  if (!env.PULUMI_BACKEND_URL && isDiyBackend(backendUrl)) return DIY_ORGANIZATION;
  return workspaceOrganization(root, env);
}

/**
 * Reads outputs with the Pulumi CLI. A stack that does not exist is `{ deployed: false }`; a missing CLI or any
 * other failure is an error naming the stack (the CLI's own error line, which never holds an output value).
 */
export function pulumiStackOutputs(opts: { root?: string; env?: NodeJS.ProcessEnv } = {}): StackOutputReader {
  const root = opts.root ?? WORKSPACE_ROOT;
  const env = opts.env ?? process.env;
  return (project, stackEnv) =>
    new Promise<StackOutputs>((resolve, reject) => {
      const cli = locatePulumi(env);
      if (!cli) return reject(new Error(`no Pulumi CLI to read stack ${project}/${stackEnv} (neither on PATH nor in ${engineBinDir(env)}: npm run engine:install)`));
      const stack = stackName(project, stackEnv, stackOrganization(root, project, env));
      const args = ['stack', 'output', '--json', '--show-secrets', '--non-interactive', '--stack', stack];
      execFile(cli.path, args, { cwd: path.join(root, 'stacks', project), env: { ...env, PULUMI_SKIP_UPDATE_CHECK: 'true' }, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8' }, (err, stdout, stderr) => {
        if (err) {
          if (/no stack named/i.test(stderr)) return resolve({ deployed: false });
          const line = stderr.split('\n').find((l) => /error/i.test(l))?.trim() ?? `exited ${String(err.code ?? err.message)}`;
          return reject(new Error(`pulumi stack output --stack ${stack} failed: ${line}`));
        }
        try {
          const outputs = JSON.parse(stdout) as unknown;
          if (!outputs || typeof outputs !== 'object' || Array.isArray(outputs)) throw new Error('not an object');
          resolve({ deployed: true, outputs: outputs as Record<string, unknown> });
        } catch {
          reject(new Error(`pulumi stack output --stack ${stack} did not print a JSON object (its output is not shown)`));
        }
      });
    });
}
