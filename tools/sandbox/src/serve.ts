/**
 * `npx nx run sandbox:serve`: starts every registered emulator on fixed loopback ports (override with
 * SANDBOX_<NAME>_PORT) and prints `<ENV_VAR>=<url>` lines, e.g. `LAMBDA_API_URL=http://127.0.0.1:4610`.
 * Faults: `curl -X POST $LAMBDA_API_URL/_sandbox/faults -d '{"rateLimit":{"next":2,"retryAfterSeconds":3}}'`.
 *
 * Stops cleanly on SIGINT, SIGTERM and SIGHUP, and also when the command that started it (npx → nx → sh) goes
 * away without passing a signal on: an orphaned emulator would keep the ports and make the next `serve` fail.
 */
import { parentOf, portHolder } from './port-holder';
import { EMULATORS } from './registry';
import { portFor, startSandbox, type Sandbox } from './sandbox';
import { SANDBOX_LAMBDA_API_KEY } from './lambda/emulator';

/** Processes that only pass the command on (the user's shell or terminal is where the chain ends). */
const LAUNCHERS = /^(node|npm|npm exec.*|npx|nx|sh)$/;

/** The launcher processes above this one with their parents, nearest first (Linux; empty elsewhere). */
function launcherChain(): Array<{ pid: number; ppid: number }> {
  const chain: Array<{ pid: number; ppid: number }> = [];
  for (let pid = process.ppid; pid > 1 && chain.length < 8; ) {
    const info = parentOf(pid);
    if (!info || !LAUNCHERS.test(info.comm)) break;
    chain.push({ pid, ppid: info.ppid });
    pid = info.ppid;
  }
  return chain;
}

/** EADDRINUSE as one line: which port, which variable moves it, and who holds it. */
function portTakenMessage(err: NodeJS.ErrnoException & { port?: number }): string {
  const port = err.port;
  const reg = EMULATORS.find((r) => portFor(r) === port);
  const holder = port ? portHolder(port) : undefined;
  return (
    `port ${port ?? '?'} on 127.0.0.1 is already in use${holder ? ` by ${holder}` : ''}. ` +
    `Stop that process${reg ? `, or start on another port: ${reg.portEnv}=<port> npx nx run sandbox:serve` : ''}.`
  );
}

async function main(): Promise<void> {
  process.stdout.on('error', () => undefined); // a closed terminal must not turn into a crash while stopping
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({ ports: 'fixed', interactive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(portTakenMessage(err as NodeJS.ErrnoException));
    throw err;
  }
  for (const [key, url] of Object.entries(sandbox.env)) process.stdout.write(`${key}=${url}\n`);
  process.stdout.write(`# Lambda sandbox API key (sandbox only): ${SANDBOX_LAMBDA_API_KEY}\n`);
  process.stdout.write('# ESC holds the committed definitions (stacks/<s>/esc/<env>.yaml as sophia-ai/<s>-<env>) and empty secrets-<env>.\n');
  process.stdout.write('# Faults: POST <url>/_sandbox/faults, reset: POST <url>/_sandbox/reset. Ctrl-C to stop.\n');

  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`sandbox: stopping (${why})\n`);
    // Open keep-alive connections must not hold the exit: give close a moment, then go anyway.
    setTimeout(() => process.exit(0), 2_000).unref();
    void sandbox.close().then(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
  // A launcher that exited, or was re-parented because the one above it exited, means the user's command is gone.
  const chain = launcherChain();
  setInterval(() => {
    const gone = chain.find(({ pid, ppid }) => parentOf(pid)?.ppid !== ppid);
    if (gone) stop(`the command that started it (pid ${gone.pid}) exited`);
  }, 1_000).unref();
}

main().catch((err) => {
  process.stderr.write(`sandbox: ${(err as Error).message}\n`);
  process.exit(1);
});
