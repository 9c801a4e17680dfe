/**
 * A provider (the successor of the virtual key): an integration made usable in one workspace, with its budget
 * (usage limit with the cost alert) and rate limits. The slug is ours, so a retried create meets 409 AB07 and
 * adopts; an adopted provider is brought to the desired limits.
 */
import { slugProblem } from '@sophia-ai/portkey-config';
import { createOrAdopt, diffProps, versioned, type CheckResult, type CreateResult, type DiffResult, type Props, type ReadResult, type UpdateResult } from '@sophia-ai/dynamic-provider/src/runtime';
import { clientFor, deleteOrGone, getOrGone, inWorkspace, type RuntimeOptions } from './portkey-api';
import { fromApiRateLimits, fromApiUsageLimits, limitFailures, toApiUsageLimits, type ApiUsageLimits } from './limits';
import type { RateLimit, UsageLimit } from '@sophia-ai/portkey-config';

/** State schema version (1: the first). */
export const stateVersion = 1;

interface ApiProvider {
  slug: string;
  name: string;
  integration_id: string;
  note?: string | null;
  status?: string;
  usage_limits?: ApiUsageLimits | null;
  rate_limits?: RateLimit[] | null;
}

const IN_PLACE = ['name', 'note', 'usageLimit', 'rateLimits'] as const;

export async function check(_olds: Props, news: Props): Promise<CheckResult> {
  const failures: CheckResult['failures'] = [];
  const slug = slugProblem(news.slug);
  if (slug) failures.push({ property: 'slug', reason: `slug ${slug}` });
  if (typeof news.name !== 'string' || news.name.trim() === '') failures.push({ property: 'name', reason: 'name must be a non-empty string' });
  // Unknown during a preview before the workspace exists; checked when known.
  if (news.workspaceId !== undefined && (typeof news.workspaceId !== 'string' || news.workspaceId === '')) failures.push({ property: 'workspaceId', reason: 'a provider needs the id of its workspace' });
  if (news.integration !== undefined && slugProblem(news.integration)) failures.push({ property: 'integration', reason: 'integration must be the slug of an integration' });
  failures.push(...limitFailures(news.usageLimit, news.rateLimits));
  return { inputs: news, failures };
}

/** Another slug, workspace or integration is another provider; names, notes, budgets and rate limits update in place. */
export async function diff(_id: string, olds: Props, news: Props): Promise<DiffResult> {
  const d = diffProps(olds, news, ['slug', 'workspaceId', 'integration', ...IN_PLACE], IN_PLACE);
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.replaces.length > 0 && !d.replaces.includes('slug'), stables: ['slug'] };
}

const path = (slug: unknown, workspaceId: unknown) => `/providers/${encodeURIComponent(String(slug))}?${inWorkspace(workspaceId)}`;

const desired = (inputs: Props) => ({
  name: inputs.name,
  note: inputs.note ?? '',
  usage_limits: toApiUsageLimits(inputs.usageLimit as UsageLimit | undefined),
  // The spec shows one object on create, GET answers a list; the list is what the Terraform provider sends.
  rate_limits: (inputs.rateLimits as RateLimit[] | undefined) ?? [],
});

const outs = (inputs: Props, p: ApiProvider) =>
  versioned(
    {
      apiKey: inputs.apiKey, apiUrl: inputs.apiUrl, slug: p.slug, name: p.name, workspaceId: inputs.workspaceId, integration: p.integration_id,
      note: p.note || undefined, usageLimit: fromApiUsageLimits(p.usage_limits), rateLimits: fromApiRateLimits(p.rate_limits), status: p.status ?? 'active',
    },
    stateVersion,
  );

/** Whether the provider at the API already has the desired name, note and limits. */
const matches = (inputs: Props, p: ApiProvider) => {
  const o = outs(inputs, p);
  return diffProps(o, inputs, IN_PLACE, IN_PLACE).changes === false;
};

export async function create(inputs: Props, ro: RuntimeOptions = {}): Promise<CreateResult> {
  const client = clientFor(inputs, ro);
  const slug = inputs.slug as string;
  const at = path(slug, inputs.workspaceId);
  await createOrAdopt(client.opts, `provider "${slug}"`, () => getOrGone<ApiProvider>(client, at), () =>
    client.post('/providers', { ...desired(inputs), slug, integration_id: inputs.integration, workspace_id: inputs.workspaceId }),
  );
  let p = await client.get<ApiProvider>(at);
  if (p.integration_id !== inputs.integration) throw new Error(`Portkey provider "${slug}" already exists for integration "${p.integration_id}", not "${String(inputs.integration)}": choose another key or delete it.`);
  if (!matches(inputs, p)) {
    await client.put(at, desired(inputs));
    p = await client.get<ApiProvider>(at);
  }
  return { id: slug, outs: outs(inputs, p) };
}

export async function read(id: string, props: Props, ro: RuntimeOptions = {}): Promise<ReadResult> {
  const p = await getOrGone<ApiProvider>(clientFor(props, ro), path(id, props.workspaceId));
  return p ? { id, props: outs(props, p) } : {};
}

/** PUT the desired limits, then read them back (PUT answers can be stale). */
export async function update(id: string, _olds: Props, news: Props, ro: RuntimeOptions = {}): Promise<UpdateResult> {
  const client = clientFor(news, ro);
  const at = path(id, news.workspaceId);
  await client.put(at, desired(news));
  return { outs: outs(news, await client.get<ApiProvider>(at)) };
}

export async function remove(id: string, props: Props, ro: RuntimeOptions = {}): Promise<void> {
  await deleteOrGone(clientFor(props, ro), path(id, props.workspaceId));
}

