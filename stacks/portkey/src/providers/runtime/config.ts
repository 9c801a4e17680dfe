/**
 * A gateway config (retries, fallbacks, caching) in one workspace. Its slug is server-made, so a create first
 * adopts the config carrying our exact name in the workspace. Both documented create answers are taken
 * (`{success,data:{id,version_id}}` and the SDKs' flat `{id,slug,version_id}`), and `config` read as a JSON
 * string or an object.
 */
import { createOrAdopt, diffProps, versioned, type CheckResult, type CreateResult, type DiffResult, type Props, type ReadResult, type UpdateResult } from '@sophia-ai/dynamic-provider/src/runtime';
import { clientFor, deleteOrGone, getOrGone, inWorkspace, type PortkeyClient, type RuntimeOptions } from './portkey-api';

/** State schema version (1: the first). */
export const stateVersion = 1;

interface ApiConfigSummary {
  id: string;
  slug: string;
  name: string;
  workspace_id?: string;
}
interface ApiConfig extends ApiConfigSummary {
  config: Record<string, unknown> | string;
  version_id?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export async function check(_olds: Props, news: Props): Promise<CheckResult> {
  const failures: CheckResult['failures'] = [];
  if (typeof news.name !== 'string' || news.name.trim() === '') failures.push({ property: 'name', reason: 'name must be a non-empty string' });
  if (!isObject(news.config)) failures.push({ property: 'config', reason: 'config must be a gateway config object' });
  else if (!Array.isArray(news.config.targets) || news.config.targets.length === 0) failures.push({ property: 'config', reason: 'config needs at least one target' });
  return { inputs: news, failures };
}

/** A config moves between workspaces only by being made again; name and body change in place (a new version). */
export async function diff(_id: string, olds: Props, news: Props): Promise<DiffResult> {
  const d = diffProps(olds, news, ['workspaceId', 'name', 'config'], ['name', 'config']);
  return { changes: d.changes, replaces: d.replaces, stables: ['slug', 'configId'] };
}

/** `config` as an object, whether the API answered it as one or as a JSON string. */
function body(c: ApiConfig): Record<string, unknown> {
  if (isObject(c.config)) return c.config;
  try {
    const parsed: unknown = JSON.parse(String(c.config));
    if (isObject(parsed)) return parsed;
  } catch {
    // fall through
  }
  throw new Error(`Portkey config "${c.slug}" answered a config that is not a JSON object`);
}

const outs = (inputs: Props, slug: string, c: ApiConfig) =>
  versioned({ apiKey: inputs.apiKey, apiUrl: inputs.apiUrl, workspaceId: inputs.workspaceId, name: c.name, config: body(c), slug, configId: c.id, versionId: c.version_id }, stateVersion);

const path = (slug: unknown) => `/configs/${encodeURIComponent(String(slug))}`;

async function byName(client: PortkeyClient, workspaceId: unknown, name: unknown): Promise<ApiConfigSummary | undefined> {
  const list = await client.get<ApiConfigSummary[] | { data?: ApiConfigSummary[] }>(`/configs?${inWorkspace(workspaceId)}`);
  return (Array.isArray(list) ? list : (list.data ?? [])).find((c) => c.name === name && (!c.workspace_id || c.workspace_id === workspaceId));
}

export async function create(inputs: Props, ro: RuntimeOptions = {}): Promise<CreateResult> {
  const client = clientFor(inputs, ro);
  const made = await createOrAdopt(client.opts, `config "${String(inputs.name)}"`, () => byName(client, inputs.workspaceId, inputs.name), () =>
    client.post<Partial<ApiConfigSummary>>('/configs', { name: inputs.name, config: inputs.config, isDefault: 0, workspace_id: inputs.workspaceId }),
  );
  // The spec's answer has no slug; then the config is found by its name.
  const slug = made.slug ?? (await byName(client, inputs.workspaceId, inputs.name))?.slug;
  if (!slug) throw new Error(`Portkey created config "${String(inputs.name)}" but it is not listed: run again to adopt it.`);
  let c = await client.get<ApiConfig>(path(slug));
  if (diffProps({ name: c.name, config: body(c) }, inputs, ['name', 'config'], ['name', 'config']).changes) {
    await client.put(path(slug), { name: inputs.name, config: inputs.config });
    c = await client.get<ApiConfig>(path(slug));
  }
  return { id: slug, outs: outs(inputs, slug, c) };
}

export async function read(id: string, props: Props, ro: RuntimeOptions = {}): Promise<ReadResult> {
  const c = await getOrGone<ApiConfig>(clientFor(props, ro), path(id));
  return c ? { id, props: outs(props, id, c) } : {};
}

/** A PUT makes a new version; the config is read again. */
export async function update(id: string, _olds: Props, news: Props, ro: RuntimeOptions = {}): Promise<UpdateResult> {
  const client = clientFor(news, ro);
  await client.put(path(id), { name: news.name, config: news.config });
  return { outs: outs(news, id, await client.get<ApiConfig>(path(id))) };
}

export async function remove(id: string, props: Props, ro: RuntimeOptions = {}): Promise<void> {
  await deleteOrGone(clientFor(props, ro), path(id));
}
