import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The Pulumi CLI version that `npm run engine:install` builds. The CLI and the @pulumi/pulumi SDK need not be equal
 * (the CLI talks to the SDK through the language host's gRPC protocol); the SDK stays at 3.247.0 because later
 * SDKs need Node 22. v3.248.0 is the release nearest to the SDK that the Go module proxy serves.
 */
export const ENGINE_VERSION = 'v3.248.0';

/**
 * `${XDG_CACHE_HOME:-~/.cache}/sophia-ai/pulumi/<version>`: outside every clone, so one build serves all of them
 * and CI runs on the same machine reuse it.
 */
export function engineCacheDir(env: NodeJS.ProcessEnv = process.env, version = ENGINE_VERSION): string {
  const cacheHome = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(cacheHome, 'sophia-ai', 'pulumi', version);
}

/** The folder holding `pulumi`, its language host and the dynamic-provider shim, side by side as a release has them. */
export function engineBinDir(env: NodeJS.ProcessEnv = process.env, version = ENGINE_VERSION): string {
  return join(engineCacheDir(env, version), 'bin');
}
