import { ServiceError } from '@sophia-ai/http';
import { diffFilesystem } from '../../logic/launch';
import { isGone, LambdaApi, poll, resolveOptions, type RuntimeOptions } from './lambda-api';
import { filesystemProblems } from '../../logic/constraints';
import type { CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult } from './types';

interface ApiFilesystem { id: string; name: string; mount_point: string; region: { name: string }; is_in_use: boolean }

export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
  return { inputs: news, failures: filesystemProblems(news) };
}

export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffResult> {
  const d = diffFilesystem(olds, news);
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
}

export async function create(inputs: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<CreateResult> {
  const api = new LambdaApi(inputs.apiKey as string, resolveOptions(ro));
  let fs: ApiFilesystem;
  try {
    fs = await api.post<ApiFilesystem>('/filesystems', { name: inputs.name, region: inputs.region });
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'global/duplicate') {
      throw new Error(
        `A Lambda filesystem named "${inputs.name}" already exists. Filesystems hold data, so it is not adopted silently: ` +
          'import it (`pulumi import`) or choose another lambda-labs:filesystemName.',
      );
    }
    throw err;
  }
  return { id: fs.id, outs: { apiKey: inputs.apiKey, name: fs.name, region: fs.region?.name ?? inputs.region, mountPoint: fs.mount_point, filesystemId: fs.id } };
}

export async function read(id: string, props: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<ReadResult> {
  const api = new LambdaApi(props.apiKey as string, resolveOptions(ro));
  const fs = (await api.get<ApiFilesystem[]>('/file-systems')).find((f) => f.id === id);
  if (!fs) return {};
  return { id, props: { ...props, name: fs.name, region: fs.region?.name ?? props.region, mountPoint: fs.mount_point, filesystemId: id } };
}

export async function update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<UpdateResult> {
  return { outs: { ...olds, apiKey: news.apiKey } };
}

export async function remove(id: string, props: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<void> {
  const o = resolveOptions(ro);
  const api = new LambdaApi(props.apiKey as string, o);
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
