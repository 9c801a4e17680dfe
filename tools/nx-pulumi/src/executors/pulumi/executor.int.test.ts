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

type Call = { argv: string[]; cwd: string; env: Record<string, string> };

/** One stack's target: `init` (stack select --create, same stack) first, then the command itself. */
function single(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = run(args, env);
  if (r.code !== 0) throw new Error(`nx ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  const calls = r.calls as Call[];
  expect(calls).toHaveLength(2);
  const [init, call] = calls;
  expect(init.argv.slice(0, 3)).toEqual(['stack', 'select', '--create']);
  expect(init.argv[init.argv.indexOf('--stack') + 1]).toBe(call.argv[call.argv.indexOf('--stack') + 1]);
  return { ...r, init, call };
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
    // The fixture's github stack is Pulumi project gh-org.
    const r = single(['run', 'github:preview', '--stack', 'acme/gh-org/prod-eu'], { SOPHIA_ENV: 'production' });
    expect(r.call.argv).toEqual(['preview', '--cwd', dir, '--stack', 'acme/gh-org/prod-eu', '--non-interactive', '--diff']);
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

  it('does not approve by itself: without a terminal it refuses and never spawns up', () => {
    const r = run(['run', 'github:up']);
    expect(r.code).not.toBe(0);
    // Only the idempotent init may have run (it creates an empty stack at most).
    expect((r.calls as Call[]).map((c) => c.argv[0])).toEqual(['stack']);
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
    expect(r.calls).toHaveLength(1); // init failed: up never starts
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('exited with code 3');
  });
});

describe('day one: stacks that do not exist yet', () => {
  it('preview and up create the stack first (idempotent stack select --create), secrets provider from nx.json', () => {
    const r = single(['run', 'github:up', '--yes']);
    expect(r.init.argv).toEqual(['stack', 'select', '--create', '--cwd', dir, '--stack', 'sophia-ai/dev', '--non-interactive']);
    expect(r.init.cwd).toBe(dir);
  });

  it('a DIY backend (PULUMI_BACKEND_URL=file://…) puts every stack in `organization`', () => {
    const r = single(['run', 'github:preview', '--env', 'staging'], { PULUMI_BACKEND_URL: 'file:///tmp/state' });
    expect(r.call.argv).toEqual(['preview', '--cwd', dir, '--stack', 'organization/staging', '--non-interactive', '--diff']);
  });

  it('SOPHIA_PULUMI_ORG names another organisation', () => {
    const r = single(['run', 'github:preview'], { SOPHIA_PULUMI_ORG: 'acme' });
    expect(r.call.argv).toEqual(['preview', '--cwd', dir, '--stack', 'acme/dev', '--non-interactive', '--diff']);
  });
});

describe('upstream stacks', () => {
  it("get only the environment: not the requested stack's name, not its pass-through flags", () => {
    // lambda-labs reads github: github:up runs first, as a dependency of lambda-labs:up.
    const r = run(['run', 'lambda-labs:up', '--stack=sophia-ai/lambda-labs/production', '--yes', '--args=--refresh', '--message=canary-flag']);
    expect(r.code).toBe(0);
    const ups = (r.calls as Call[]).filter((c) => c.argv[0] === 'up');
    expect(ups.map((c) => c.cwd.split('/').pop())).toEqual(['github', 'lambda-labs']);
    expect(ups[0].argv).toEqual(['up', '--cwd', dir, '--stack', 'sophia-ai/production', '--non-interactive', '--yes']);
    expect(ups[1].argv.slice(3)).toEqual(['--stack', 'sophia-ai/lambda-labs/production', '--non-interactive', '--yes', '--refresh', '--message=canary-flag']);
  });
});

describe('destroy', () => {
  it('runs downstream first (stacks that read a stack before it)', () => {
    const r = run(['run-many', '-t', 'destroy', '--yes', '--parallel=5']);
    expect(r.code).toBe(0);
    const order = (r.calls as Call[]).map((c) => c.cwd.split('/').pop());
    const before = (a: string, b: string) => expect(order.indexOf(a)).toBeLessThan(order.indexOf(b));
    before('lambda-labs', 'github');
    before('estuary', 'snowflake');
    before('snowflake', 'esc');
  });

  it('is not approved by CI=true: without --yes it is refused and nothing is spawned', () => {
    const r = run(['run', 'github:destroy'], { CI: 'true' });
    expect(r.code).not.toBe(0);
    expect(r.calls).toHaveLength(0);
    expect(r.stdout + r.stderr).toContain('CI=true does not approve that by itself: pass --yes');
  });
});

describe('outputs', () => {
  it('prints the stack outputs as JSON, or one output as plain text, without creating anything', () => {
    const all = run(['run', 'github:outputs', '--env', 'production']);
    expect(all.code).toBe(0);
    expect((all.calls as Call[]).map((c) => c.argv)).toEqual([
      ['stack', 'output', '--cwd', dir, '--stack', 'sophia-ai/production', '--non-interactive', '--json'],
    ]);
    const one = run(['run', 'lambda-labs:outputs', '--name=platform_ip']);
    expect((one.calls as Call[]).map((c) => c.argv.slice(0, 3))).toEqual([['stack', 'output', 'platform_ip']]);
  });
});

describe('without the pulumi CLI', () => {
  it('fails at once with install instructions and spawns nothing', () => {
    // Neither on PATH nor in the engine cache (an empty cache home).
    const r = run(['run', 'github:preview'], { PATH: fx.bareBin, XDG_CACHE_HOME: join(fx.root, 'no-cache') });
    expect(r.code).not.toBe(0);
    expect(r.calls).toHaveLength(0);
    const out = r.stdout + r.stderr;
    expect(out).toContain('npm run engine:install');
    expect(out).toContain(join(fx.root, 'no-cache', 'sophia-ai', 'pulumi'));
    expect(out).toContain('https://www.pulumi.com/docs/install/');
    expect(out).toContain('curl -fsSL https://get.pulumi.com | sh');
    expect(out).toContain('nx run-many -t synth');
  });
});
