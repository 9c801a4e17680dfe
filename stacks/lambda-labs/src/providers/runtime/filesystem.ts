import { ServiceError } from '@sophia-ai/http';
import { diffFilesystem } from '../../logic/launch';
import { createOrAdopt, isGone, LambdaApi, poll, resolveOptions, type RuntimeOptions } from './lambda-api';
import { filesystemProblems } from '../../logic/constraints';
import { apiKeyFor } from './credentials';
import { versioned, type CheckResult, type CreateResult, type DiffResult, type ReadResult, type UpdateResult } from '@sophia-ai/dynamic-provider/src/runtime';

/** State schema version (1: versioned; state without one is version 0, same fields). */
export const stateVersion = 1;

interface ApiFilesystem { id: string; name: string; mount_point: string; region: { name: string }; is_in_use: boolean }

export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
  return { inputs: news, failures: filesystemProblems(news) };
}

export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffResult> {
  const d = diffFilesystem(olds, news);
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
}

/**
 * Creates the filesystem, or adopts the one carrying our name in our region (names are unique per account;
 * a create whose answer was lost leaves exactly that). The same name in another region is a clear error.
 */
export async function create(inputs: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<CreateResult> {
  const o = resolveOptions(ro);
  const api = new LambdaApi(apiKeyFor(inputs), o);
  const named = async () => (await api.get<ApiFilesystem[]>('/file-systems')).find((f) => f.name === inputs.name);
  const find = async () => {
    const fs = await named();
    return fs?.region?.name === inputs.region ? fs : undefined;
  };
  let fs: ApiFilesystem;
  try {
    fs = await createOrAdopt(o, `filesystem "${inputs.name}"`, find, () => api.post<ApiFilesystem>('/filesystems', { name: inputs.name, region: inputs.region }));
  } catch (err) {
    const other = err instanceof ServiceError && err.code === 'global/duplicate' ? await named() : undefined;
    if (other) {
      throw new Error(
        `A Lambda filesystem named "${inputs.name}" already exists in region ${other.region?.name}, not ${String(inputs.region)}; ` +
          'filesystems hold data and cannot move: choose another lambda-labs:filesystemName (or region).',
      );
    }
    throw err;
  }
  return { id: fs.id, outs: versioned({ apiKey: inputs.apiKey, name: fs.name, region: fs.region?.name ?? inputs.region, mountPoint: fs.mount_point, filesystemId: fs.id }, stateVersion) };
}

export async function read(id: string, props: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<ReadResult> {
  const api = new LambdaApi(apiKeyFor(props), resolveOptions(ro));
  const fs = (await api.get<ApiFilesystem[]>('/file-systems')).find((f) => f.id === id);
  if (!fs) return {};
  return { id, props: { ...props, name: fs.name, region: fs.region?.name ?? props.region, mountPoint: fs.mount_point, filesystemId: id } };
}

export async function update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<UpdateResult> {
  return { outs: versioned({ ...olds, apiKey: news.apiKey }, stateVersion) };
}

export async function remove(id: string, props: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<void> {
  const o = resolveOptions(ro);
  const api = new LambdaApi(apiKeyFor(props), o);
  await poll(o, o.settleTimeoutMs, `filesystem ${id} to be released by its instances`, async () => {
    try {
      await api.delete(`/filesystems/${id}`);
      return true;
    } catch (err) {
      if (isGone(err)) return true;
      if (err instanceof ServiceError && err.code === 'filesystems/filesystem-in-use') return undefined;
      throw err;
    }
  });
}
