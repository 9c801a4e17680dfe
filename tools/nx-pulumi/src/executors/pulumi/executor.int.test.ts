// The pulumi targets through real Nx, with a stub `pulumi` first on PATH that records argv, cwd and env.
import { join } from 'node:path';
import { createFixture, type Fixture } from '../../testing/fixture-workspace';
import { PLATFORM_FILES, PLATFORM_PACKAGES } from '../../testing/platform-fixture';

jest.setTimeout(120_000);

const CANARY = 'pul-canary-7f3a9c'; // a fake token: it must reach the CLI's env and nothing else
let fx: Fixture;
let dir: string;

beforeAll(() => {
  fx = createFixture(PLATFORM_FILES, PLATFORM_PACKAGES);
  dir = join(fx.root, 'stacks', 'github');
});
afterAll(() => fx?.cleanup());

/** Runs nx and returns its result plus the pulumi invocations it caused. */
function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const start = fx.readLog(fx.pulumiLog).length;
  const result = fx.nx(args, env);
  return { ...result, calls: fx.readLog(fx.pulumiLog).slice(start) };
}

function single(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = run(args, env);
  if (r.code !== 0) throw new Error(`nx ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  expect(r.calls).toHaveLength(1);
  return { ...r, call: r.calls[0] as { argv: string[]; cwd: string; env: Record<string, string> } };
}

describe('preview', () => {
  it('--env picks sophia-ai/<env>; cwd, --diff, --non-interactive; env reaches the CLI, the token nowhere else', () => {
    const r = single(['run', 'github:preview', '--env', 'staging'], { PULUMI_ACCESS_TOKEN: CANARY, SOPHIA_ENV: 'production' });
    expect(r.call.argv).toEqual(['preview', '--cwd', dir, '--stack', 'sophia-ai/staging', '--non-interactive', '--diff']);
    expect(r.call.cwd).toBe(dir);
    expect(r.call.env).toEqual({ PULUMI_ACCESS_TOKEN: CANARY, SOPHIA_ENV: 'production' });
    expect(r.stdout + r.stderr).not.toContain(CANARY);
  });

  it('--stack is used exactly as given', () => {
    const r = single(['run', 'github:preview', '--stack', 'acme/github/prod-eu'], { SOPHIA_ENV: 'production' });
    expect(r.call.argv).toEqual(['preview', '--cwd', dir, '--stack', 'acme/github/prod-eu', '--non-interactive', '--diff']);
  });

  it('SOPHIA_ENV is the default environment', () => {
    const r = single(['run', 'github:preview'], { SOPHIA_ENV: 'production' });
    expect(r.call.argv).toEqual(['preview', '--cwd', dir, '--stack', 'sophia-ai/production', '--non-interactive', '--diff']);
  });

  it('dev when nothing is set', () => {
    const r = single(['run', 'github:preview']);
    expect(r.call.argv).toEqual(['preview', '--cwd', dir, '--stack', 'sophia-ai/dev', '--non-interactive', '--diff']);
    expect(r.call.env).toEqual({});
  });

  it('passes unknown args (after `--`, with our own options parsed out) and --args through as separate argv items', () => {
    const r = single(['run', 'github:preview', '--', '--env', 'staging', '--refresh', '--message', 'two words']);
    expect(r.call.argv).toEqual([
      'preview', '--cwd', dir, '--stack', 'sophia-ai/staging', '--non-interactive', '--diff', '--refresh', '--message', 'two words',
    ]);
    const r2 = single(['run', 'github:preview', '--args=--suppress-outputs --json', '--refresh']);
    expect(r2.call.argv.slice(7)).toEqual(['--suppress-outputs', '--json', '--refresh']);
  });
});

describe('up', () => {
  const upArgv = (extra: string[] = []) => ['up', '--cwd', dir, '--stack', 'sophia-ai/dev', '--non-interactive', ...extra];

  it('does not approve by itself: without a terminal it refuses and spawns nothing', () => {
    const r = run(['run', 'github:up']);
    expect(r.code).not.toBe(0);
    expect(r.calls).toHaveLength(0);
    expect(r.stdout + r.stderr).toContain('cannot ask for confirmation');
  });

  it('approves with --yes', () => {
    expect(single(['run', 'github:up', '--yes']).call.argv).toEqual(upArgv(['--yes']));
  });

  it('approves under CI=true', () => {
    expect(single(['run', 'github:up'], { CI: 'true' }).call.argv).toEqual(upArgv(['--yes']));
  });

  it('fails when pulumi fails', () => {
    const r = run(['run', 'github:up', '--yes'], { PULUMI_STUB_EXIT: '3' });
    expect(r.calls).toHaveLength(1);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('exited with code 3');
  });
});

describe('without the pulumi CLI', () => {
  it('fails at once with install instructions and spawns nothing', () => {
    const r = run(['run', 'github:preview'], { PATH: fx.bareBin });
    expect(r.code).not.toBe(0);
    expect(r.calls).toHaveLength(0);
    const out = r.stdout + r.stderr;
    expect(out).toContain('https://www.pulumi.com/docs/install/');
    expect(out).toContain('curl -fsSL https://get.pulumi.com | sh');
    expect(out).toContain('nx run-many -t synth');
  });
});
