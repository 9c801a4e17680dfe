/*
 * What a failing (or recovered) run tells people: the environment's GitHub issue, opened, updated or closed; and,
 * when a webhook is configured, one Slack message when something changed (an issue opened or updated, an issue
 * closed; every failing run when there is no issue to track). Each channel's failure is reported, not thrown, so
 * one broken channel never silences the other.
 */
import type { GithubClient } from '@sophia-ai/github-issues';
import { reportSummary, type ReportInput } from '../compliance/report/rows';
import { syncEnvironmentIssue, type IssueResult } from './issue';
import { postToSlack, slackMessage } from './slack';

export interface NotifyOptions {
  input: ReportInput;
  github?: { octokit: GithubClient; owner: string; repo: string };
  /** The incoming webhook (from ESC); absent: no Slack message. */
  slackWebhookUrl?: string;
  /** The workflow run, linked from the issue and the message. */
  runUrl?: string;
  fetchImpl?: typeof fetch;
}

export interface NotifyResult {
  issue?: IssueResult | { action: 'failed'; error: string };
  slack: 'posted' | 'not configured' | 'nothing new' | { failed: string };
}

export async function notify(opts: NotifyOptions): Promise<NotifyResult> {
  const failing = reportSummary(opts.input).status === 'error';
  let issue: NotifyResult['issue'];
  if (opts.github) {
    try {
      issue = await syncEnvironmentIssue(opts.github.octokit, opts.github, opts.input, opts.runUrl);
    } catch (e) {
      issue = { action: 'failed', error: (e as Error).message };
    }
  }
  if (!opts.slackWebhookUrl) return { ...(issue ? { issue } : {}), slack: 'not configured' };
  const changed = !issue || issue.action === 'failed' ? failing : issue.action === 'closed' ? issue.issues.length > 0 : issue.action !== 'unchanged';
  if (!changed) return { ...(issue ? { issue } : {}), slack: 'nothing new' };
  const issueUrl = issue && 'issue' in issue ? issue.issue.url : issue && issue.action === 'closed' ? issue.issues[0]?.url : undefined;
  try {
    await postToSlack(opts.slackWebhookUrl, slackMessage(opts.input, { ...(issueUrl ? { issueUrl } : {}), ...(opts.runUrl ? { runUrl: opts.runUrl } : {}) }), opts.fetchImpl);
    return { ...(issue ? { issue } : {}), slack: 'posted' };
  } catch (e) {
    return { ...(issue ? { issue } : {}), slack: { failed: (e as Error).message } };
  }
}
