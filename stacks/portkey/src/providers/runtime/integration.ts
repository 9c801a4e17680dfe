/**
 * An organisation-level integration: one AI provider account and its key. The slug is ours, so a retried
 * create meets 409 AB07 and adopts. The key is write-only: sent on create and when it changed, never in state
 * (a keyed hash there detects the change).
 */
import { PORTKEY_LIMITS, slugProblem } from '@sophia-ai/portkey-config';
import { createOrAdopt, diffProps, versioned, retryConflicts, type CheckResult, type CreateResult, type DiffResult, type Props, type ReadResult, type UpdateResult } from '@sophia-ai/dynamic-provider/src/runtime';
import { clientFor, deleteOrGone, getOrGone, type RuntimeOptions } from './portkey-api';
import { hashSecret, sameSecret } from './secret-hash';

/** State schema version (1: the first). */
export const stateVersion = 1;

interface ApiIntegration {
  id: string;
  slug: string;
  name: string;
  ai_provider_id: string;
  description?: string;
  masked_key?: string;
}

export async function check(_olds: Props, news: Props): Promise<CheckResult> {
  const failures: CheckResult['failures'] = [];
  const slug = slugProblem(news.slug);
  if (slug) failures.push({ property: 'slug', reason: `slug ${slug}` });
  if (typeof news.name !== 'string' || news.name.trim() === '') failures.push({ property: 'name', reason: 'name must be a non-empty string' });
  if (!(PORTKEY_LIMITS.aiProviders as readonly unknown[]).includes(news.aiProvider)) failures.push({ property: 'aiProvider', reason: `aiProvider must be one of ${PORTKEY_LIMITS.aiProviders.join(', ')}` });
  if (typeof news.key !== 'string' || news.key.length < 8) {
    failures.push({ property: 'key', reason: `the ${String(news.aiProvider)} API key is missing: set it under portkey:integrationKeys (ESC sophia-ai/secrets-<env>, GitHub secret PORTKEY_INTEGRATION_KEYS)` });
  }
  return { inputs: news, failures };
}

/** A new slug or AI provider is another integration; name, description and key change in place. */
export async function diff(_id: string, olds: Props, news: Props): Promise<DiffResult> {
  const d = diffProps(olds, news, ['slug', 'aiProvider', 'name', 'description'], ['name', 'description']);
  const keyChanged = !sameSecret(olds, news.key);
  // Same slug, other AI provider: the old one must go first (the slug is unique).
  return { changes: d.changes || keyChanged, replaces: d.replaces, deleteBeforeReplace: d.replaces.length > 0 && !d.replaces.includes('slug'), stables: ['slug', 'integrationId'] };
}

const outs = (inputs: Props, i: ApiIntegration, hash: { keySalt?: unknown; keyHash?: unknown }) =>
  versioned(
    { apiKey: inputs.apiKey, apiUrl: inputs.apiUrl, slug: i.slug, name: i.name, aiProvider: i.ai_provider_id, description: i.description || undefined, integrationId: i.id, ...hash },
    stateVersion,
  );

const path = (slug: unknown) => `/integrations/${encodeURIComponent(String(slug))}`;

export async function create(inputs: Props, ro: RuntimeOptions = {}): Promise<CreateResult> {
  const client = clientFor(inputs, ro);
  const slug = inputs.slug as string;
  let adopted = false;
  await createOrAdopt(
    client.opts,
    `integration "${slug}"`,
    async () => {
      const found = await getOrGone<ApiIntegration>(client, path(slug));
      adopted ||= found !== undefined;
      return found;
    },
    () => client.post<{ id: string; slug: string }>('/integrations', { name: inputs.name, slug, ai_provider_id: inputs.aiProvider, key: inputs.key, description: inputs.description, create_default_provider: false }),
  );
  // Adopted: its key and name may not be ours. Converge (the key is write-only, so it is sent again).
  if (adopted) await client.put(path(slug), { name: inputs.name, description: inputs.description ?? '', key: inputs.key });
  return { id: slug, outs: outs(inputs, await client.get<ApiIntegration>(path(slug)), hashSecret(inputs.key as string)) };
}

export async function read(id: string, props: Props, ro: RuntimeOptions = {}): Promise<ReadResult> {
  const i = await getOrGone<ApiIntegration>(clientFor(props, ro), path(id));
  return i ? { id, props: outs(props, i, { keySalt: props.keySalt, keyHash: props.keyHash }) } : {};
}

/** The key is sent only when it changed; the answer is re-read (PUT answers can be stale). */
export async function update(id: string, olds: Props, news: Props, ro: RuntimeOptions = {}): Promise<UpdateResult> {
  const client = clientFor(news, ro);
  const keyChanged = !sameSecret(olds, news.key);
  await client.put(path(id), { name: news.name, description: news.description ?? '', ...(keyChanged ? { key: news.key } : {}) });
  const hash = keyChanged ? hashSecret(news.key as string) : { keySalt: olds.keySalt, keyHash: olds.keyHash };
  return { outs: outs(news, await client.get<ApiIntegration>(path(id)), hash) };
}

/** Deletes the integration; while its providers are still being deleted the API answers 409, which is retried. */
export async function remove(id: string, props: Props, ro: RuntimeOptions = {}): Promise<void> {
  const client = clientFor(props, ro);
  await retryConflicts(client.opts, () => deleteOrGone(client, path(id)));
}
