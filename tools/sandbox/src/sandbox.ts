import { serveEmulator, type RunningEmulator } from './core/server';
import type { Emulator } from './core/types';
import { EMULATORS, type EmulatorRegistration } from './registry';

export interface StartSandboxOptions {
  /** Emulator names to start (default: every registered one). */
  only?: string[];
  /** `fixed` uses each registration's default port (overridable by its env var); `ephemeral` (default) uses port 0. */
  ports?: 'fixed' | 'ephemeral';
  /** Passed to registrations' `create`. */
  interactive?: boolean;
  /** Environment for port overrides (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Extra emulators (not registered) to serve as well, e.g. a test double. */
  extra?: Emulator[];
  host?: string;
}

export interface Sandbox {
  /** Running emulators by name. */
  servers: Record<string, RunningEmulator>;
  /** `{ LAMBDA_API_URL: 'http://127.0.0.1:4610', ... }` — ready to merge into a child process env. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export function portFor(reg: EmulatorRegistration, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[reg.portEnv];
  if (raw === undefined || raw === '') return reg.defaultPort;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${reg.portEnv} must be a port number (0-65535)`);
  return port;
}

/** Starts the registered emulators (and `extra` ones) on loopback. */
export async function startSandbox(opts: StartSandboxOptions = {}): Promise<Sandbox> {
  const regs = EMULATORS.filter((r) => !opts.only || opts.only.includes(r.name));
  const servers: Record<string, RunningEmulator> = {};
  const env: Record<string, string> = {};
  try {
    for (const reg of regs) {
      const emulator = reg.create({ interactive: opts.interactive ?? false });
      const port = opts.ports === 'fixed' ? portFor(reg, opts.env) : 0;
      const running = await serveEmulator(emulator, { port, host: opts.host });
      servers[reg.name] = running;
      env[emulator.envVar] = running.url;
    }
    for (const emulator of opts.extra ?? []) {
      const running = await serveEmulator(emulator, { host: opts.host });
      servers[emulator.name] = running;
      env[emulator.envVar] = running.url;
    }
  } catch (err) {
    await Promise.all(Object.values(servers).map((s) => s.close()));
    throw err;
  }
  return { servers, env, close: async () => void (await Promise.all(Object.values(servers).map((s) => s.close()))) };
}
