import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildPlan, secretValues, stackConfigFromFile, startMockRuntime, type OutputValue } from '@sophia-ai/pulumi-testing';
import { runPolicies, type SynthPlan } from '@sophia-ai/policy';
import { scrubSecrets } from '@sophia-ai/redact';
import { SynthError, isRunError } from './errors';
import { checkStackConfigFile } from './config-file';
import { loadPolicyRules } from './policy-file';
import { readStackProject } from './project';
import { upstreamResolver } from './upstream';
import { workspaceOrganization } from '../plugin/organization';
import { registerTypeScript, requireProgram } from './load-program';
import { fingerprintPlanSecrets, planSecretKey } from './secret-fingerprint';
import { skipSdkBookkeeping } from './sdk-bookkeeping';

export interface SynthOptions {
  stackDir: string;
  env: string;
  outDir: string;
  workspaceRoot: string;
  /** Filled with secret values as the run discovers them, so a caller can scrub its error output too. */
  secretSink?: Set<string>;
}

export interface SynthResult {
  plan: SynthPlan;
  file: string;
  notes: string[];
  /** Secret values seen during the run; the caller scrubs them from anything it prints. */
  secrets: Set<string>;
}

/**
 * Synthesizes one stack: config → mock runtime → program (as the engine loads it) → plan file → policies.
 * Throws SynthError for expected problems (message already names the stack, the problem and the file to fix).
 */
export async function synthStack(opts: SynthOptions): Promise<SynthResult> {
  const project = readStackProject(opts.stackDir, opts.workspaceRoot);
  const secretKey = planSecretKey(process.env);
  const { config, file: configFile, notes } = readConfig(project.dir, opts.env, project.displayDir);
  const upstreamFailures: SynthError[] = [];
  // A missing upstream plan rejects every Output built on the reference; a program may then wait on one forever
  // (the process would end with Pulumi's "promises still active" and no cause). Stop at the first one instead.
  let upstreamFailed: (err: SynthError) => void = () => undefined;
  const upstreamFailure = new Promise<never>((_, reject) => (upstreamFailed = reject));
  upstreamFailure.catch(() => undefined);
  const runtime = await startMockRuntime({
    project: project.name,
    stack: opts.env,
    // The organisation the real run would use, so StackReference names in the plan are the ones the engine reads.
    organization: workspaceOrganization(opts.workspaceRoot, process.env),
    config,
    resolveStackReference: upstreamResolver(opts.outDir, upstreamFailures, (err) => upstreamFailed(err)),
    // Synth answers "what would a preview know offline": outputs the cloud computes (ids, IPs, generated keys)
    // stay unknown and show as "[unknown]", exactly as `pulumi preview` shows them, instead of undefined.
    preview: true,
  });

  // Like the engine's language host: errors inside un-awaited applies surface as unhandled rejections.
  const stray: unknown[] = [];
  const onStray = (err: unknown) => stray.push(err);
  process.on('unhandledRejection', onStray);
  process.on('uncaughtException', onStray);
  let outputs: Record<string, OutputValue<unknown>>;
  const cwd = process.cwd();
  try {
    process.chdir(project.dir); // the engine runs programs from the project directory
    registerTypeScript(project);
    // Synth skips SDK bookkeeping a plan never shows (sdk-bookkeeping.ts; bin/synth.js defers two SDK modules,
    // sdk-modules.ts). Only `npm run bench` turns both off, to measure synth without them.
    if (process.env.SOPHIA_SYNTH_SDK_AS_IS !== 'true') skipSdkBookkeeping(project.dir);
    outputs = await Promise.race([runtime.runStack(() => requireProgram(project.entry)), upstreamFailure]);
    await Promise.race([runtime.settle(), upstreamFailure]);
    await new Promise((resolve) => setImmediate(resolve));
    if (stray.length > 0) throw stray[0];
  } catch (err) {
    secretValues(runtime.resources, {}).forEach((v) => opts.secretSink?.add(v));
    throw explain(err, { stack: project.name, env: opts.env, configFile, upstreamFailures });
  } finally {
    process.chdir(cwd);
    process.off('unhandledRejection', onStray);
    process.off('uncaughtException', onStray);
  }

  const plan = buildPlan({
    stack: path.basename(project.dir),
    project: project.name,
    env: opts.env,
    resources: runtime.resources,
    outputs,
  });
  const secrets = secretValues(runtime.resources, outputs);
  secrets.forEach((v) => opts.secretSink?.add(v));
  const { rules } = loadPolicyRules(project);
  plan.violations = runPolicies(plan, rules);
  // After the rules, which read the "[secret]" marker; only a plan-diff run sets the key.
  if (secretKey) fingerprintPlanSecrets(plan, runtime.resources, secretKey);

  const file = path.join(opts.outDir, project.name, `${opts.env}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Defense in depth: a secret value that also reached a plain input (e.g. read with config.require) is
  // still kept out of the file.
  fs.writeFileSync(file, scrubSecrets(JSON.stringify(plan, null, 2), secrets) + '\n');
  return { plan: JSON.parse(fs.readFileSync(file, 'utf8')) as SynthPlan, file, notes, secrets };
}

/** Turns what the program threw into an expected SynthError where we know the cause. */
function explain(
  err: unknown,
  ctx: { stack: string; env: string; configFile: string; upstreamFailures: SynthError[] },
): unknown {
  // A missing upstream plan makes every dependent Output reject; report the cause once.
  if (ctx.upstreamFailures.length > 0) {
    return new SynthError(`${ctx.stack}: ${ctx.upstreamFailures[0].message}`);
  }
  if (err instanceof SynthError) return new SynthError(`${ctx.stack}: ${err.message}`);
  // libs/config's ConfigError lists every problem (key, why, where it belongs) and never a value: keep it whole.
  if (err instanceof Error && err.name === 'ConfigError') {
    return new SynthError(
      `${ctx.stack}: ${err.message}\nSynth reads config from ${ctx.configFile} only` +
        (ctx.env === 'local' ? '.' : ` (its ESC environment imports are not opened offline; \`--env local\` uses the sample config).`),
    );
  }
  if (err instanceof Error && isConfigError(err)) {
    const key = (err as { key?: string }).key;
    // The SDK puts the offending value in the message ("value 'x' is not a valid boolean"); it may be secret.
    const firstLine = err.message.split('\n')[0].replace(/ value '[\s\S]*?' (is|does)/, ' value (hidden) $1');
    return new SynthError(
      `${ctx.stack}: ${firstLine}. ` +
        (key ? `Set "${key}" in ${ctx.configFile}` : `Fix the value in ${ctx.configFile}`) +
        ` (synth reads config from that file).`,
    );
  }
  // Pulumi's RunErrors and the stacks' own refusals (libs/policy ExpectedError: PlatformSpecError,
  // FirewallPolicyError, …) carry the same marker the engine's language host reads: the message says what to fix,
  // the stack trace stays behind --verbose. Any other error is a bug and keeps its trace.
  if (isRunError(err)) return new SynthError(`${ctx.stack}: ${err.message}`, { cause: err });
  return err;
}

/**
 * The SDK's Config*Error classes are RunErrors whose messages start with "Missing required configuration" or
 * "Configuration '<key>'"; typed config loaders (libs/config) may throw errors named `*ConfigError`.
 */
function isConfigError(err: Error): boolean {
  return (
    (isRunError(err) && /^(Missing required configuration|Configuration ')/.test(err.message)) ||
    /ConfigError$/.test(err.name)
  );
}

/** The stack's config as the engine would pass it; an unreadable file is an expected synth failure. */
function readConfig(dir: string, env: string, displayDir: string) {
  checkStackConfigFile(dir, displayDir, env);
  try {
    return stackConfigFromFile(dir, env, { displayDir });
  } catch (err) {
    throw new SynthError((err as Error).message);
  }
}
