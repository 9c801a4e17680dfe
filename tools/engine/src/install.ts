import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineBinDir, engineCacheDir, ENGINE_VERSION } from '@sophia-ai/pulumi-cli';
import { GoCommand } from './go';
import { classifyGoFailure, type GoFailure } from './go-errors';
import { compareGoVersions, goDirective, wrapperGoMod, type ModuleVersion } from './gomod';
import { installPolicyLauncher, POLICY_LAUNCHER } from './policy-launcher';
import { DEV_TOOLS, DYNAMIC_PROVIDER_SHIM, ENGINE_BINARIES, PROVIDER_PLUGINS, VERSION_LDFLAG, type GoBinary, type GoSource } from './pins';

export interface ManifestEntry {
  module: string;
  version: string;
  note: string;
  seconds: number;
}

/** `<cache>/manifest.json`: what each binary in bin/ was built from, so a second run can trust it. */
export interface Manifest {
  engine: string;
  binaries: Record<string, ManifestEntry>;
  providers: Record<string, { module: string; version: string; status: 'built' | 'unavailable'; reason?: string }>;
}

export type StepResult =
  | { name: string; status: 'built' | 'cached'; entry: ManifestEntry }
  | { name: string; status: 'failed'; failures: GoFailure[] };

export interface InstallReport {
  binDir: string;
  steps: StepResult[];
  providers: Manifest['providers'];
  /** True when the CLI, the language host and the shim are all in bin/. */
  ok: boolean;
}

export interface InstallOptions {
  env?: NodeJS.ProcessEnv;
  /** Rebuild even what the manifest says is there. */
  force?: boolean;
  /** Where node_modules is (provider versions come from the npm packages the stacks use). */
  workspaceRoot: string;
  log?: (line: string) => void;
}

const ESSENTIAL = [...ENGINE_BINARIES.map((b) => b.name), DYNAMIC_PROVIDER_SHIM.name];

/**
 * Builds the Pulumi CLI, its Node.js language host and the dynamic-provider shim into the user cache, through the
 * `go` command only. Idempotent: what the manifest records and bin/ holds is not built again. Each binary is
 * built into a temporary name and renamed into place, so an interrupted run leaves nothing half-written.
 */
export function installEngine(options: InstallOptions): InstallReport {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const cacheDir = engineCacheDir(env);
  const binDir = engineBinDir(env);
  const manifestPath = join(cacheDir, 'manifest.json');
  const manifest = readManifest(manifestPath);
  const go = new GoCommand(env);
  const steps: StepResult[] = [];

  const goVersion = go.version();
  if (!goVersion) {
    const failure: GoFailure = {
      kind: 'toolchain',
      module: 'go',
      version: '',
      message: `no usable \`${go.bin}\` command: install Go 1.25.11 or newer (Debian: apt-get install golang, or https://go.dev/dl)`,
    };
    return { binDir, steps: ESSENTIAL.map((name) => ({ name, status: 'failed', failures: [failure] })), providers: {}, ok: false };
  }
  mkdirSync(binDir, { recursive: true });

  const save = () => writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  for (const binary of ENGINE_BINARIES) {
    const step = buildBinary(binary, { go, goVersion, cacheDir, binDir, manifest, force: options.force === true, log });
    steps.push(step);
    if (step.status === 'built') save();
  }
  const shim = installShim({ go, binDir, manifest, force: options.force === true });
  steps.push(shim);
  if (shim.status === 'built') save();
  log(stepLine(shim));
  const launcher = policyLauncherStep(binDir, options.force === true);
  steps.push(launcher);
  log(stepLine(launcher));
  for (const tool of DEV_TOOLS) {
    const step = buildBinary(tool, { go, goVersion, cacheDir, binDir, manifest, force: options.force === true, log });
    steps.push(step);
    if (step.status === 'built') save();
  }

  for (const plugin of PROVIDER_PLUGINS) {
    const version = npmPluginVersion(options.workspaceRoot, plugin.npmPackage);
    const module = { path: plugin.module(version), version: `v${version}` };
    const name = plugin.npmPackage.replace('@pulumi/', '');
    const got = go.download(module);
    manifest.providers[name] = got.ok
      ? // Served: building a bridged provider (schema generated into the wrapper) is not written yet, because no
        // provider module has been served here to test it against. Say so rather than pretend.
        { module: module.path, version: module.version, status: 'unavailable', reason: 'served by the module proxy, but building provider plugins is not implemented yet' }
      : { module: module.path, version: module.version, status: 'unavailable', reason: classifyGoFailure(module.path, module.version, got.output).message };
    log(`provider ${name} ${module.version}: ${manifest.providers[name].reason}`);
  }
  save();

  const ok = steps.every((s) => s.status !== 'failed');
  return { binDir, steps, providers: manifest.providers, ok };
}

interface BuildContext {
  go: GoCommand;
  goVersion: string;
  cacheDir: string;
  binDir: string;
  manifest: Manifest;
  force: boolean;
  log: (line: string) => void;
}

function buildBinary(binary: GoBinary, ctx: BuildContext): StepResult {
  const target = join(ctx.binDir, binary.name);
  const recorded = ctx.manifest.binaries[binary.name];
  if (!ctx.force && recorded && existsSync(target) && binary.sources.some((s) => matches(s.module, recorded))) {
    const step: StepResult = { name: binary.name, status: 'cached', entry: recorded };
    ctx.log(stepLine(step));
    return step;
  }
  const failures: GoFailure[] = [];
  for (const source of binary.sources) {
    ctx.log(`${binary.name}: building ${source.module.path}@${source.module.version} ...`);
    const started = Date.now();
    const failure = buildFrom(binary.name, source, ctx, target);
    if (failure) {
      failures.push(failure);
      ctx.log(`${binary.name}: ${failure.message}`);
      continue;
    }
    const entry = { module: source.module.path, version: source.module.version, note: source.note, seconds: Math.round((Date.now() - started) / 1000) };
    ctx.manifest.binaries[binary.name] = entry;
    const step: StepResult = { name: binary.name, status: 'built', entry };
    ctx.log(stepLine(step));
    return step;
  }
  return { name: binary.name, status: 'failed', failures };
}

function buildFrom(name: string, source: GoSource, ctx: BuildContext, target: string): GoFailure | undefined {
  const fail = (output: string) => classifyGoFailure(source.module.path, source.module.version, output);
  const got = ctx.go.download(source.module);
  if (!got.ok) return fail(got.output);
  const builtGoMod = readFileSync(got.goMod, 'utf8');
  const needs = goDirective(builtGoMod);
  if (needs && compareGoVersions(ctx.goVersion, needs) < 0) return fail(`requires go >= ${needs}`);

  const wrapper = join(ctx.cacheDir, 'build', name);
  rmSync(wrapper, { recursive: true, force: true });
  mkdirSync(wrapper, { recursive: true });
  let goMod: string;
  try {
    goMod = wrapperGoMod({ module: `sophia-ai.local/engine/${name}`, go: needs ?? '1.21', built: source.module, requires: source.requires, builtGoMod });
  } catch (e) {
    return { kind: 'build', module: source.module.path, version: source.module.version, message: (e as Error).message };
  }
  writeFileSync(join(wrapper, 'go.mod'), goMod);
  // `go get` resolves the requirements and writes go.sum; the main package needs nothing else from the wrapper.
  const get = ctx.go.run(['get', ...[source.module, ...source.requires].map(at)], wrapper);
  if (!get.ok) return fail(get.output);

  const partial = `${target}.partial`;
  const ldflags = source.stampVersion ? ['-ldflags', `-X ${VERSION_LDFLAG}=${source.stampVersion}`] : [];
  const build = ctx.go.run(['build', '-trimpath', ...ldflags, '-o', partial, source.pkg], wrapper);
  if (!build.ok) {
    rmSync(partial, { force: true });
    return fail(build.output);
  }
  renameSync(partial, target);
  return undefined;
}

function installShim(ctx: { go: GoCommand; binDir: string; manifest: Manifest; force: boolean }): StepResult {
  const { module, file, name } = DYNAMIC_PROVIDER_SHIM;
  const target = join(ctx.binDir, name);
  const recorded = ctx.manifest.binaries[name];
  if (!ctx.force && recorded && existsSync(target) && matches(module, recorded)) return { name, status: 'cached', entry: recorded };
  const got = ctx.go.download(module);
  if (!got.ok) return { name, status: 'failed', failures: [classifyGoFailure(module.path, module.version, got.output)] };
  const source = join(got.dir, file);
  if (!existsSync(source)) {
    return { name, status: 'failed', failures: [{ kind: 'build', module: module.path, version: module.version, message: `${module.path}@${module.version} has no ${file}` }] };
  }
  copyFileSync(source, `${target}.partial`);
  chmodSync(`${target}.partial`, 0o755); // module-cache files are read-only
  renameSync(`${target}.partial`, target);
  const entry = { module: module.path, version: module.version, note: `the dynamic-provider shim from ${module.path}@${module.version}`, seconds: 0 };
  ctx.manifest.binaries[name] = entry;
  return { name, status: 'built', entry };
}

/** Written, not built: a few lines of shell of our own (see policy-launcher.ts). Never fails the install. */
function policyLauncherStep(binDir: string, force: boolean): StepResult {
  const status = installPolicyLauncher(binDir, force) === 'written' ? 'built' : 'cached';
  const entry = { module: 'tools/engine/src/policy-launcher.ts', version: 'written by install', note: 'the launcher for Node.js policy packs (pulumi preview --policy-pack)', seconds: 0 };
  return { name: POLICY_LAUNCHER, status, entry };
}

function matches(m: ModuleVersion, entry: ManifestEntry): boolean {
  return m.path === entry.module && m.version === entry.version;
}

function at(m: ModuleVersion): string {
  return `${m.path}@${m.version}`;
}

export function stepLine(step: StepResult): string {
  if (step.status === 'failed') return `${step.name}: FAILED\n${step.failures.map((f) => `  - ${f.message}`).join('\n')}`;
  const how = step.status === 'cached' ? 'already built' : `built in ${formatSeconds(step.entry.seconds)}`;
  return `${step.name}: ${how} (${step.entry.note}; ${step.entry.module}@${step.entry.version})`;
}

function formatSeconds(s: number): string {
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

function readManifest(file: string): Manifest {
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    if (m.engine === ENGINE_VERSION && m.binaries && m.providers) return m;
  } catch {
    // absent or unreadable: start afresh
  }
  return { engine: ENGINE_VERSION, binaries: {}, providers: {} };
}

function npmPluginVersion(workspaceRoot: string, npmPackage: string): string {
  const pkg = JSON.parse(readFileSync(require.resolve(`${npmPackage}/package.json`, { paths: [workspaceRoot] }), 'utf8'));
  return String(pkg.pulumi?.version ?? pkg.version).replace(/^v/, '');
}
