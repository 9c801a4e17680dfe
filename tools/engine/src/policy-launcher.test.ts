import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installPolicyLauncher, POLICY_LAUNCHER } from './policy-launcher';

describe('the policy-pack launcher', () => {
  let dir: string;
  let launcher: string;
  let pack: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-launcher-'));
    launcher = join(dir, 'bin', POLICY_LAUNCHER);
    pack = join(dir, 'pack');
    mkdirSync(join(dir, 'bin'));
    mkdirSync(pack);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A stand-in run-policy-pack in the pack's node_modules that prints what it was started with. */
  const fakeRunPolicyPack = () => {
    const cmd = join(pack, 'node_modules', '@pulumi', 'pulumi', 'cmd', 'run-policy-pack');
    mkdirSync(cmd, { recursive: true });
    writeFileSync(join(cmd, 'index.js'), 'console.log(JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd(), stack: process.env.PULUMI_NODEJS_STACK, project: process.env.PULUMI_NODEJS_PROJECT, dryRun: process.env.PULUMI_NODEJS_DRY_RUN }));\n');
  };
  const launch = (env: NodeJS.ProcessEnv) =>
    spawnSync(launcher, ['127.0.0.1:4242', '.'], { cwd: pack, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });

  it('is written executable, once; a second install leaves it alone unless forced', () => {
    expect(installPolicyLauncher(join(dir, 'bin'))).toBe('written');
    expect(statSync(launcher).mode & 0o111).toBe(0o111);
    expect(installPolicyLauncher(join(dir, 'bin'))).toBe('unchanged');
    expect(installPolicyLauncher(join(dir, 'bin'), true)).toBe('written');
  });

  it("runs the pack folder's run-policy-pack with the engine's arguments and the stack as the SDK reads it", () => {
    installPolicyLauncher(join(dir, 'bin'));
    fakeRunPolicyPack();
    const r = launch({ PULUMI_STACK: 'production', PULUMI_PROJECT: 'portkey', PULUMI_DRY_RUN: 'true' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ args: ['127.0.0.1:4242', '.'], cwd: pack, stack: 'production', project: 'portkey', dryRun: 'true' });
  });

  it('without @pulumi/pulumi in reach it fails with the message the engine turns into "run npm install"', () => {
    installPolicyLauncher(join(dir, 'bin'));
    const r = launch({ PULUMI_STACK: 'dev' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Cannot find module '@pulumi/pulumi/cmd/run-policy-pack'");
  });
});
