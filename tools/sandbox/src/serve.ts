/**
 * `npx nx run sandbox:serve`: starts every registered emulator on fixed loopback ports (override with
 * SANDBOX_<NAME>_PORT) and prints `<ENV_VAR>=<url>` lines, e.g. `LAMBDA_API_URL=http://127.0.0.1:4610`.
 * Faults: `curl -X POST $LAMBDA_API_URL/_sandbox/faults -d '{"rateLimit":{"next":2,"retryAfterSeconds":3}}'`.
 */
import { startSandbox } from './sandbox';
import { SANDBOX_LAMBDA_API_KEY } from './lambda/emulator';

async function main(): Promise<void> {
  const sandbox = await startSandbox({ ports: 'fixed', interactive: true });
  for (const [key, url] of Object.entries(sandbox.env)) process.stdout.write(`${key}=${url}\n`);
  process.stdout.write(`# Lambda sandbox API key (sandbox only): ${SANDBOX_LAMBDA_API_KEY}\n`);
  process.stdout.write('# Faults: POST <url>/_sandbox/faults, reset: POST <url>/_sandbox/reset. Ctrl-C to stop.\n');
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  process.stderr.write(`sandbox: ${(err as Error).message}\n`);
  process.exit(1);
});
