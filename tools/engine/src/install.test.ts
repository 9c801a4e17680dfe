import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { engineBinDir, engineCacheDir, ENGINE_VERSION } from '@sophia-ai/pulumi-cli';
import { installEngine, stepLine } from './install';

const WORKSPACE = resolve(__dirname, '../../..');
const FAKE_GO = join(__dirname, 'testing', 'fake-go.js');
const CLI_GO_MOD = 'module github.com/pulumi/pulumi/pkg/v3\n\ngo 1.25.11\n\nreplace github.com/pulumi/pulumi/sdk/v3 => ../sdk\n\nreplace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e\n';
const SDK_GO_MOD = 'module github.com/pulumi/pulumi/sdk/v3\n\ngo 1.25.11\n';
const OLD_SDK_GO_MOD = 'module github.com/pulumi/pulumi/sdk/v3\n\ngo 1.18\n';

/** What the module proxy serves here: the CLI and sdk, the old sdk with the host inside, no language host module. */
const SERVED = {
  [`github.com/pulumi/pulumi/pkg/v3@${ENGINE_VERSION}`]: CLI_GO_MOD,
  [`github.com/pulumi/pulumi/sdk/v3@${ENGINE_VERSION}`]: SDK_GO_MOD,
  'github.com/pulumi/pulumi/sdk/v3@v3.68.0': OLD_SDK_GO_MOD,
  'github.com/rhysd/actionlint@v1.7.12': 'module github.com/rhysd/actionlint\n\ngo 1.24.0\n',
};

describe('installEngine (with a stand-in go command)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const calls = () =>
    readFileSync(join(dir, 'go.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { args: string[]; cwd: string; env: { GOTOOLCHAIN?: string } });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'engine-install-'));
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      XDG_CACHE_HOME: join(dir, 'cache'),
      GO: FAKE_GO,
      FAKE_GO_LOG: join(dir, 'go.log'),
      FAKE_GO_ROOT: dir,
      FAKE_GO_MODULES: JSON.stringify(SERVED),
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the CLI, falls back to the language host the proxy serves, and copies the shim', () => {
    const lines: string[] = [];
    const report = installEngine({ env, workspaceRoot: WORKSPACE, log: (l) => lines.push(l) });

    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.name, s.status])).toEqual([
      ['pulumi', 'built'],
      ['pulumi-language-nodejs', 'built'],
      ['pulumi-resource-pulumi-nodejs', 'built'],
      ['pulumi-analyzer-policy-sophia-nodejs', 'built'],
      ['actionlint', 'built'],
    ]);
    expect(readdirSync(engineBinDir(env)).sort()).toEqual(['actionlint', 'pulumi', 'pulumi-analyzer-policy-sophia-nodejs', 'pulumi-language-nodejs', 'pulumi-resource-pulumi-nodejs']);

    const builds = calls().filter((c) => c.args[0] === 'build');
    expect(builds.map((c) => c.args.at(-1))).toEqual([
      'github.com/pulumi/pulumi/pkg/v3/cmd/pulumi',
      'github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs',
      'github.com/rhysd/actionlint/cmd/actionlint',
    ]);
    // the release build's version stamp, and never another toolchain
    expect(builds[0].args).toContain(`-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${ENGINE_VERSION}`);
    expect(calls().every((c) => c.env.GOTOOLCHAIN === 'local')).toBe(true);

    // the wrapper pins the sdk beside the CLI and repeats the CLI's non-local replace
    const wrapper = readFileSync(join(engineCacheDir(env), 'build', 'pulumi', 'go.mod'), 'utf8');
    expect(wrapper).toContain(`github.com/pulumi/pulumi/sdk/v3 ${ENGINE_VERSION}`);
    expect(wrapper).toContain('github.com/atotto/clipboard => github.com/tgummerer/clipboard');

    // the refused language host module is named with its version and the proxy's answer
    expect(lines.join('\n')).toMatch(/does not serve github.com\/pulumi\/pulumi\/sdk\/nodejs\/cmd\/pulumi-language-nodejs\/v3@v3\.0\.0-\S+ \(403 Forbidden/);
    // every provider plugin is reported, with the version its npm package declares
    expect(Object.keys(report.providers).sort()).toEqual(['command', 'github', 'pulumiservice', 'random', 'snowflake', 'tls']);
    const github = require(require.resolve('@pulumi/github/package.json', { paths: [WORKSPACE] }));
    expect(report.providers.github).toMatchObject({ module: 'github.com/pulumi/pulumi-github/provider/v6', version: `v${github.pulumi.version}`, status: 'unavailable' });
    expect(report.providers.github.reason).toContain('does not serve');

    const manifest = JSON.parse(readFileSync(join(engineCacheDir(env), 'manifest.json'), 'utf8'));
    expect(manifest.binaries['pulumi-language-nodejs']).toMatchObject({ module: 'github.com/pulumi/pulumi/sdk/v3', version: 'v3.68.0' });
  });

  it('a second run finds the build and builds nothing', () => {
    installEngine({ env, workspaceRoot: WORKSPACE });
    const before = calls().length;
    const report = installEngine({ env, workspaceRoot: WORKSPACE });
    expect(report.steps.map((s) => s.status)).toEqual(['cached', 'cached', 'cached', 'cached', 'cached']);
    expect(calls().slice(before).filter((c) => c.args[0] === 'build' || c.args[0] === 'get')).toEqual([]);
    expect(stepLine(report.steps[0])).toContain('already built');
  });

  it('--force rebuilds', () => {
    installEngine({ env, workspaceRoot: WORKSPACE });
    const report = installEngine({ env, workspaceRoot: WORKSPACE, force: true });
    expect(report.steps.map((s) => s.status)).toEqual(['built', 'built', 'built', 'built', 'built']);
  });

  it('a failed build names the module, keeps the compiler output and leaves no half-written binary', () => {
    const report = installEngine({ env: { ...env, FAKE_GO_FAIL_BUILD: '1' }, workspaceRoot: WORKSPACE });
    expect(report.ok).toBe(false);
    const cli = report.steps[0];
    expect(cli.status).toBe('failed');
    const text = stepLine(cli);
    expect(text).toContain(`building github.com/pulumi/pulumi/pkg/v3@${ENGINE_VERSION} failed`);
    expect(text).toContain('syntax error');
    expect(readdirSync(engineBinDir(env)).filter((f) => f.endsWith('.partial') || f === 'pulumi' || f === 'pulumi-language-nodejs')).toEqual([]);
  });

  it('when the proxy serves none of a binary\'s sources, each refusal is listed', () => {
    const report = installEngine({ env: { ...env, FAKE_GO_MODULES: '{}' }, workspaceRoot: WORKSPACE });
    const host = report.steps[1];
    expect(host.status).toBe('failed');
    expect(host.status === 'failed' && host.failures.map((f) => `${f.module}@${f.version}`)).toEqual([
      expect.stringMatching(/^github.com\/pulumi\/pulumi\/sdk\/nodejs\/cmd\/pulumi-language-nodejs\/v3@v3\.0\.0-/),
      'github.com/pulumi/pulumi/sdk/v3@v3.68.0',
    ]);
  });

  it('a Go older than the module needs says which version is needed', () => {
    const report = installEngine({ env: { ...env, FAKE_GO_VERSION: 'go1.24.2' }, workspaceRoot: WORKSPACE });
    expect(stepLine(report.steps[0])).toContain('needs Go 1.25.11 or newer');
    expect(existsSync(join(engineBinDir(env), 'pulumi'))).toBe(false);
  });

  it('without go, says how to get it', () => {
    const report = installEngine({ env: { ...env, GO: join(dir, 'no-such-go') }, workspaceRoot: WORKSPACE });
    expect(report.ok).toBe(false);
    expect(stepLine(report.steps[0])).toContain('install Go 1.25.11 or newer');
  });
});
