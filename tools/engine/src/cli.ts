import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { engineBinDir, engineCacheDir, locatePulumi } from '@sophia-ai/pulumi-cli';
import { installEngine, stepLine } from './install';

const WORKSPACE_ROOT = resolve(__dirname, '../../..');

/** `sophia-engine install | path | status`; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let code = 0;
  const program = new Command('sophia-engine')
    .description('The Pulumi engine (CLI, Node.js language host, dynamic-provider shim) built from Go modules')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('install')
    .description(`build into ${engineBinDir(env)} what is not there yet (idempotent)`)
    .option('--force', 'rebuild everything')
    .action((opts: { force?: boolean }) => {
      const started = Date.now();
      const report = installEngine({ env, force: opts.force, workspaceRoot: WORKSPACE_ROOT, log: (line) => console.log(line) });
      const failed = report.steps.filter((s) => s.status === 'failed');
      for (const step of failed) console.error(stepLine(step));
      const seconds = Math.round((Date.now() - started) / 1000);
      if (failed.length > 0) {
        console.error(`engine: not installed (${failed.map((s) => s.name).join(', ')} missing) after ${seconds} s`);
        code = 1;
        return;
      }
      console.log(`engine: ready in ${report.binDir} (${seconds} s). Use it with: export PATH="${report.binDir}:$PATH"`);
    });

  program
    .command('path')
    .description('print the folder of the built engine (for PATH)')
    .action(() => console.log(engineBinDir(env)));

  program
    .command('status')
    .description('which pulumi the workspace would run, and what the engine cache holds')
    .action(() => {
      const cli = locatePulumi(env);
      if (!cli) {
        console.log(`no pulumi CLI on PATH or in ${engineBinDir(env)}: run \`npm run engine:install\``);
        code = 1;
      } else {
        const v = spawnSync(cli.path, ['version'], { encoding: 'utf8' });
        console.log(`pulumi ${v.stdout.trim() || '(version unknown)'} at ${cli.path} (${cli.source})`);
      }
      try {
        console.log(readFileSync(join(engineCacheDir(env), 'manifest.json'), 'utf8').trimEnd());
      } catch {
        console.log('engine cache: empty');
      }
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  return code;
}
