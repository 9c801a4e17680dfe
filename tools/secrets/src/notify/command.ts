/*
 * `sophia-secrets notify --env <env> --from <report.json>`: acts on a compliance report (report --format json) (or,
 * with `--problem <text>`, on a run that could not produce one) —
 * the environment's GitHub issue opened, updated or closed, and the Slack message when a webhook is configured in
 * ESC (SLACK_WEBHOOK_KEY). GitHub: SOPHIA_SECRETS_GITHUB_TOKEN or GITHUB_TOKEN with Issues read/write on --repo
 * (default $GITHUB_REPOSITORY, else the sync manifest's repository). Exit 0 when every channel worked, 1 otherwise.
 */
import type { Command } from 'commander';
import { addEscTargetOptions, type EscTargetOptions } from '@sophia-ai/esc-store';
import { createGithubClient } from '@sophia-ai/github-issues';
import { EXIT } from '../report';
import { readArchivedReport } from '../compliance/report/command';
import type { ReportInput } from '../compliance/report/rows';
import { notify, type NotifyResult } from './notify';

export interface NotifyFlags extends EscTargetOptions {
  from?: string;
  problem?: string;
  repo?: string;
  slack: boolean;
}

export interface NotifyDeps {
  /** The Slack incoming-webhook URL the environment's ESC holds, if any (cli.ts reads SLACK_WEBHOOK_KEY). */
  slackWebhook: (flags: NotifyFlags) => Promise<string | undefined>;
  /** `owner/name` when neither --repo nor $GITHUB_REPOSITORY says. */
  defaultRepo: string;
  fetchImpl?: typeof fetch;
}

/** A run that produced no report (ESC or GitHub unreachable, the CLI failed): one environment problem, an error. */
export function problemOnly(env: string, problem: string): ReportInput {
  return { env, generatedAt: new Date().toISOString(), keys: [], probes: [], ages: [], sync: [], problems: [problem] };
}

function runUrl(e: NodeJS.ProcessEnv): string | undefined {
  return e.GITHUB_RUN_ID && e.GITHUB_REPOSITORY ? `${e.GITHUB_SERVER_URL || 'https://github.com'}/${e.GITHUB_REPOSITORY}/actions/runs/${e.GITHUB_RUN_ID}` : undefined;
}

export function notifyLines(env: string, r: NotifyResult): string[] {
  const issue = !r.issue
    ? 'GitHub issue: not configured'
    : r.issue.action === 'failed'
      ? `GitHub issue: FAILED — ${r.issue.error}`
      : r.issue.action === 'closed'
        ? r.issue.issues.length
          ? `GitHub issue: closed ${r.issue.issues.map((i) => `#${i.number}`).join(', ')} (${env} is green)`
          : `GitHub issue: none open (${env} is green)`
        : `GitHub issue: ${r.issue.action} #${r.issue.issue.number} ${r.issue.issue.url}`;
  const slack = typeof r.slack === 'string' ? `Slack: ${r.slack}` : `Slack: FAILED — ${r.slack.failed}`;
  return [issue, slack];
}

export function addNotifyCommand(program: Command, io: { out(line: string): void }, result: { code: number }, deps: NotifyDeps): void {
  addEscTargetOptions(
    program
      .command('notify')
      .description("open/update the environment's GitHub issue (label secrets:<env>) while it fails and close it when green; post to Slack if ESC holds a webhook")
      .option('--from <report.json>', 'the compliance report to act on (sophia-secrets report --format json)')
      .option('--problem <text>', 'instead of a report: the environment failed before a report existed (the workflow says why; no value)')
      .option('--repo <owner/name>', 'repository of the issue (default $GITHUB_REPOSITORY, else the sync manifest\'s)')
      .option('--no-slack', 'do not read or use the Slack webhook'),
  ).action(async (flags: NotifyFlags) => {
    if (!flags.from === !flags.problem) throw new Error('notify needs exactly one of --from <report.json> (the compliance report) and --problem <text> (no report could be made)');
    const input = flags.from ? readArchivedReport(flags.from, flags.env) : problemOnly(flags.env, flags.problem!);
    const repo = flags.repo ?? process.env.GITHUB_REPOSITORY ?? deps.defaultRepo;
    const [owner, name, ...rest] = repo.split('/');
    if (!owner || !name || rest.length) throw new Error(`--repo ${repo}: expected owner/name`);
    const token = process.env.SOPHIA_SECRETS_GITHUB_TOKEN || process.env.GITHUB_TOKEN;
    if (!token) throw new Error('No GitHub token: set SOPHIA_SECRETS_GITHUB_TOKEN or GITHUB_TOKEN (Issues read/write on the repository)');
    // ESC unreadable is Slack's failure only: the issue is still opened or closed.
    let slackWebhookUrl: string | undefined;
    let slackUnread: string | undefined;
    if (flags.slack) {
      try {
        slackWebhookUrl = await deps.slackWebhook(flags);
      } catch (e) {
        slackUnread = `the webhook could not be read from ESC: ${(e as Error).message}`;
      }
    }
    const r = await notify({
      input,
      github: { octokit: createGithubClient({ token, userAgent: 'sophia-secrets' }), owner, repo: name },
      slackWebhookUrl,
      runUrl: runUrl(process.env),
      ...(deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {}),
    });
    if (slackUnread) r.slack = { failed: slackUnread };
    for (const l of notifyLines(input.env, r)) io.out(l);
    result.code = (r.issue && r.issue.action === 'failed') || typeof r.slack !== 'string' ? EXIT.error : EXIT.clean;
  });
}
