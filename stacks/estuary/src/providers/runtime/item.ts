import { createOrAdopt, diffProps, versioned, type CheckResult, type CreateResult, type DiffResult, type Props, type ReadResult, type UpdateResult } from '@sophia-ai/dynamic-provider/src/runtime';
import { clientFor, isGone, type RuntimeOptions } from './estuary-api';

/** State schema version (1: the first). */
export const stateVersion = 1;

interface ApiItem { id: string; name: string; description?: string }

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** What the API would reject, before any call (a preview fails here). */
export async function check(_olds: Props, news: Props): Promise<CheckResult> {
  const failures: CheckResult['failures'] = [];
  if (typeof news.name === 'string' && !NAME.test(news.name)) failures.push({ property: 'name', reason: 'name must be 1-63 lowercase letters, digits and - (starting with a letter or digit)' });
  if (typeof news.description === 'string' && news.description.length > 256) failures.push({ property: 'description', reason: 'description must have at most 256 characters' });
  return { inputs: news, failures };
}

export async function diff(_id: string, olds: Props, news: Props): Promise<DiffResult> {
  const d = diffProps(olds, news, ['name', 'description'], ['description']);
  return { changes: d.changes, replaces: d.replaces };
}

const outs = (inputs: Props, item: ApiItem) =>
  versioned({ apiKey: inputs.apiKey, apiUrl: inputs.apiUrl, name: item.name, description: item.description, itemId: item.id }, stateVersion);

/** Creates the item, or adopts the one already there under our name (a retried create never makes a second). */
export async function create(inputs: Props, ro: RuntimeOptions = {}): Promise<CreateResult> {
  const client = clientFor(inputs, ro);
  const name = inputs.name as string;
  const find = async () => (await client.get<ApiItem[]>('/items')).find((i) => i.name === name);
  const item = await createOrAdopt(client.opts, `item "${name}"`, find, () => client.post<ApiItem>('/items', { name, description: inputs.description }));
  return { id: item.id, outs: outs(inputs, item) };
}

export async function read(id: string, props: Props, ro: RuntimeOptions = {}): Promise<ReadResult> {
  try {
    const item = await clientFor(props, ro).get<ApiItem>(`/items/${encodeURIComponent(id)}`);
    return { id, props: outs(props, item) };
  } catch (err) {
    if (isGone(err)) return {};
    throw err;
  }
}

/** Only the description changes in place; the answer of the PATCH is re-read, not trusted. */
export async function update(id: string, _olds: Props, news: Props, ro: RuntimeOptions = {}): Promise<UpdateResult> {
  const client = clientFor(news, ro);
  await client.patch(`/items/${encodeURIComponent(id)}`, { description: news.description ?? null });
  return { outs: outs(news, await client.get<ApiItem>(`/items/${encodeURIComponent(id)}`)) };
}

/** Deletes the item; one that is already gone is deleted. */
export async function remove(id: string, props: Props, ro: RuntimeOptions = {}): Promise<void> {
  try {
    await clientFor(props, ro).delete(`/items/${encodeURIComponent(id)}`);
  } catch (err) {
    if (!isGone(err)) throw err;
  }
}
