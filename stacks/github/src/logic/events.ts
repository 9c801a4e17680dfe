import { closestName } from '@sophia-ai/config';

/**
 * Webhook event names a GitHub repository or organisation webhook can subscribe to
 * (docs.github.com "Webhook events and payloads"), plus `*` for every event. A name outside this list is
 * rejected by the spec, because GitHub answers 422 for it only at deploy time.
 */
export const WEBHOOK_EVENTS = [
  '*',
  'branch_protection_configuration',
  'branch_protection_rule',
  'check_run',
  'check_suite',
  'code_scanning_alert',
  'commit_comment',
  'create',
  'custom_property_values',
  'delete',
  'dependabot_alert',
  'deploy_key',
  'deployment',
  'deployment_protection_rule',
  'deployment_review',
  'deployment_status',
  'discussion',
  'discussion_comment',
  'fork',
  'gollum',
  'installation_target',
  'issue_comment',
  'issue_dependencies',
  'issues',
  'label',
  'member',
  'membership',
  'merge_group',
  'meta',
  'milestone',
  'organization',
  'package',
  'page_build',
  'ping',
  'project',
  'project_card',
  'project_column',
  'projects_v2',
  'projects_v2_item',
  'public',
  'pull_request',
  'pull_request_review',
  'pull_request_review_comment',
  'pull_request_review_thread',
  'push',
  'registry_package',
  'release',
  'repository',
  'repository_advisory',
  'repository_dispatch',
  'repository_import',
  'repository_ruleset',
  'repository_vulnerability_alert',
  'secret_scanning_alert',
  'secret_scanning_alert_location',
  'secret_scanning_scan',
  'security_advisory',
  'security_and_analysis',
  'star',
  'status',
  'sub_issues',
  'team',
  'team_add',
  'watch',
  'workflow_dispatch',
  'workflow_job',
  'workflow_run',
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const EVENT_SET: ReadonlySet<string> = new Set(WEBHOOK_EVENTS);

export function isWebhookEvent(name: string): name is WebhookEvent {
  return EVENT_SET.has(name);
}

/** The closest known event name (edit distance ≤ 3), for "did you mean" hints. */
export function suggestEvent(name: string): WebhookEvent | undefined {
  return closestName(name, WEBHOOK_EVENTS) as WebhookEvent | undefined;
}
