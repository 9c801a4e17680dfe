import { ServiceError } from '@sophia-ai/http';
import { diffSshKey } from '../../logic/launch';
import { isGone, LambdaApi, resolveOptions, type RuntimeOptions } from './lambda-api';
import { sshKeyProblems } from '../../logic/constraints';
import { apiKeyFor } from './credentials';
import { versioned, type CheckResult, type CreateResult, type DiffResult, type ReadResult, type UpdateResult } from '@sophia-ai/dynamic-provider/src/runtime';

/** State schema version (1: versioned; state without one is version 0, same fields). */
export const stateVersion = 1;

interface ApiKey { id: string; name: string; public_key: string }

const sameKey = (a: string, b: string) => a.trim().split(/\s+/).slice(0, 2).join(' ') === b.trim().split(/\s+/).slice(0, 2).join(' ');

export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
  return { inputs: news, failures: sshKeyProblems(news) };
}

export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffResult> {
  const d = diffSshKey(olds, news);
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
}

/**
 * Registers the public key under `name`. A key with that name and the same public key already there (e.g. a
 * create whose answer was lost) is adopted; a different key under that name is an error.
 */
export async function create(inputs: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<CreateResult> {
  const api = new LambdaApi(apiKeyFor(inputs), resolveOptions(ro));
  const name = inputs.name as string;
  const publicKey = inputs.publicKey as string;
  const existing = async () => (await api.get<ApiKey[]>('/ssh-keys')).find((k) => k.name === name);
  let key: ApiKey | undefined;
  try {
    // Safe to retry: a repeated add fails on the unique name and is then reconciled below.
    key = await api.post<ApiKey>('/ssh-keys', { name, public_key: publicKey }, { idempotent: true });
  } catch (err) {
    if (!(err instanceof ServiceError) || err.status !== 400) throw err;
    key = await existing();
    if (!key) throw err;
    if (!sameKey(key.public_key, publicKey)) {
      throw new Error(`An SSH key named "${name}" already exists at Lambda with a different public key; delete it or choose another name.`);
    }
  }
  return { id: key.id, outs: versioned({ apiKey: inputs.apiKey, name, publicKey, keyId: key.id }, stateVersion) };
}

export async function read(id: string, props: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<ReadResult> {
  const api = new LambdaApi(apiKeyFor(props), resolveOptions(ro));
  const key = (await api.get<ApiKey[]>('/ssh-keys')).find((k) => k.id === id);
  if (!key) return {};
  return { id, props: { ...props, name: key.name, publicKey: key.public_key, keyId: id } };
}

/** Only the API key can change in place (nothing to call); everything else is a replacement. */
export async function update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<UpdateResult> {
  return { outs: versioned({ ...olds, apiKey: news.apiKey }, stateVersion) };
}

/**
 * Deletes the key. The API answers 400 `global/invalid-parameters` (not 404) for a key that is already gone,
 * and the same code for other bad requests: confirm by listing, and treat a key that is not listed as deleted.
 */
export async function remove(id: string, props: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<void> {
  const api = new LambdaApi(apiKeyFor(props), resolveOptions(ro));
  try {
    await api.delete(`/ssh-keys/${id}`);
  } catch (err) {
    if (isGone(err)) return;
    if (err instanceof ServiceError && err.status === 400 && err.code === 'global/invalid-parameters') {
      const listed = (await api.get<ApiKey[]>('/ssh-keys')).some((k) => k.id === id);
      if (!listed) return;
    }
    throw err;
  }
}
