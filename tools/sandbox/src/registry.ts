import type { Emulator } from './core/types';
import { LambdaEmulator } from './lambda/emulator';
import { EscEmulator } from './esc/emulator';
import { seedWorkspaceDefinitions } from './esc/workspace';
import { PortkeyEmulator } from './portkey/emulator';
import { EstuaryEmulator } from './estuary/emulator';
import { GithubEmulator } from './github/emulator';
import { SnowflakeEmulator } from './snowflake/emulator';

/** How `serve` and `startSandbox` start one emulator. */
export interface EmulatorRegistration {
  /** Emulator name (`lambda`, `esc`, ...). */
  name: string;
  /** Fixed default port for `nx run sandbox:serve` (Pulumi.local.yaml and docs point at it). */
  defaultPort: number;
  /** Environment variable that overrides the port, e.g. `SANDBOX_LAMBDA_PORT`. */
  portEnv: string;
  /** Creates the emulator; `interactive` is true for `serve` (human-friendly settings such as a visible boot time). */
  create(opts: { interactive: boolean }): Emulator;
}

/**
 * Every emulator the sandbox serves. To add one, append one line (and nothing else):
 *   { name: 'esc', defaultPort: 4611, portEnv: 'SANDBOX_ESC_PORT', create: () => new EscEmulator() },
 */
export const EMULATORS: EmulatorRegistration[] = [
  {
    name: 'lambda',
    defaultPort: 4610,
    portEnv: 'SANDBOX_LAMBDA_PORT',
    create: ({ interactive }) => new LambdaEmulator(interactive ? { bootMs: 5_000, terminateMs: 2_000 } : { launchWindowMs: 0 }),
  },
  {
    name: 'esc',
    defaultPort: 4611,
    portEnv: 'SANDBOX_ESC_PORT',
    // `serve` holds the workspace's committed definitions (esc/workspace.ts); tests start empty and seed their own.
    create: ({ interactive }) => {
      const esc = new EscEmulator();
      if (interactive) seedWorkspaceDefinitions(esc);
      return esc;
    },
  },
  { name: 'portkey', defaultPort: 4612, portEnv: 'SANDBOX_PORTKEY_PORT', create: () => new PortkeyEmulator() },
  { name: 'estuary', defaultPort: 4613, portEnv: 'SANDBOX_ESTUARY_PORT', create: () => new EstuaryEmulator() },
  { name: 'github', defaultPort: 4614, portEnv: 'SANDBOX_GITHUB_PORT', create: () => new GithubEmulator() },
  { name: 'snowflake', defaultPort: 4615, portEnv: 'SANDBOX_SNOWFLAKE_PORT', create: () => new SnowflakeEmulator() },
];
