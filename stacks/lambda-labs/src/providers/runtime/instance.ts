import { randomBytes } from 'node:crypto';
import { isOutcomeUnknown, ServiceError } from '@sophia-ai/http';
import {
  buildLaunchRequest, diffInstance, hasLaunchToken, INSTANCE_PROPS, LAUNCH_TAG, type InstanceSpec,
} from '../../logic/launch';
import { instanceProblems, UNKNOWN } from '../../logic/constraints';
import { instanceTypeProblem, parseCatalog, type InstanceTypeCatalog } from '../../logic/catalog';
import { isGone, LambdaApi, poll, PollTimeout, resolveOptions, type Resolved, type RuntimeOptions } from './lambda-api';
import { apiKeyFor } from './credentials';
import { stateVersionOf, type CheckResult, type CreateResult, type DiffResult, type ReadResult, type UpdateResult } from '@sophia-ai/dynamic-provider/src/runtime';

/** State schema version written by this provider (older state has none: version 0, same fields). */
export const INSTANCE_SCHEMA = 1;
export const stateVersion = INSTANCE_SCHEMA;

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

export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<CheckResult> {
  const failures = instanceProblems(news);
  if (news.tags && typeof news.tags === 'object' && LAUNCH_TAG in news.tags) failures.push({ property: 'tags', reason: `tag key "${LAUNCH_TAG}" is reserved` });
  if (failures.length === 0 && typeof news.instanceType === 'string' && news.instanceType !== UNKNOWN && typeof news.region === 'string') {
    const catalog = await instanceTypeCatalog(news, ro);
    const problem = catalog && instanceTypeProblem(catalog, news.instanceType, news.region);
    if (problem) failures.push({ property: 'instanceType', reason: problem });
  }
  return { inputs: news, failures };
}

const catalogs = new Map<string, Promise<InstanceTypeCatalog | undefined>>();

/**
 * The account's catalog, read once per process and API. Undefined when it cannot be read (no key yet, API
 * unreachable): the check is then left to the launch, rather than failing a preview on a network error.
 */
function instanceTypeCatalog(inputs: Record<string, unknown>, ro: RuntimeOptions): Promise<InstanceTypeCatalog | undefined> {
  const o = resolveOptions(ro);
  const key = apiKeyFor(inputs);
  if (typeof key !== 'string' || !key || key === UNKNOWN) return Promise.resolve(undefined);
  const cacheKey = `${o.baseUrl}\0${key}`;
  if (!catalogs.has(cacheKey)) {
    const api = new LambdaApi(key, { ...o, maxAttempts: Math.min(o.maxAttempts, 2) });
    catalogs.set(cacheKey, api.get<unknown>('/instance-types').then(parseCatalog, () => undefined));
  }
  return catalogs.get(cacheKey)!;
}

export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffResult> {
  const d = diffInstance(olds, news);
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false };
}

/**
 * Launches exactly one instance and waits for `active`. The launch carries a token tag generated before the
 * call. Lambda has no idempotency key, so an answer that never arrived (timeout, dropped connection) or a 5xx
 * is reconciled by that token: the provider lists instances for `launchReconcileMs` and adopts the one that
 * carries it. Only a 5xx (the API answered, so the request is over) whose token never appeared is launched
 * again, once; a lost answer whose token never appeared fails without a second launch, naming the token.
 * 429 is retried by the HTTP layer, paced so that no retry lands inside the launch window.
 *
 * An instance still booting at the boot timeout is recorded in the stack (an initialization error: the
 * engine keeps its id and calls `update` on the next run, which resumes waiting) instead of running unmanaged.
 */
export async function create(inputs: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<CreateResult> {
  const spec = pick(inputs);
  const o = resolveOptions(ro);
  const api = new LambdaApi(apiKeyFor(inputs), o);
  const token = randomBytes(12).toString('hex');
  const body = buildLaunchRequest(spec, token);

  let id: string | undefined;
  for (let attempt = 1; id === undefined; attempt++) {
    try {
      const res = await api.launch<{ instance_ids: string[] }>(body);
      if (!res?.instance_ids?.length) throw new Error('Lambda launch answered without instance_ids');
      id = res.instance_ids[0];
    } catch (err) {
      if (!isOutcomeUnknown(err)) throw err;
      o.onEvent({ type: 'info', message: `launch outcome unknown (${(err as Error).name}); looking for launch token ${token}` });
      id = await findByToken(api, o, token);
      if (id) {
        o.onEvent({ type: 'info', message: `adopted instance ${id} launched by the lost request` });
        break;
      }
      const answered = err instanceof ServiceError;
      if (!answered || attempt >= 2) {
        // Not sure: record the launch (by its token) instead of forgetting it. The next `up` (update), `refresh`
        // (read) or `destroy` (remove) looks for the token again, so a late instance never runs unmanaged.
        throw Object.assign(
          new Error(
            `The Lambda launch of "${spec.name}" has an unknown outcome (${(err as Error).message}) and no instance carries ` +
              `its launch token ${LAUNCH_TAG}=${token} after ${Math.round(o.launchReconcileMs / 1000)} s, so it was not launched again. ` +
              'It is recorded in the stack by that token: the next `up` adopts the instance if it appeared (or launches one), `destroy` terminates it.',
          ),
          { id: `${PENDING}${token}`, properties: outputs(spec, { id: '', status: LAUNCH_UNKNOWN }, token), reasons: ['launch outcome unknown'] },
        );
      }
    }
  }
  let instance: ApiInstance;
  try {
    instance = await waitActive(api, o, id);
  } catch (err) {
    if (!(err instanceof BootTimeout)) throw err;
    // Recorded in state as an initialization failure: the next `up` resumes waiting, `destroy` terminates it.
    throw Object.assign(new Error(`${err.message}. It is recorded in the stack: the next \`up\` resumes waiting, \`destroy\` terminates it.`), {
      id,
      properties: outputs(spec, err.instance ?? { id, status: 'booting' }, token),
      reasons: [err.message],
    });
  }
  return { id, outs: { ...outputs(spec, instance, token) } };
}

/** Resource id of a launch whose outcome is unknown (see `create`); the instance is found by its token. */
const PENDING = 'pending-launch-';
const LAUNCH_UNKNOWN = 'launch-unknown';

/** The Lambda instance id behind a resource id: itself, or for a recorded unknown launch the instance found by token. */
async function instanceIdOf(api: LambdaApi, id: string, props: Record<string, unknown>): Promise<string | undefined> {
  if (!id.startsWith(PENDING)) return id;
  if (typeof props.instanceId === 'string' && props.instanceId) return props.instanceId;
  const token = String(props.launchToken ?? id.slice(PENDING.length));
  return (await api.get<ApiInstance[]>('/instances')).find((x) => hasLaunchToken(x, token))?.id;
}

/** Lists instances until one carries `token`, for at most `launchReconcileMs` (injected clock). */
async function findByToken(api: LambdaApi, o: Resolved, token: string): Promise<string | undefined> {
  const deadline = o.now() + o.launchReconcileMs;
  for (;;) {
    const found = (await api.get<ApiInstance[]>('/instances')).find((x) => hasLaunchToken(x, token));
    if (found) return found.id;
    if (o.now() >= deadline) return undefined;
    await o.sleep(o.pollIntervalMs);
  }
}

class BootTimeout extends Error {
  constructor(message: string, readonly instance?: ApiInstance) {
    super(message);
  }
}

async function waitActive(api: LambdaApi, o: Resolved, id: string): Promise<ApiInstance> {
  let last: ApiInstance | undefined;
  try {
    return await waitActiveOnce(api, o, id, (i) => (last = i));
  } catch (err) {
    if (err instanceof PollTimeout) throw new BootTimeout(`Instance ${id} is still ${last?.status ?? 'booting'} after ${Math.round(o.bootTimeoutMs / 1000)} s`, last);
    throw err;
  }
}

function waitActiveOnce(api: LambdaApi, o: Resolved, id: string, seen: (i: ApiInstance) => void): Promise<ApiInstance> {
  return poll(o, o.bootTimeoutMs, `instance ${id} to become active`, async () => {
    let inst: ApiInstance;
    try {
      inst = await api.get<ApiInstance>(`/instances/${id}`);
    } catch (err) {
      if (isGone(err)) throw new Error(`Instance ${id} disappeared while booting (terminated outside Pulumi?)`);
      throw err;
    }
    seen(inst);
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
export async function read(resourceId: string, props: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<ReadResult> {
  const api = new LambdaApi(apiKeyFor(props), resolveOptions(ro));
  const id = await instanceIdOf(api, resourceId, props);
  if (id === undefined) return { id: resourceId, props }; // an unknown launch stays recorded until it is resolved
  let inst: ApiInstance;
  try {
    inst = await api.get<ApiInstance>(`/instances/${id}`);
  } catch (err) {
    if (isGone(err)) return {};
    throw err;
  }
  // Preempted: Lambda reclaimed the instance; dropping it from state makes the next `up` launch a new one.
  if (inst.status === 'terminated' || inst.status === 'terminating' || inst.status === 'preempted') return {};
  return {
    id,
    props: {
      ...props,
      name: inst.name ?? props.name,
      instanceId: id,
      ip: inst.ip ?? props.ip ?? '',
      privateIp: inst.private_ip ?? props.privateIp ?? '',
      status: inst.status,
      schemaVersion: stateVersionOf(props),
    },
  };
}

/**
 * A rename happens in place (POST /instances/{id}); launch-only changes (cloud-init, launch SSH key) are
 * recorded for the record only; `diff` sends every other change to replace. An
 * instance recorded while still booting (see `create`) is waited for here: the engine updates resources with
 * initialization errors on the next run.
 */
export async function update(resourceId: string, olds: Record<string, unknown>, news: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<UpdateResult> {
  const o = resolveOptions(ro);
  const api = new LambdaApi(apiKeyFor(news), o);
  let id = await instanceIdOf(api, resourceId, olds);
  if (id === undefined) {
    // A recorded unknown launch: look for its token once more, then launch (the earlier window has long passed).
    id = await findByToken(api, o, String(olds.launchToken));
    if (id === undefined) return { outs: { ...(await create(news, ro)).outs } };
    o.onEvent({ type: 'info', message: `adopted instance ${id} of the earlier unknown launch` });
  }
  let resumed: Partial<InstanceOutputs> = {};
  if (olds.status !== undefined && olds.status !== 'active') {
    let inst: ApiInstance;
    try {
      inst = await waitActive(api, o, id);
    } catch (err) {
      if (!(err instanceof BootTimeout)) throw err;
      throw Object.assign(new Error(`${err.message}; still recorded: the next \`up\` keeps waiting`), { id: resourceId, properties: { ...olds, instanceId: id }, reasons: [err.message] });
    }
    resumed = { instanceId: id, ip: inst.ip ?? '', privateIp: inst.private_ip ?? '', status: inst.status };
  }
  let name = olds.name as string | undefined;
  if (news.name !== olds.name) {
    const inst = await api.post<ApiInstance>(`/instances/${id}`, { name: news.name }, { idempotent: true });
    name = inst.name ?? (news.name as string);
  }
  return { outs: { ...olds, ...pick(news), ...resumed, name, schemaVersion: INSTANCE_SCHEMA } };
}

/** Terminates and waits until the instance is gone (so its ruleset/filesystem can be deleted); 404 is success. */
export async function remove(resourceId: string, props: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<void> {
  const o = resolveOptions(ro);
  const api = new LambdaApi(apiKeyFor(props), o);
  const id = await instanceIdOf(api, resourceId, props);
  if (id === undefined) return; // an unknown launch whose token never appeared: nothing to terminate
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
