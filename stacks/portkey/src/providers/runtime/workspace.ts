/**
 * A Portkey workspace (the original plan's "project"). Slugs are server-made and names are not unique, so a
 * create first adopts the one workspace carrying our exact name, and after a lost answer looks for it again.
 */
import { ServiceError } from '@sophia-ai/http';
import { createOrAdopt, diffProps, versioned, type CheckResult, type CreateResult, type DiffResult, type Props, type ReadResult, type UpdateResult } from '@sophia-ai/dynamic-provider/src/runtime';
import { fromApiRateLimits, fromApiUsageLimits, limitFailures, toApiUsageLimits, type ApiUsageLimits } from './limits';
import type { RateLimit, UsageLimit } from '@sophia-ai/portkey-config';
import { clientFor, deleteOrGone, getOrGone, isTaken, listAll, type PortkeyClient, type RuntimeOptions } from './portkey-api';

/** State schema version (1: the first). */
export const stateVersion = 1;

interface ApiWorkspace {
  id: string;
  slug: string;
  name: string;
  description?: string | null;
  defaults?: { metadata?: Record<string, string> } | null;
  usage_limits?: ApiUsageLimits[] | null;
  rate_limits?: RateLimit[] | null;
}

const IN_PLACE = ['name', 'description', 'metadata', 'usageLimit', 'rateLimit'] as const;

export async function check(_olds: Props, news: Props): Promise<CheckResult> {
  const failures: CheckResult['failures'] = [];
  if (typeof news.name !== 'string' || news.name.trim() === '') failures.push({ property: 'name', reason: 'name must be a non-empty string' });
  if (news.description !== undefined && typeof news.description !== 'string') failures.push({ property: 'description', reason: 'description must be a string' });
  const m = news.metadata;
  if (m !== undefined && (!m || typeof m !== 'object' || Array.isArray(m) || Object.values(m).some((v) => typeof v !== 'string'))) {
    failures.push({ property: 'metadata', reason: 'metadata must map names to strings' });
  }
  failures.push(...limitFailures(news.usageLimit, news.rateLimit === undefined ? undefined : [news.rateLimit]).map((f) => (f.property === 'rateLimits' ? { ...f, property: 'rateLimit' } : f)));
  return { inputs: news, failures };
}

/** Everything changes in place (the id is the server's); `forceDelete` only matters at delete. */
export async function diff(_id: string, olds: Props, news: Props): Promise<DiffResult> {
  const d = diffProps(olds, news, IN_PLACE, IN_PLACE);
  const forceChanged = (olds.forceDelete ?? false) !== (news.forceDelete ?? false);
  // The id and slug survive an update: dependents stay known (not replaced) in a preview.
  return { changes: d.changes || forceChanged, replaces: d.replaces, stables: ['workspaceId', 'slug'] };
}

/** Workspaces take lists of limits; the stack sets at most one of each. */
const body = (inputs: Props) => ({
  name: inputs.name,
  description: inputs.description ?? '',
  defaults: { metadata: inputs.metadata ?? {} },
  usage_limits: inputs.usageLimit ? [toApiUsageLimits(inputs.usageLimit as UsageLimit)] : [],
  rate_limits: inputs.rateLimit ? [inputs.rateLimit] : [],
});

const outs = (inputs: Props, w: ApiWorkspace) =>
  versioned(
    {
      apiKey: inputs.apiKey, apiUrl: inputs.apiUrl, forceDelete: inputs.forceDelete ?? false,
      name: w.name, description: w.description || undefined, metadata: w.defaults?.metadata ?? {}, workspaceId: w.id, slug: w.slug,
      usageLimit: fromApiUsageLimits(w.usage_limits?.[0]), rateLimit: fromApiRateLimits(w.rate_limits ?? [])[0],
    },
    stateVersion,
  );

/** The one workspace named exactly `name`; several are an error (which one is ours is not ours to guess). */
async function byName(client: PortkeyClient, name: string): Promise<ApiWorkspace | undefined> {
  const found = await listAll<ApiWorkspace>(client, `/admin/workspaces?exact_name=${encodeURIComponent(name)}`);
  const exact = found.filter((w) => w.name === name);
  if (exact.length > 1) throw new Error(`${exact.length} Portkey workspaces are named "${name}": delete or rename the extra ones (ids ${exact.map((w) => w.id).join(', ')}), then run again.`);
  return exact[0];
}

export async function create(inputs: Props, ro: RuntimeOptions = {}): Promise<CreateResult> {
  const client = clientFor(inputs, ro);
  const name = inputs.name as string;
  const w = await createOrAdopt(client.opts, `workspace "${name}"`, () => byName(client, name), () => client.post<ApiWorkspace>('/admin/workspaces', body(inputs)));
  // An adopted workspace may differ from the desired one: converge, then read what the API holds.
  await client.put(`/admin/workspaces/${w.id}`, body(inputs));
  return { id: w.id, outs: outs(inputs, await client.get<ApiWorkspace>(`/admin/workspaces/${w.id}`)) };
}

export async function read(id: string, props: Props, ro: RuntimeOptions = {}): Promise<ReadResult> {
  const w = await getOrGone<ApiWorkspace>(clientFor(props, ro), `/admin/workspaces/${encodeURIComponent(id)}`);
  return w ? { id, props: outs(props, w) } : {};
}

/** PUT answers an empty object: the workspace is read again. */
export async function update(id: string, _olds: Props, news: Props, ro: RuntimeOptions = {}): Promise<UpdateResult> {
  const client = clientFor(news, ro);
  await client.put(`/admin/workspaces/${encodeURIComponent(id)}`, body(news));
  return { outs: outs(news, await client.get<ApiWorkspace>(`/admin/workspaces/${encodeURIComponent(id)}`)) };
}

/**
 * Deletes the workspace; the API asks for its name as a confirmation. Providers, configs and keys in it make the
 * API refuse (409 AB07) unless `forceDelete` is set, which cascades: never implied.
 */
export async function remove(id: string, props: Props, ro: RuntimeOptions = {}): Promise<void> {
  const client = clientFor(props, ro);
  const current = await getOrGone<ApiWorkspace>(client, `/admin/workspaces/${encodeURIComponent(id)}`);
  if (!current) return;
  try {
    await deleteOrGone(client, `/admin/workspaces/${encodeURIComponent(id)}`, { name: current.name, ...(props.forceDelete === true ? { force_delete: true } : {}) });
  } catch (err) {
    if (isTaken(err) && err instanceof ServiceError) {
      throw new Error(`Portkey workspace "${current.name}" still holds providers, configs or API keys not managed by this stack: delete them first, or set forceDelete on the workspace to delete them with it.`);
    }
    throw err;
  }
}
