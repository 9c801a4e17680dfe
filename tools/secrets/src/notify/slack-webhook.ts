/*
 * Where the Slack incoming webhook lives: the optional secret `github:slackWebhookUrl` (stacks/github/config; the
 * GitHub secret SOPHIA_SLACK_WEBHOOK_URL, carried to ESC by the sync like every secret). Read where the sync
 * writes it (secrets-<env>; opened, so references resolve, on Pulumi Cloud). Unset: no Slack message.
 */
import { escKeyLocation, type Namespace } from '@sophia-ai/config';
import type { EscStore } from '@sophia-ai/esc-store';
import { PulumiCloudEscStore } from '@sophia-ai/esc-store';
import { escValueAt, readValues } from '../esc-side';

export const SLACK_WEBHOOK_KEY = { namespace: 'github', key: 'slackWebhookUrl' } as const;

export async function readSlackWebhook(store: EscStore, namespaces: readonly Namespace[], env: string, org?: string): Promise<string | undefined> {
  const ns = namespaces.find((n) => n.name === SLACK_WEBHOOK_KEY.namespace);
  if (!ns?.keys[SLACK_WEBHOOK_KEY.key]) throw new Error(`the namespace ${SLACK_WEBHOOK_KEY.namespace} declares no ${SLACK_WEBHOOK_KEY.key} (stacks/${SLACK_WEBHOOK_KEY.namespace}/config/index.ts)`);
  const loc = escKeyLocation(ns, SLACK_WEBHOOK_KEY.key, env, org);
  const values = await readValues(store, loc.env);
  if (!values) return undefined;
  const v = escValueAt(values, loc.path, store instanceof PulumiCloudEscStore);
  return v.present && v.value ? v.value : undefined;
}
