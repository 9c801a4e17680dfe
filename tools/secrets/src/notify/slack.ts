/*
 * The optional Slack message: one post to an incoming webhook per failing run (and one when the environment is
 * green again after an open issue), text only, naming the environment, the summary and the keys with errors. The
 * webhook URL is itself a secret (anyone holding it can post): it is never printed, and failures say only what
 * Slack answered.
 */
import { scrubSecrets } from '@sophia-ai/redact';
import { complianceRows, reportSummary, type ReportInput } from '../compliance/report/rows';

/** Slack's limit on a message's `text` is 40 000 characters; a few keys' worth is what a channel wants. */
const MAX_KEYS = 10;
const TIMEOUT_MS = 10_000;

/** Slack mrkdwn: `&`, `<` and `>` are its control characters. */
const slackText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function slackMessage(input: ReportInput, links: { issueUrl?: string; runUrl?: string } = {}): { text: string } {
  const summary = reportSummary(input);
  const failing = complianceRows(input).filter((r) => r.status === 'error');
  const lines = [`${summary.status === 'error' ? ':x:' : ':white_check_mark:'} *Secrets ${summary.status === 'error' ? 'failing' : 'green again'} in ${slackText(input.env)}*`, slackText(summary.line)];
  for (const p of input.problems ?? []) lines.push(`• ${slackText(p)}`);
  for (const r of failing.slice(0, MAX_KEYS)) lines.push(`• \`${slackText(r.key)}\`: ${slackText(r.problems.filter((p) => p.status === 'error').map((p) => p.text).join('; '))}`);
  if (failing.length > MAX_KEYS) lines.push(`• … and ${failing.length - MAX_KEYS} more keys`);
  const refs = [links.issueUrl && `<${links.issueUrl}|issue>`, links.runUrl && `<${links.runUrl}|run>`].filter(Boolean);
  if (refs.length) lines.push(refs.join(' · '));
  return { text: lines.join('\n') };
}

export class SlackError extends Error {}

/** Posts `message` to the incoming webhook; errors name Slack's status and answer (short), never the URL. */
export async function postToSlack(webhookUrl: string, message: { text: string }, fetchImpl: typeof fetch = fetch): Promise<void> {
  let res: Response;
  try {
    res = await fetchImpl(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message), signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    const why = (e as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : 'the connection failed';
    throw new SlackError(`Slack webhook post failed: ${why}`);
  }
  const answer = scrubSecrets((await res.text().catch(() => '')).slice(0, 200), [webhookUrl]).slice(0, 80).replace(/[^\x20-\x7e]/g, '');
  // Slack answers `ok` (200); `invalid_token`, `no_service` (403/404/410) when the webhook was revoked.
  if (!res.ok) throw new SlackError(`Slack webhook post failed with HTTP ${res.status}${answer ? `: ${answer}` : ''}${res.status === 403 || res.status === 404 || res.status === 410 ? ' (the webhook was revoked or is wrong: set a new one in ESC)' : ''}`);
}
