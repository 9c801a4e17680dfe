/**
 * An integration's access from one workspace, with that workspace's budget and rate limit on it
 * (`/integrations/{slug}/workspaces`, the Terraform provider's `portkey_integration_workspace_access`). The API
 * sets access by an idempotent bulk PUT, so a retried create cannot duplicate; a delete disables access. Read
 * treats a disabled entry, a missing one, or a gone integration (404 / 403 AB03) as gone.
 */
import { diffProps, versioned, type CheckResult, type CreateResult, type DiffResult, type Props, type ReadResult, type UpdateResult } from '@sophia-ai/dynamic-provider/src/runtime';
import type { RateLimit, UsageLimit } from '@sophia-ai/portkey-config';
import { clientFor, getOrGone, isGone, type RuntimeOptions } from './portkey-api';
import { fromApiRateLimits, fromApiUsageLimits, limitFailures, toApiUsageLimits, type ApiUsageLimits } from './limits';

/** State schema version (1: the first). */
export const stateVersion = 1;

interface ApiAccess {
  id: string;
  enabled: boolean;
  usage_limits?: ApiUsageLimits[] | null;
  rate_limits?: RateLimit[] | null;
}

const IN_PLACE = ['usageLimit', 'rateLimit'] as const;

export async function check(_olds: Props, news: Props): Promise<CheckResult> {
  const failures: CheckResult['failures'] = [];
  if (typeof news.integration !== 'string' || news.integration === '') failures.push({ property: 'integration', reason: 'integration must be the slug of an integration' });
  if (news.workspaceId !== undefined && (typeof news.workspaceId !== 'string' || news.workspaceId === '')) failures.push({ property: 'workspaceId', reason: 'access needs the id of a workspace' });
  failures.push(...limitFailures(news.usageLimit, news.rateLimit === undefined ? undefined : [news.rateLimit]).map((f) => (f.property === 'rateLimits' ? { ...f, property: 'rateLimit' } : f)));
  return { inputs: news, failures };
}

/** Another integration or workspace is other access; the budget and rate limit change in place. */
export async function diff(_id: string, olds: Props, news: Props): Promise<DiffResult> {
  const d = diffProps(olds, news, ['integration', 'workspaceId', ...IN_PLACE], IN_PLACE);
  return { changes: d.changes, replaces: d.replaces };
}

const path = (integration: unknown) => `/integrations/${encodeURIComponent(String(integration))}/workspaces`;

const entry = (inputs: Props, enabled: boolean) => ({
  id: inputs.workspaceId,
  enabled,
  usage_limits: enabled && inputs.usageLimit ? [toApiUsageLimits(inputs.usageLimit as UsageLimit)] : [],
  rate_limits: enabled && inputs.rateLimit ? [inputs.rateLimit] : [],
});

const outs = (inputs: Props, a: ApiAccess) =>
  versioned(
    {
      apiKey: inputs.apiKey, apiUrl: inputs.apiUrl, integration: inputs.integration, workspaceId: a.id,
      usageLimit: fromApiUsageLimits(a.usage_limits?.[0]), rateLimit: fromApiRateLimits(a.rate_limits ?? [])[0],
    },
    stateVersion,
  );

async function accessOf(inputs: Props, ro: RuntimeOptions): Promise<ApiAccess | undefined> {
  const answer = await getOrGone<{ workspaces?: ApiAccess[] }>(clientFor(inputs, ro), path(inputs.integration));
  return answer?.workspaces?.find((w) => w.id === inputs.workspaceId && w.enabled);
}

async function put(inputs: Props, enabled: boolean, ro: RuntimeOptions): Promise<void> {
  await clientFor(inputs, ro).put(path(inputs.integration), { workspaces: [entry(inputs, enabled)], override_existing_workspace_access: false });
}

export async function create(inputs: Props, ro: RuntimeOptions = {}): Promise<CreateResult> {
  await put(inputs, true, ro);
  const a = await accessOf(inputs, ro);
  if (!a) throw new Error(`Portkey did not enable integration "${String(inputs.integration)}" for workspace ${String(inputs.workspaceId)}`);
  return { id: `${String(inputs.integration)}:${String(inputs.workspaceId)}`, outs: outs(inputs, a) };
}

export async function read(id: string, props: Props, ro: RuntimeOptions = {}): Promise<ReadResult> {
  const a = await accessOf(props, ro);
  return a ? { id, props: outs(props, a) } : {};
}

/** PUT the budget and rate limit, then read them back. */
export async function update(_id: string, _olds: Props, news: Props, ro: RuntimeOptions = {}): Promise<UpdateResult> {
  await put(news, true, ro);
  const a = await accessOf(news, ro);
  if (!a) throw new Error(`Portkey access of workspace ${String(news.workspaceId)} to integration "${String(news.integration)}" is gone`);
  return { outs: outs(news, a) };
}

/** Disables the access; a gone integration or workspace has none left. */
export async function remove(_id: string, props: Props, ro: RuntimeOptions = {}): Promise<void> {
  try {
    await put(props, false, ro);
  } catch (err) {
    if (!isGone(err)) throw err;
  }
}
