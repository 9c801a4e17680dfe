import { randomBytes } from 'node:crypto';
import { isOutcomeUnknown, ServiceError } from '@sophia-ai/http';
import {
  buildLaunchRequest, diffInstance, hasLaunchToken, INSTANCE_PROPS, LAUNCH_TAG, type InstanceSpec,
} from '../../logic/launch';
import { instanceProblems } from '../../logic/constraints';
import { isGone, LambdaApi, poll, resolveOptions, type Resolved, type RuntimeOptions } from './lambda-api';
import type { CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult } from './types';

/** State schema version written by this provider (older state has none: version 0, same fields). */
export const INSTANCE_SCHEMA = 1;

export interface InstanceInputs extends InstanceSpec {
  apiKey: string;
}

interface ApiInstance {
  id: string;
  name?: string;
  status: string;
  ip?: string;
  private_ip?: string;
  hostname?: string;
  tags?: Array<{ key: string; value: string }>;
}

export interface InstanceOutputs extends InstanceInputs {
  instanceId: string;
  ip: string;
  privateIp: string;
  status: string;
  launchToken: string;
  schemaVersion: number;
}

function pick(inputs: Record<string, unknown>): InstanceInputs {
  const out: Record<string, unknown> = { apiKey: inputs.apiKey };
  for (const k of INSTANCE_PROPS) if (inputs[k] !== undefined) out[k] = inputs[k];
  return out as unknown as InstanceInputs;
}

export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
  const failures = instanceProblems(news);
  if (news.tags && typeof news.tags === 'object' && LAUNCH_TAG in news.tags) failures.push({ property: 'tags', reason: `tag key "${LAUNCH_TAG}" is reserved` });
  return { inputs: news, failures };
}

export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffResult> {
  const d = diffInstance(olds, news);
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false };
}

/**
 * Launches exactly one instance and waits for `active`. The launch carries a token tag generated before the
 * call; if the answer is lost (timeout, dropped connection, 5xx) the provider lists instances and adopts the
 * one with its token instead of launching a second. 429 is retried (with Retry-After) by the HTTP layer.
 */
export async function create(inputs: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<CreateResult> {
  const spec = pick(inputs);
  const o = resolveOptions(ro);
  const api = new LambdaApi(spec.apiKey, o);
  const token = randomBytes(12).toString('hex');
  const body = buildLaunchRequest(spec, token);

  let id: string | undefined;
  for (let attempt = 1; id === undefined; attempt++) {
    try {
      const res = await api.post<{ instance_ids: string[] }>('/instance-operations/launch', body, { paceKey: 'launch' });
      if (!res?.instance_ids?.length) throw new Error('Lambda launch answered without instance_ids');
      id = res.instance_ids[0];
    } catch (err) {
      if (!isOutcomeUnknown(err) || attempt >= 3) throw err;
      o.onEvent({ type: 'info', message: `launch outcome unknown (${(err as Error).name}); reconciling by launch token` });
      id = await findByToken(api, o, token);
      if (id) o.onEvent({ type: 'info', message: `adopted instance ${id} launched by the lost request` });
    }
  }
  const instance = await waitActive(api, o, id);
  return { id, outs: { ...outputs(spec, instance, token) } };
}

async function findByToken(api: LambdaApi, o: Resolved, token: string): Promise<string | undefined> {
  // The launch may take a moment to show up in the list: look a few times before concluding it never happened.
  for (let i = 0; i < 3; i++) {
    const list = await api.get<ApiInstance[]>('/instances');
    const found = list.find((x) => hasLaunchToken(x, token));
    if (found) return found.id;
    if (i < 2) await o.sleep(o.pollIntervalMs);
  }
  return undefined;
}

async function waitActive(api: LambdaApi, o: Resolved, id: string): Promise<ApiInstance> {
  return poll(o, o.bootTimeoutMs, `instance ${id} to become active`, async () => {
    let inst: ApiInstance;
    try {
      inst = await api.get<ApiInstance>(`/instances/${id}`);
    } catch (err) {
      if (isGone(err)) throw new Error(`Instance ${id} disappeared while booting (terminated outside Pulumi?)`);
      throw err;
    }
    if (inst.status === 'active') return inst;
    if (inst.status === 'unhealthy' || inst.status === 'terminated' || inst.status === 'terminating' || inst.status === 'preempted') {
      await terminateQuietly(api, id);
      throw new Error(
        `Instance ${id} became ${inst.status} instead of active; it was terminated so it does not run unmanaged. ` +
          'Check the instance type/region capacity and the cloud-init user data, then run `up` again.',
      );
    }
    return undefined;
  });
}

async function terminateQuietly(api: LambdaApi, id: string): Promise<void> {
  try {
    await api.post('/instance-operations/terminate', { instance_ids: [id] }, { idempotent: true });
  } catch {
    // best effort: the error that matters is the one we are about to throw
  }
}

function outputs(spec: InstanceInputs, inst: ApiInstance, token: string): InstanceOutputs {
  return {
    ...spec,
    name: inst.name ?? spec.name,
    instanceId: inst.id,
    ip: inst.ip ?? '',
    privateIp: inst.private_ip ?? '',
    status: inst.status,
    launchToken: token,
    schemaVersion: INSTANCE_SCHEMA,
  };
}

/** Refresh: a terminated or unknown instance is gone (empty id). Accepts state of any schema version. */
export async function read(id: string, props: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<ReadResult> {
  const api = new LambdaApi(props.apiKey as string, resolveOptions(ro));
  let inst: ApiInstance;
  try {
    inst = await api.get<ApiInstance>(`/instances/${id}`);
  } catch (err) {
    if (isGone(err)) return {};
    throw err;
  }
  if (inst.status === 'terminated' || inst.status === 'terminating') return {};
  return {
    id,
    props: {
      ...props,
      name: inst.name ?? props.name,
      instanceId: id,
      ip: inst.ip ?? props.ip ?? '',
      privateIp: inst.private_ip ?? props.privateIp ?? '',
      status: inst.status,
      schemaVersion: props.schemaVersion ?? 0,
    },
  };
}

/** Only a rename happens in place (POST /instances/{id}); `diff` sends every other change to replace. */
export async function update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<UpdateResult> {
  const api = new LambdaApi(news.apiKey as string, resolveOptions(ro));
  let name = olds.name as string | undefined;
  if (news.name !== olds.name) {
    const inst = await api.post<ApiInstance>(`/instances/${id}`, { name: news.name }, { idempotent: true });
    name = inst.name ?? (news.name as string);
  }
  return { outs: { ...olds, ...pick(news), name, schemaVersion: INSTANCE_SCHEMA } };
}

/** Terminates and waits until the instance is gone (so its ruleset/filesystem can be deleted); 404 is success. */
export async function remove(id: string, props: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<void> {
  const o = resolveOptions(ro);
  const api = new LambdaApi(props.apiKey as string, o);
  try {
    await api.post('/instance-operations/terminate', { instance_ids: [id] }, { idempotent: true });
  } catch (err) {
    if (isGone(err)) return;
    throw err;
  }
  await poll(o, o.settleTimeoutMs, `instance ${id} to terminate`, async () => {
    try {
      const inst = await api.get<ApiInstance>(`/instances/${id}`);
      return inst.status === 'terminated' ? true : undefined;
    } catch (err) {
      if (isGone(err)) return true;
      throw err;
    }
  });
}

export { ServiceError };
