/**
 * A workspace API key for a service calling the gateway. The plaintext key exists only in the create and rotate
 * answers: it is kept as a secret output (for the stack's secret output and the secrets sync), never logged.
 * Names are not unique, so a create first adopts the key of our exact name in the workspace; an adopted key's
 * plaintext is unknown, so it is rotated to obtain one. Bumping `rotation` rotates through
 * `POST /api-keys/{id}/rotate`: the old key keeps working for the transition period (zero downtime).
 */
import { PORTKEY_LIMITS } from '@sophia-ai/portkey-config';
import { createOrAdopt, diffProps, versioned, type CheckResult, type CreateResult, type DiffResult, type Props, type ReadResult, type UpdateResult } from '@sophia-ai/dynamic-provider/src/runtime';
import { clientFor, deleteOrGone, getOrGone, inWorkspace, listAll, type PortkeyClient, type RuntimeOptions } from './portkey-api';

/** State schema version (1: the first). */
export const stateVersion = 1;

interface ApiKeyObject {
  id: string;
  name: string;
  description?: string;
  workspace_id?: string;
  scopes?: string[];
}
interface Rotated {
  id: string;
  key: string;
  key_transition_expires_at?: string;
}

const IN_PLACE = ['name', 'description', 'scopes'] as const;

export async function check(_olds: Props, news: Props): Promise<CheckResult> {
  const failures: CheckResult['failures'] = [];
  if (typeof news.name !== 'string' || news.name.trim() === '') failures.push({ property: 'name', reason: 'name must be a non-empty string' });
  if (!Array.isArray(news.scopes) || news.scopes.length === 0 || news.scopes.some((s) => typeof s !== 'string' || !PORTKEY_LIMITS.scope.test(s))) {
    failures.push({ property: 'scopes', reason: 'scopes must be a non-empty list of scopes such as completions.write' });
  }
  if (!Number.isInteger(news.rotation ?? 0) || (news.rotation as number) < 0) failures.push({ property: 'rotation', reason: 'rotation must be a whole number ≥ 0' });
  if (news.transitionMs !== undefined && (!Number.isInteger(news.transitionMs) || (news.transitionMs as number) < PORTKEY_LIMITS.minKeyTransitionMs)) {
    failures.push({ property: 'transitionMs', reason: `transitionMs must be at least ${PORTKEY_LIMITS.minKeyTransitionMs} (30 minutes)` });
  }
  return { inputs: news, failures };
}

/** Another workspace is another key; names, scopes and a new `rotation` change in place (a rotation keeps the id). */
export async function diff(_id: string, olds: Props, news: Props): Promise<DiffResult> {
  const d = diffProps(olds, news, ['workspaceId', ...IN_PLACE], IN_PLACE);
  const rotate = (olds.rotation ?? 0) !== (news.rotation ?? 0);
  return { changes: d.changes || rotate || olds.transitionMs !== news.transitionMs, replaces: d.replaces, stables: ['keyId'] };
}

const outs = (inputs: Props, k: ApiKeyObject, key: unknown, expires: unknown) =>
  versioned(
    {
      apiKey: inputs.apiKey, apiUrl: inputs.apiUrl, workspaceId: inputs.workspaceId, name: k.name, description: k.description || undefined, scopes: k.scopes ?? [],
      rotation: inputs.rotation ?? 0, transitionMs: inputs.transitionMs, keyId: k.id, key, keyTransitionExpiresAt: expires,
    },
    stateVersion,
  );

const path = (id: unknown) => `/api-keys/${encodeURIComponent(String(id))}`;
const body = (inputs: Props) => ({ name: inputs.name, description: inputs.description ?? '', scopes: inputs.scopes });

async function byName(client: PortkeyClient, workspaceId: unknown, name: unknown): Promise<ApiKeyObject | undefined> {
  const found = (await listAll<ApiKeyObject>(client, `/api-keys?${inWorkspace(workspaceId)}`)).filter((k) => k.name === name);
  if (found.length > 1) throw new Error(`${found.length} Portkey API keys are named "${String(name)}" in the workspace: delete the extra ones (ids ${found.map((k) => k.id).join(', ')}), then run again.`);
  return found[0];
}

const rotate = (client: PortkeyClient, id: string, inputs: Props) =>
  client.post<Rotated>(`${path(id)}/rotate`, { key_transition_period_ms: inputs.transitionMs ?? PORTKEY_LIMITS.minKeyTransitionMs * 2 });

export async function create(inputs: Props, ro: RuntimeOptions = {}): Promise<CreateResult> {
  const client = clientFor(inputs, ro);
  let plaintext: string | undefined;
  const made = await createOrAdopt(client.opts, `API key "${String(inputs.name)}"`, () => byName(client, inputs.workspaceId, inputs.name), async () => {
    const answer = await client.post<{ id: string; key: string }>('/api-keys/workspace/service', { ...body(inputs), workspace_id: inputs.workspaceId });
    plaintext = answer.key;
    return { id: answer.id } as ApiKeyObject;
  });
  let expires: string | undefined;
  if (plaintext === undefined) {
    // Adopted (a lost answer, or made by hand): its key is not readable, so it is rotated for one we hold.
    const rotated = await rotate(client, made.id, inputs);
    plaintext = rotated.key;
    expires = rotated.key_transition_expires_at;
    await client.put(path(made.id), body(inputs));
  }
  return { id: made.id, outs: outs(inputs, await client.get<ApiKeyObject>(path(made.id)), plaintext, expires) };
}

/** The key itself is never readable again: it stays what state holds. */
export async function read(id: string, props: Props, ro: RuntimeOptions = {}): Promise<ReadResult> {
  const k = await getOrGone<ApiKeyObject>(clientFor(props, ro), path(id));
  return k ? { id, props: outs(props, k, props.key, props.keyTransitionExpiresAt) } : {};
}

/** PUT the name and scopes; a new `rotation` rotates (the old key works until the transition ends). Read again after. */
export async function update(id: string, olds: Props, news: Props, ro: RuntimeOptions = {}): Promise<UpdateResult> {
  const client = clientFor(news, ro);
  await client.put(path(id), body(news));
  let key = olds.key;
  let expires = olds.keyTransitionExpiresAt;
  if ((olds.rotation ?? 0) !== (news.rotation ?? 0)) {
    const rotated = await rotate(client, id, news);
    key = rotated.key;
    expires = rotated.key_transition_expires_at;
  }
  return { outs: outs(news, await client.get<ApiKeyObject>(path(id)), key, expires) };
}

export async function remove(id: string, props: Props, ro: RuntimeOptions = {}): Promise<void> {
  await deleteOrGone(clientFor(props, ro), path(id));
}
