import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { engineBinDir } from './engine-cache';

/** Absolute path of `name` on PATH (PATHEXT on Windows), or undefined. No process is spawned. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv, platform = process.platform): string | undefined {
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface PulumiCli {
  /** Absolute path of the `pulumi` executable. */
  path: string;
  /** Its folder: the CLI finds the language host and the dynamic-provider shim beside itself. */
  binDir: string;
  /** `path`: the user's own installation; `engine-cache`: the one `npm run engine:install` built. */
  source: 'path' | 'engine-cache';
}

/**
 * The Pulumi CLI to run: the user's own on PATH first (an official release brings every plugin), else the engine
 * built from Go modules into the user cache. Undefined when neither exists.
 */
export function locatePulumi(env: NodeJS.ProcessEnv = process.env, platform = process.platform): PulumiCli | undefined {
  const onPath = findOnPath('pulumi', env, platform);
  if (onPath) return { path: onPath, binDir: dirname(onPath), source: 'path' };
  const cached = join(engineBinDir(env), platform === 'win32' ? 'pulumi.exe' : 'pulumi');
  if (isExecutableFile(cached)) return { path: cached, binDir: dirname(cached), source: 'engine-cache' };
  return undefined;
}

/** What to tell a user who has no CLI: both ways to get one, and what still works without it. */
export function missingPulumiMessage(env: NodeJS.ProcessEnv = process.env): string {
  return [
    `The \`pulumi\` CLI is neither on PATH nor in ${engineBinDir(env)}, so this cannot run.`,
    'Get one of:',
    '  npm run engine:install                     build it from Go modules (needs Go 1.25+; no download from pulumi.com)',
    '  curl -fsSL https://get.pulumi.com | sh      official release (https://www.pulumi.com/docs/install/)',
    '  brew install pulumi/tap/pulumi             macOS/Linux with Homebrew',
    'Credentials come from the environment (PULUMI_ACCESS_TOKEN, ESC), never from command-line options.',
    'Without the CLI, `nx run-many -t synth` still plans every stack offline.',
  ].join('\n');
}
