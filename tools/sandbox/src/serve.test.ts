import { type ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { freePort } from './port-holder';
import { EMULATORS } from './registry';

// `npx nx run sandbox:serve` as a user runs it, on free ports so a developer's own sandbox is not disturbed.
const WORKSPACE = path.resolve(__dirname, '../../..');
const NX = require.resolve('nx/bin/nx');

jest.setTimeout(90_000);


const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** Resolves once `check` is true; the test's timeout is what fails a hang. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 200));
}

function collect(child: ChildProcess) {
  const out = { stdout: '', stderr: '', code: undefined as number | null | undefined };
  child.stdout?.on('data', (d) => (out.stdout += d));
  child.stderr?.on('data', (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve((out.code = code))));
  return { out, exited };
}

describe('sandbox serve (spawned)', () => {
  let env: NodeJS.ProcessEnv;
  let lambdaPort: number;
  beforeEach(async () => {
    // Every registered emulator on a free port (another test may run serve at the same time).
    env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' };
    for (const e of EMULATORS) env[e.portEnv] = String(await freePort());
    lambdaPort = Number(env.SANDBOX_LAMBDA_PORT);
  });

  it('stops cleanly on SIGTERM and frees its ports', async () => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'tools/sandbox/src/serve.ts'], { cwd: WORKSPACE, env });
    const { out, exited } = collect(child);
    await until(async () => out.stdout.includes('LAMBDA_API_URL='));
    expect(out.stdout).toContain(`LAMBDA_API_URL=http://127.0.0.1:${lambdaPort}`);
    // Its ESC holds the committed definitions under their real names (the secrets environments empty).
    try {
      await until(async () => out.stdout.includes('ESC_API_URL='));
      const escUrl = /ESC_API_URL=(\S+)/.exec(out.stdout)![1]!;
      const auth = { Authorization: 'token sandbox' };
      const listed = (await (await fetch(`${escUrl}/api/esc/environments/sophia-ai`, { headers: auth })).json()) as { environments: Array<{ name: string }> };
      expect(listed.environments.map((e) => e.name)).toEqual(expect.arrayContaining(['lambda-labs-dev', 'snowflake-production', 'secrets-dev']));
      const definition = await fetch(`${escUrl}/api/esc/environments/sophia-ai/sophia-ai/github-staging`, { headers: auth });
      expect(await definition.text()).toContain('- sophia-ai/secrets-staging');
    } catch (err) {
      child.kill('SIGTERM'); // a failed check must not leave the server running (jest would wait on it)
      throw err;
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out.stdout).toContain('sandbox: stopping (SIGTERM)');
    expect(await listening(lambdaPort)).toBe(false);
  });

  it('fails at once when a port is taken, naming the port, the holder and the variable that moves it', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(lambdaPort, '127.0.0.1', resolve));
    try {
      const child = spawn(process.execPath, [NX, 'run', 'sandbox:serve'], { cwd: WORKSPACE, env });
      const { out, exited } = collect(child);
      expect(await exited).not.toBe(0);
      const text = out.stdout + out.stderr;
      expect(text).toContain(`port ${lambdaPort} on 127.0.0.1 is already in use by pid ${process.pid} (`);
      expect(text).toContain('SANDBOX_LAMBDA_PORT=<port> npx nx run sandbox:serve');
      expect(text).not.toContain('Waiting for sandbox:serve in another nx process');
      expect(text).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('exits, freeing the ports, when the command that started it dies without passing a signal on (npx killed)', async () => {
    // sh stands in for npx: killing it with SIGKILL orphans nx, exactly what stopping the npx process did.
    const launcher = spawn('/bin/sh', ['-c', `"${process.execPath}" "${NX}" run sandbox:serve; :`], { cwd: WORKSPACE, env, detached: true });
    const { out } = collect(launcher);
    await until(async () => out.stdout.includes('LAMBDA_API_URL='));
    launcher.kill('SIGKILL');
    await until(async () => !(await listening(lambdaPort)));
    // A second serve now starts on the same ports (before the fix it waited for the orphaned nx forever).
    const second = spawn(process.execPath, [NX, 'run', 'sandbox:serve'], { cwd: WORKSPACE, env, detached: true });
    const run = collect(second);
    await until(async () => run.out.stdout.includes('LAMBDA_API_URL='));
    process.kill(-second.pid!, 'SIGINT'); // Ctrl-C reaches the whole foreground group
    await run.exited;
    await until(async () => !(await listening(lambdaPort)));
  });
});
