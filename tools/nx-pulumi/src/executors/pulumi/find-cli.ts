import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Absolute path of `name` on PATH (PATHEXT on Windows), or undefined. No process is spawned. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv, platform = process.platform): string | undefined {
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export const MISSING_PULUMI_MESSAGE = [
  'The `pulumi` CLI is not on PATH, so this target cannot run.',
  'Install it: https://www.pulumi.com/docs/install/',
  '  curl -fsSL https://get.pulumi.com | sh      (Linux/macOS)',
  '  brew install pulumi/tap/pulumi             (macOS/Linux with Homebrew)',
  'Credentials come from the environment (PULUMI_ACCESS_TOKEN, ESC), never from command-line options.',
  'Without the CLI, `nx run-many -t synth` still plans every stack offline.',
].join('\n');
