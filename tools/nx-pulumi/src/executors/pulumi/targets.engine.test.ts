// The plugin's targets through real Nx and the REAL Pulumi CLI, on a fresh DIY (file://) backend where nothing
// exists yet: day one for a new team. `npm run test:engine` (PULUMI_INTEGRATION=1; the CLI on PATH or built by
// `npm run engine:install`); otherwise the suite is skipped with the reason in its title.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createEngineSandbox, describeOnEngine, type EngineSandbox } from '@sophia-ai/pulumi-testing';
import { parse, stringify } from 'yaml';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createFixture, REPO_ROOT, type Fixture } from '../../testing/fixture-workspace';
import { pulumiArgv, type PulumiExecutorOptions } from './argv';
import { FlagConflictError } from './cli-rules';
import { PLATFORM_FILES, PLATFORM_PACKAGES } from '../../testing/platform-fixture';

jest.setTimeout(300_000);

describeOnEngine('nx targets', (cli) => {
  let fx: Fixture;
  let sandbox: EngineSandbox;
  let env: NodeJS.ProcessEnv;
  const ok = (args: string[], extra: NodeJS.ProcessEnv = {}) => {
    const r = fx.nx(args, { ...env, ...extra });
    if (r.code !== 0) throw new Error(`nx ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
    return r.stdout + r.stderr;
  };

  beforeAll(() => {
    fx = createFixture(PLATFORM_FILES, PLATFORM_PACKAGES);
    sandbox = createEngineSandbox(cli);
    // Nx runs in the fixture's clean environment; pulumi gets the sandbox's backend, home and passphrase, and
    // not PULUMI_SKIP_CONFIRMATIONS (approval is what these tests are about).
    const pick = (k: string) => [k, sandbox.env[k]];
    env = {
      ...Object.fromEntries(['PULUMI_BACKEND_URL', 'PULUMI_HOME', 'PULUMI_CONFIG_PASSPHRASE', 'PULUMI_SKIP_UPDATE_CHECK', 'PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION'].map(pick)),
      PATH: `${cli.binDir}:${fx.bareBin}`,
    };
  });
  afterAll(() => {
    sandbox?.dispose();
    fx?.cleanup();
  });

  it('preview creates the missing stack (init) in `organization` instead of failing with "no stack named"', () => {
    const out = ok(['run', 'github:preview', '--env', 'local']);
    expect(out).toContain('> pulumi stack select --create');
    expect(out).toContain('--stack organization/local');
    const list = fx.nx(['run', 'github:outputs', '--env', 'local'], env);
    expect(list.code).toBe(0);
  });

  it('the drift job command passes the CLI (refresh --preview-only --expect-no-changes under CI=true, no --yes)', () => {
    const out = ok(['run', 'github:refresh', '--env', 'local', '--args=--preview-only --expect-no-changes'], { CI: 'true' });
    expect(out).not.toContain('--yes and --preview-only cannot be used together');
    expect(out).toMatch(/> pulumi refresh .*--preview-only --expect-no-changes/);
  });

  // Each combination the executor refuses up front is one the real CLI rejects too (no rule of our own invention).
  it.each<[PulumiExecutorOptions['command'], string]>([
    ['preview', '--preview-only'],
    ['preview', '--target a --exclude b'],
    ['up', '--preview-only'],
    ['up', '--skip-preview --strict'],
    ['refresh', '--preview-only --skip-preview'],
    ['refresh', '--skip-pending-creates --clear-pending-creates'],
    ['destroy', '--target urn:a --exclude-protected'],
  ])('%s %s: refused by the executor and by the CLI', (command, args) => {
    const dir = join(fx.root, 'stacks/github');
    const run = { stackDir: dir, env: {}, interactive: false, organization: 'organization', pulumiProject: 'gh-org', dependency: false };
    expect(() => pulumiArgv({ command, args, yes: true }, run)).toThrow(FlagConflictError);
    const argv = [command, '--cwd', dir, '--stack', 'organization/local', '--non-interactive', '--yes', ...args.split(' ')];
    const r = spawnSync(cli.path, argv, { env, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/error: .*(unknown flag|cannot|none of the others)/);
  });

  // The real stacks' Pulumi.yaml (project config) with a program that forgets the explicit provider.
  it.each([
    ['github', "new (require('@pulumi/github').Repository)('accidental', { name: 'x' });"],
    ['snowflake', "new (require('@pulumi/snowflake').Warehouse)('accidental', { name: 'X' });"],
  ])('%s: a resource on a default provider is a clear error, not an "unknown key"', (stack, program) => {
    const dir = join(fx.root, `default-provider-${stack}`);
    mkdirSync(dir);
    const project = parse(readFileSync(join(REPO_ROOT, 'stacks', stack, 'Pulumi.yaml'), 'utf8'));
    writeFileSync(join(dir, 'Pulumi.yaml'), stringify({ ...project, runtime: 'nodejs', main: 'index.js' }));
    writeFileSync(join(dir, 'index.js'), program + '\n');
    writeFileSync(join(dir, 'package.json'), '{"name":"accidental","private":true}\n');
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
    const pulumi = (args: string[]) => spawnSync(cli.path, [...args, '--cwd', dir, '--stack', 'organization/dev', '--non-interactive'], { env, encoding: 'utf8' });
    expect(pulumi(['stack', 'select', '--create']).status).toBe(0);
    const r = pulumi(['preview']);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain(`Default provider for '${stack}' disabled`);
    expect(r.stdout + r.stderr).not.toMatch(/unknown key|no resource plugin/);
  });

  it('up of a downstream stack creates and deploys its upstream stack first, then destroy needs --yes', () => {
    ok(['run', 'lambda-labs:up', '--env', 'local', '--yes']);
    const refused = fx.nx(['run', 'lambda-labs:destroy', '--env', 'local'], { ...env, CI: 'true' });
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('CI=true does not approve that by itself');
    ok(['run', 'github:destroy', '--env', 'local', '--yes']); // lambda-labs (reads github) is destroyed first
  });
});
