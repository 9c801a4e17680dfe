/**
 * `delivery preview-comment` and `delivery drift-issues`: the GitHub side of preview.yml and drift.yml. They read
 * the pulumi --json results the nx-pulumi executor wrote (--jsonDir) and write through libs/github-issues (Octokit
 * with throttling and retry; found by marker, so a rerun edits instead of duplicating). The token comes from
 * GITHUB_TOKEN (never argv), the API from GITHUB_API_URL (GitHub Enterprise, the sandbox).
 */
import * as fs from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { PlanDiffReport } from '@sophia-ai/plan-diff';
import { closeTrackingIssue, createGithubClient, GithubRequestError, upsertStickyComment, upsertTrackingIssue, type GithubClient } from '@sophia-ai/github-issues';
import { DRIFT_LABEL, driftMarker, driftState, renderDriftIssue, renderDriftSummary, type DriftState } from './drift';
import { planDiffSection, previewMarker, renderPreviewComment, renderPreviewSummary } from './preview-comment';
import { readOutcomes, type StackOutcome } from './results';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface Deps {
  io?: Io;
  env?: NodeJS.ProcessEnv;
  /** A client of the caller's (tests: the emulator, no write pacing); default: one from GITHUB_TOKEN. */
  github?: GithubClient;
}

interface Common {
  dir: string;
  env: string;
  repo: string;
  summary?: string;
}

/** A problem of the input, said as one line without a stack trace. */
class InputError extends Error {}

const defaultIo: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

const repoArg = (v: string) => {
  if (!/^[\w.-]+\/[\w.-]+$/.test(v)) throw new InvalidArgumentError('expected <owner>/<name>, e.g. sophia-ai/sophia-ai-infrastructure');
  return v;
};
const prArg = (v: string) => {
  if (!/^[1-9]\d*$/.test(v)) throw new InvalidArgumentError('expected a pull request number');
  return Number(v);
};

/** Runs the CLI; returns the exit code (0: done; 1: bad input or GitHub refused; commander's own for usage). */
export async function main(argv: string[], deps: Deps = {}): Promise<number> {
  const io = deps.io ?? defaultIo;
  const env = deps.env ?? process.env;
  let code = 0;
  const client = () => {
    if (deps.github) return deps.github;
    const token = env.GITHUB_TOKEN;
    if (!token) throw new InputError('GITHUB_TOKEN is not set: the workflow passes the job token as GITHUB_TOKEN (secrets.GITHUB_TOKEN)');
    return createGithubClient({ token, baseUrl: env.GITHUB_API_URL, userAgent: 'sophia-ai-delivery' });
  };
  const run = (action: () => Promise<void>) => async () => {
    try {
      await action();
    } catch (e) {
      if (!(e instanceof InputError || e instanceof GithubRequestError)) throw e;
      io.stderr(`delivery: ${e.message}\n`);
      code = 1;
    }
  };
  const common = (cmd: Command) =>
    cmd
      .requiredOption('--dir <dir>', "the folder of pulumi's --json results, one <stack>.json each (the executor's --jsonDir)")
      .requiredOption('--env <env>', 'the environment the results are of (dev, staging, production)')
      .requiredOption('--repo <owner/name>', 'the repository (in a workflow: "$GITHUB_REPOSITORY")', repoArg)
      .option('--summary <file>', 'append the Markdown summary here (in a workflow: "$GITHUB_STEP_SUMMARY")');

  const program = new Command()
    .name('delivery')
    .description('The delivery workflows\' GitHub side: one PR comment per stack from pulumi preview, one issue per drifted stack.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  common(program.command('preview-comment').description('post or update ONE comment per stack on the pull request (the offline plan diff first, then the preview)'))
    .requiredOption('--pr <number>', 'the pull request number', prArg)
    .option('--plan-diff <file>', "tools/plan-diff's --json report: each stack's section goes first in its comment")
    .option('--sha <sha>', 'the commit previewed (default: $GITHUB_SHA)')
    .action((opts: Common & { pr: number; planDiff?: string; sha?: string }) => run(() => previewComments(opts, client(), io, env))());
  common(program.command('drift-issues').description('open or update one issue per drifted stack (label drift), close it when the stack is clean'))
    .option('--run-url <url>', 'the run to link from the issue')
    .action((opts: Common & { runUrl?: string }) => run(() => driftIssues(opts, client(), io))());

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : err.exitCode || 1; // commander printed it
    throw err;
  }
  return code;
}

const split = (repo: string) => {
  const [owner, name] = repo.split('/') as [string, string];
  return { owner, repo: name };
};

function readPlanDiff(file: string | undefined): PlanDiffReport | undefined {
  if (!file || !fs.existsSync(file)) return undefined;
  let report: unknown;
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new InputError(`--plan-diff ${file} is not JSON (write it with plan-diff --json)`);
  }
  if (!Array.isArray((report as PlanDiffReport | null)?.stacks)) throw new InputError(`--plan-diff ${file} has no "stacks" list (write it with plan-diff --json)`);
  return report as PlanDiffReport;
}

async function previewComments(opts: Common & { pr: number; planDiff?: string; sha?: string }, github: GithubClient, io: Io, env: NodeJS.ProcessEnv): Promise<void> {
  const report = readPlanDiff(opts.planDiff);
  const outcomes = readOutcomes(opts.dir);
  // A stack the offline plan changes but that has no preview result did not get previewed (its init or an
  // upstream task failed): it gets a comment saying so rather than none.
  for (const s of report?.stacks ?? []) {
    if (s.status !== 'unchanged' && !outcomes.some((o) => o.stack === s.stack)) outcomes.push({ stack: s.stack, failure: 'no preview result: the preview did not run for this stack (see the job log)' });
  }
  outcomes.sort((a, b) => a.stack.localeCompare(b.stack));
  const posted: Record<string, string> = {};
  for (const outcome of outcomes) {
    const body = renderPreviewComment({ outcome, env: opts.env, planDiff: report ? planDiffSection(report, outcome.stack) ?? '_The offline plan diff has no section for this stack._' : undefined, sha: opts.sha ?? env.GITHUB_SHA });
    const { outcome: done, url } = await upsertStickyComment(github, { ...split(opts.repo), issueNumber: opts.pr, marker: previewMarker(outcome.stack, opts.env), body });
    posted[outcome.stack] = `[${done}](${url})`;
    io.stdout(`${outcome.stack}: comment ${done} ${url}\n`);
  }
  if (outcomes.length === 0) io.stdout(`no preview results in ${opts.dir}: no stack was affected\n`);
  if (opts.summary) fs.appendFileSync(opts.summary, renderPreviewSummary(opts.env, outcomes, posted));
}

async function driftIssues(opts: Common & { runUrl?: string }, github: GithubClient, io: Io): Promise<void> {
  const rows: Array<{ outcome: StackOutcome; state: DriftState; issue?: string }> = [];
  for (const outcome of readOutcomes(opts.dir)) {
    const state = driftState(outcome);
    const ref = { ...split(opts.repo), label: DRIFT_LABEL, marker: driftMarker(outcome.stack, opts.env) };
    let issue: string | undefined;
    if (state === 'drifted') {
      const { outcome: done, number, url } = await upsertTrackingIssue(github, { ...ref, ...renderDriftIssue(outcome, opts.env, opts.runUrl) });
      issue = `[#${number}](${url}) ${done}`;
    } else if (state === 'clean') {
      const closed = await closeTrackingIssue(github, { ...ref, comment: `No drift any more: ${outcome.stack} in ${opts.env} matches its state${opts.runUrl ? ` ([run](${opts.runUrl}))` : ''}.` });
      issue = closed.map((i) => `[#${i.number}](${i.url}) closed`).join(', ') || undefined;
    }
    // unknown: the check failed, so nothing is known about drift: the issue (if any) stays as it is.
    rows.push({ outcome, state, issue });
    io.stdout(`${outcome.stack}: ${state}${issue ? ` ${issue}` : ''}${state === 'unknown' ? ` (${outcome.failure ?? 'no result'})` : ''}\n`);
  }
  if (rows.length === 0) io.stdout(`no refresh results in ${opts.dir}: no stack was checked\n`);
  if (opts.summary) fs.appendFileSync(opts.summary, renderDriftSummary(opts.env, rows));
}
