import * as fs from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { addEscTargetOptions, ESC_ORG, type EscTargetOptions, openEscTarget, secretsEnvironment } from '@sophia-ai/esc-store';
import { GithubSecrets } from './github';
import { ledgerEnvironment } from './ledger';
import { type Direction, manifestWithOverrides, resolveManifest, SYNC_MANIFEST, workspaceNamespaces } from './manifest';
import type { Side } from './plan';
import { pulumiStackOutputs } from './pulumi-outputs';
import { resolveStackSources, type StackOutputReader } from './stack-sources';
import { EXIT, exitCode, jsonLines, markdownSummary, pendingDecisions, planTable, runMeta, writeAudit } from './report';
import { collectAges } from './rotation/collect';
import { rotationEntries } from './rotation/policy';
import { planGenerationSteps } from './rotation/generation';
import { webhookSecretsEntry, withWebhookAges } from './rotation/webhooks';
import { childProcessRunner, generationSteps, planRotations, runRotations, type Runner } from './rotation/rotate';
import { ageTable } from './rotation/table';
import { runSync } from './sync';
import { addValidateCommand } from './validate/command';
import { addReportCommand, type ReportFlags } from './compliance/report/command';
import { complianceSnapshot } from './compliance/report/snapshot';
import { addNotifyCommand } from './notify/command';
import { readSlackWebhook } from './notify/slack-webhook';
import { PROBES } from './probes';
import { validateEnvironment } from './validate';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Reads all of stdin (the workflow's `toJSON(secrets)`). */
  stdin?(): Promise<string>;
  isTty?: boolean;
  /** Reads stack outputs (contract-sourced secrets); default: the Pulumi CLI. */
  readStackOutputs?: StackOutputReader;
  /** Runs rotation commands (`rotate --apply`); default: child_process with argv. */
  runner?: Runner;
}

interface SyncFlags extends EscTargetOptions {
  apply?: boolean;
  prune?: boolean;
  restore?: boolean;
  prefer?: Side;
  direction: 'both' | 'esc-to-github' | 'github-to-esc';
  json?: boolean;
  githubValuesStdin?: boolean;
  githubValuesEnv?: string;
  auditDir?: string;
}

/** An expected failure: one line on stderr, exit code 1, never a stack. */
class CliError extends Error {}

const readStdin = () =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });

/** The workflow's secrets as name → value. Messages never show the input: it is all secrets. */
async function githubValues(flags: SyncFlags, io: Io): Promise<Record<string, string> | undefined> {
  let text: string | undefined;
  let where: string;
  if (flags.githubValuesStdin) {
    text = await (io.stdin ?? readStdin)();
    where = 'stdin';
  } else if (flags.githubValuesEnv) {
    text = process.env[flags.githubValuesEnv];
    where = `$${flags.githubValuesEnv}`;
    if (text === undefined) throw new CliError(`--github-values-env ${flags.githubValuesEnv}: that environment variable is not set (in the workflow: env: ${flags.githubValuesEnv}: \${{ toJSON(secrets) }})`);
  } else return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`The GitHub secrets on ${where} are not valid JSON (expected the output of toJSON(secrets); the input is not shown)`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CliError(`The GitHub secrets on ${where} must be a JSON object of name → value (toJSON(secrets))`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Observes both sides and plans (status: no policy flags); with `sync --apply` carries the plan out. */
async function observe(flags: SyncFlags, io: Io, mode: 'sync' | 'status') {
  const { store, env, create } = openEscTarget(flags, (e, org) => secretsEnvironment(e, org));
  const org = flags.org ?? ESC_ORG;
  const wanted: Direction[] = flags.direction === 'esc-to-github' ? ['esc→github'] : flags.direction === 'github-to-esc' ? ['github→esc'] : ['esc→github', 'github→esc'];
  const manifest = manifestWithOverrides(SYNC_MANIFEST);
  const namespaceTargets = resolveManifest(manifest, workspaceNamespaces(), env, org);
  const targets = namespaceTargets.filter((t) => wanted.includes(t.direction));
  // Contract-sourced secrets flow from the stack to GitHub: part of esc-to-github's side of the run.
  const stackSources = wanted.includes('esc→github') ? resolveStackSources(manifest, namespaceTargets, env) : [];
  const token = process.env.SOPHIA_SECRETS_GITHUB_TOKEN || process.env.GITHUB_TOKEN;
  const values = mode === 'sync' ? await githubValues(flags, io) : undefined;
  if (!token && !values) throw new CliError('No GitHub token: set SOPHIA_SECRETS_GITHUB_TOKEN (a GitHub App or fine-grained token with Secrets read/write) or GITHUB_TOKEN');
  const apply = mode === 'sync' && flags.apply === true;
  const meta = runMeta(env, apply);

  const showProgress = apply && !flags.json && io.isTty === true;
  const bar = showProgress ? new SingleBar({ format: 'writing {bar} {value}/{total} {secret}', hideCursor: true, stream: process.stderr }) : undefined;
  let started = false;
  const report = await runSync({
    store,
    create,
    ledgerRef: ledgerEnvironment(env, org),
    targets,
    stackSources,
    readStackOutputs: io.readStackOutputs ?? pulumiStackOutputs(),
    stackEnv: env,
    policy: mode === 'sync' ? { prune: flags.prune, restore: flags.restore, prefer: flags.prefer } : {},
    apply,
    ...(token ? { github: new GithubSecrets({ token }) } : {}),
    ...(values ? { githubValues: values } : {}),
    onWrite: (item, done, total) => {
      if (!bar) return;
      if (!started) bar.start(total, 0, { secret: '' });
      started = true;
      bar.update(done, { secret: item.githubSecret });
    },
  });
  bar?.stop();
  return { report, meta, env, org, store, manifest, owner: targets[0]?.scope.owner ?? '-' };
}

/** Every key with a rotation policy in the observed environment, and its age. */
async function rotationState(o: Awaited<ReturnType<typeof observe>>) {
  const entries = [...rotationEntries(workspaceNamespaces(), o.manifest, o.env, o.org), webhookSecretsEntry];
  const now = new Date();
  const collected = await collectAges({ entries, env: o.env, store: o.store, items: o.report.items, now });
  const ages = await withWebhookAges(collected.ages, { store: o.store, namespaces: workspaceNamespaces(), env: o.env, org: o.org, now });
  return { entries, ages, errors: collected.errors };
}

async function sync(flags: SyncFlags, io: Io, mode: 'sync' | 'status'): Promise<number> {
  const observed = await observe(flags, io, mode);
  const { report, meta, env, store } = observed;
  const apply = meta.applied;
  // status: ages against the rotation policies, per key (the sync's own run does not need them).
  const rotation = mode === 'status' ? await rotationState(observed) : undefined;
  // An unreadable ESC history is the report's error too (the ages shown fall back to GitHub's dates).
  if (rotation) report.errors.push(...rotation.errors);
  if (flags.json) for (const l of jsonLines(report, meta, rotation?.ages)) io.out(l);
  else {
    io.out(`${mode === 'status' ? 'Status' : apply ? 'Sync' : 'Plan (dry run; --apply writes)'} for ${env} — ESC ${store.describe()}, GitHub ${observed.owner}`);
    for (const l of planTable(report, mode)) io.out(l);
    if (rotation) {
      for (const l of pendingDecisions(report)) io.out(l);
      io.out('');
      for (const l of ageTable(rotation.ages, rotation.entries, env)) io.out(l);
    }
  }
  if (mode === 'sync') {
    const file = writeAudit(report, meta, flags.auditDir);
    if (!flags.json) io.out(`Audit log: ${file}`);
    if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdownSummary(report, meta));
  }
  return exitCode(report, rotation?.ages);
}

interface RotateFlags extends EscTargetOptions {
  overdue?: boolean;
  apply?: boolean;
  json?: boolean;
}

/**
 * Rotates the overdue platform keys of one environment (dry run unless --apply), then syncs ESC → GitHub so
 * the new values reach their consumers. Stack-made keys go through their ESC rotation records (./rotation/generation:
 * rotate, resume a pending one, retire a previous key after its window). Issuer keys and gaps are listed.
 */
async function rotate(flags: RotateFlags, io: Io): Promise<number> {
  if (!flags.overdue) throw new CliError('rotate works on overdue keys only: pass --overdue (sophia-secrets status shows each key\'s age)');
  const observed = await observe({ ...flags, direction: 'both' }, io, 'status');
  const { entries, ages, errors } = await rotationState(observed);
  const env = observed.env;
  // A key whose age could not be read may be overdue: say so, and fail the run after doing what is known.
  for (const e of errors) io.err(`sophia-secrets: error: ${e}`);
  const ci = process.env.CI === 'true' || process.env.GITHUB_ACTIONS === 'true';
  const now = new Date();
  const generations = await planGenerationSteps({ store: observed.store, entries, ages, namespaces: workspaceNamespaces(), env, org: observed.org, now });
  const steps = [...planRotations(ages, entries, env, { ci }), ...generationSteps(generations, env)];
  const outcomes = flags.apply
    ? await runRotations(steps, io.runner ?? childProcessRunner, { store: observed.store, env, now })
    : steps.map((step) => ({ step, code: undefined, error: undefined }));
  const syncArgv = ['sophia-secrets', 'sync', '--env', env, '--direction', 'esc-to-github', '--apply'];
  const ran = outcomes.filter((o) => o.step.kind === 'run');
  const failed = ran.filter((o) => o.code !== 0 && o.code !== undefined);
  for (const o of outcomes) {
    const what = o.step.kind === 'run' ? (flags.apply ? (o.code === 0 ? 'rotated' : o.error ? `FAILED (${o.error})` : `FAILED (exit ${o.code})`) : 'would run') : o.step.kind;
    if (flags.json) io.out(JSON.stringify({ type: 'rotation', env, key: o.step.key, kind: o.step.kind, result: what, detail: o.step.detail }));
    else io.out(`${o.step.key}  ${what}: ${o.step.detail}`);
  }
  if (!flags.json) io.out(steps.length ? '' : `No overdue keys in ${env}.`);
  let syncCode: number = EXIT.clean;
  if (ran.length > failed.length && flags.apply) {
    // Only after something rotated: the new keys flow to GitHub (the same run `sync --apply` would do).
    if (!flags.json) io.out(`Then: ${syncArgv.join(' ')}`);
    syncCode = await sync({ ...flags, apply: true, direction: 'esc-to-github' }, io, 'sync');
  } else if (ran.length && !flags.json) io.out(`Then (with --apply): ${syncArgv.join(' ')}`);
  if (failed.length || errors.length || syncCode === EXIT.error) return EXIT.error;
  if (outcomes.some((o) => o.step.kind !== 'run')) return EXIT.attention;
  return ran.length && !flags.apply ? EXIT.changed : EXIT.clean;
}

/** The compliance snapshot of one environment (`report`): validate's checks and probes, the sync's status, the ages. */
async function complianceInput(flags: ReportFlags, io: Io) {
  const observed = await observe({ ...flags, direction: 'both' }, io, 'status');
  const { ages } = await rotationState(observed);
  const validation = await validateEnvironment({ store: observed.store, env: observed.env, ...(flags.org ? { org: flags.org } : {}), probes: flags.probes ? PROBES : false });
  return complianceSnapshot({ env: observed.env, now: new Date(), validation, ages, sync: observed.report });
}

export function buildProgram(io: Io, result: { code: number }): Command {
  const program = new Command('sophia-secrets')
    .description('Bi-directional GitHub Actions secrets ⇄ Pulumi ESC sync: three-way (a ledger of HMACs), plan first, never a value printed.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const common = (cmd: Command) =>
    addEscTargetOptions(cmd, { writes: true })
      .addOption(new Option('--direction <direction>', 'which secrets').choices(['both', 'esc-to-github', 'github-to-esc']).default('both'))
      .option('--json', 'JSON lines instead of the table');

  common(
    program
      .command('sync')
      .description('print the plan (key, scope, action, reason); with --apply carry it out')
      .option('--apply', 'write the planned changes')
      .option('--prune', 'delete on the other side what was deleted on the owning side')
      .option('--restore', 'put back from the owning side what changed on the other side (drift)')
      .addOption(new Option('--prefer <side>', 'which side wins a conflict').choices(['esc', 'github']))
      .option('--github-values-stdin', 'read the workflow secrets (JSON of toJSON(secrets)) from stdin')
      .option('--github-values-env <var>', 'read the workflow secrets (JSON of toJSON(secrets)) from this environment variable')
      .option('--audit-dir <dir>', 'audit log directory (default $SOPHIA_SECRETS_AUDIT_DIR or ~/.sophia-ai/secrets-sync/audit)'),
  ).action(async (flags: SyncFlags) => {
    result.code = await sync(flags, io, 'sync');
  });
  common(program.command('status').description('read-only: where every secret stands (the plan without policy flags), then each key\'s age against its rotation policy')).action(async (flags: SyncFlags) => {
    result.code = await sync(flags, io, 'status');
  });
  addEscTargetOptions(
    program
      .command('rotate')
      .description('rotate overdue platform-generated keys (dry run; --apply runs each key\'s rotate command, or for a stack-made key records its next generation in ESC and runs the stack\'s up, then the ESC → GitHub sync); issuer keys are listed')
      .option('--overdue', 'the keys past their maximum age (sophia-secrets status)')
      .option('--apply', 'run the rotations and the sync')
      .option('--json', 'JSON lines instead of text'),
    { writes: true },
  ).action(async (flags: RotateFlags) => {
    result.code = await rotate(flags, io);
  });
  addValidateCommand(program, io, result);
  addReportCommand(program, io, result, (flags) => complianceInput(flags, io));
  addNotifyCommand(program, io, result, {
    defaultRepo: `${SYNC_MANIFEST.github.owner}/${SYNC_MANIFEST.github.repository}`,
    slackWebhook: (flags) => {
      const { store, env } = openEscTarget(flags, (e, org) => secretsEnvironment(e, org));
      return readSlackWebhook(store, workspaceNamespaces(), env, flags.org);
    },
  });
  return program;
}

/** Runs the CLI; returns the exit code (report.ts EXIT). Errors are one line on stderr, never a stack or a value. */
export async function main(argv: string[], io: Io = { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n'), isTty: process.stderr.isTTY }): Promise<number> {
  const result = { code: EXIT.clean as number };
  try {
    await buildProgram(io, result).parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT.usage;
    io.err(`sophia-secrets: error: ${(e as Error).message}`);
    return EXIT.error;
  }
}
