import type { ExecutorContext } from '@nx/devkit';
import { argvOrReport, projectDir } from '../common';
import { runProcess } from '../run-process';
import { pulumiArgv, type PulumiExecutorOptions } from './argv';
import { findOnPath, MISSING_PULUMI_MESSAGE } from './find-cli';

export default async function pulumiExecutor(
  options: PulumiExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const stackDir = projectDir(context, 'pulumi');
  const argv = argvOrReport(() => pulumiArgv(options, stackDir, process.env, process.stdin.isTTY === true));
  if (!argv) return { success: false };
  // Checked before anything is spawned, so a missing CLI fails fast with the fix, not with ENOENT.
  const pulumi = findOnPath('pulumi', process.env);
  if (!pulumi) {
    console.error(MISSING_PULUMI_MESSAGE);
    return { success: false };
  }
  // Safe to print: argv holds names and paths only (secrets reach pulumi through env/ESC).
  console.log(`> pulumi ${argv.join(' ')}`);
  const code = await runProcess(pulumi, argv, stackDir, process.env);
  if (code !== 0) console.error(`pulumi ${options.command} exited with code ${code}`);
  return { success: code === 0 };
}
