/**
 * One catalog entity (a collection, capture or materialization) as a resource: its id is its catalog name, its
 * state the spec as published (endpoint config in plain for its non-secret fields), the encrypted config, a keyed
 * hash of its endpoint secrets and the `last_pub_id` every later publication expects.
 * - create publishes it with the zero pub id (it must not exist), or adopts a live spec of the same name by
 *   publishing over that spec's last pub id;
 * - update publishes it expecting the pub id in state: a concurrent publish by someone else fails, never overwritten;
 * - read answers the live spec (drift shows in the next diff; a deleted spec is gone);
 * - delete publishes a null spec expecting the pub id in state; an entity already gone is deleted.
 */
import { canon, diffProps, UNKNOWN, versioned, type CheckResult, type CreateResult, type DiffResult, type KindRuntime, type Props, type ReadResult, type UpdateResult } from '@sophia-ai/dynamic-provider/src/runtime';
import { ESTUARY_LIMITS, plaintextSecretPointers, syncScheduleProblems } from '@sophia-ai/estuary-config/limits';
import { EstuaryClient, type RuntimeOptions } from './estuary-api';
import { encryptEndpoint, hashSecrets, plainView, sameSecrets } from './endpoint';
import { publish, PublicationFailed, type DraftSpec } from './publish';
import { credentialProblem } from './session';

/** State schema version (1: the first). */
export const stateVersion = 1;

export type SpecType = 'collection' | 'capture' | 'materialization';
type Json = Record<string, unknown>;

interface LiveSpec { catalog_name: string; spec_type: SpecType | null; spec: Json | null; last_pub_id: string }

const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const hasUnknown = (v: unknown): boolean => v === UNKNOWN || (Array.isArray(v) ? v.some(hasUnknown) : isObj(v) && Object.values(v).some(hasUnknown));
const connectorOf = (spec: unknown): Json | undefined => (isObj(spec) && isObj(spec.endpoint) && isObj(spec.endpoint.connector) ? spec.endpoint.connector : undefined);
const secretsOf = (props: Props): Record<string, string> => (isObj(props.endpointSecrets) ? (props.endpointSecrets as Record<string, string>) : {});

async function readLive(c: EstuaryClient, name: string): Promise<LiveSpec | undefined> {
  const rows = await c.selectAll<LiveSpec>('live_specs_ext', { catalog_name: `eq.${name}`, select: 'catalog_name,spec_type,spec,last_pub_id' });
  const live = rows[0];
  return live && live.spec_type !== null ? live : undefined;
}

/** The spec as the control plane gets it: the endpoint config with its secrets merged in, encrypted. */
async function publishable(c: EstuaryClient, props: Props): Promise<{ spec: Json; encryptedConfig?: Json }> {
  const spec = props.spec as Json;
  const connector = connectorOf(spec);
  if (!connector) return { spec };
  const encryptedConfig = await encryptEndpoint(c, String(connector.image), (connector.config ?? {}) as Json, secretsOf(props));
  return { spec: { ...spec, endpoint: { connector: { ...connector, config: encryptedConfig } } }, encryptedConfig };
}

/** Collections a spec's bindings name (capture targets, materialization sources). */
const boundCollections = (spec: unknown): string[] =>
  (isObj(spec) && Array.isArray(spec.bindings) ? (spec.bindings as Json[]) : [])
    .map((b) => (typeof b.target === 'string' ? b.target : typeof b.source === 'string' ? b.source : isObj(b.source) ? b.source.name : undefined))
    .filter((n): n is string => typeof n === 'string');

/**
 * A dry-run publication of the changed spec (what a preview shows as an error, per catalog name, before `up`).
 * Errors about a bound collection that is not live yet are left out: this stack publishes it first, so `up` will
 * find it. Off with ESTUARY_DRY_RUN=0.
 */
async function validateRemotely(specType: SpecType, news: Props, ro: RuntimeOptions): Promise<void> {
  const c = new EstuaryClient(news, ro);
  const name = news.catalogName as string;
  const { spec } = await publishable(c, news);
  try {
    await publish(c, [{ catalog_name: name, spec_type: specType, spec }], { dataPlane: news.dataPlane as string, dryRun: true, what: `dry run of ${specType} ${name}` });
  } catch (err) {
    if (!(err instanceof PublicationFailed)) throw err;
    const pending: string[] = [];
    for (const n of boundCollections(spec)) if (!(await readLive(c, n))) pending.push(n);
    const errors = err.errors.filter((e) => !pending.some((n) => e.detail.includes(n)));
    if (errors.length) throw new PublicationFailed(err.status, errors, `dry run of ${specType} ${name}`);
  }
}

export function catalogKind(specType: SpecType): KindRuntime<RuntimeOptions> {
  const what = (name: unknown) => `${specType} ${String(name)}`;

  const outs = (inputs: Props, r: { lastPubId: string; encryptedConfig?: Json }) => {
    const { endpointSecrets: _secrets, ...rest } = inputs;
    const hash = specType === 'collection' ? {} : hashSecrets(secretsOf(inputs));
    return versioned({ ...rest, ...hash, encryptedConfig: r.encryptedConfig, lastPubId: r.lastPubId }, stateVersion);
  };

  async function put(inputs: Props, expect: string, ro: RuntimeOptions): Promise<Props> {
    const c = new EstuaryClient(inputs, ro);
    const name = inputs.catalogName as string;
    const { spec, encryptedConfig } = await publishable(c, inputs);
    const draft: DraftSpec = { catalog_name: name, spec_type: specType, spec, expect_pub_id: expect };
    const r = await publish(c, [draft], { dataPlane: inputs.dataPlane as string, what: what(name) });
    const lastPubId = r.status === 'success' ? r.pubId : (await readLive(c, name))?.last_pub_id ?? r.pubId;
    return outs(inputs, { lastPubId, encryptedConfig });
  }

  return {
    stateVersion,

    /** What the control plane would reject, before any call (a preview fails here, naming the property). */
    async check(_olds, news) {
      const failures: CheckResult['failures'] = [];
      const fail = (property: string, reason: string) => failures.push({ property, reason });
      const name = news.catalogName;
      if (name !== UNKNOWN && (typeof name !== 'string' || !ESTUARY_LIMITS.catalogName.test(name) || name.length > ESTUARY_LIMITS.catalogNameMax)) {
        fail('catalogName', 'must be a catalog name tenant/prefix/name (letters, digits, _ . -)');
      }
      if (typeof news.refreshToken === 'string' && news.refreshToken !== UNKNOWN) {
        const problem = credentialProblem(news.refreshToken);
        if (problem) fail('refreshToken', problem);
      }
      if (!isObj(news.spec)) fail('spec', 'must be the catalog model of the entity (an object)');
      const connector = connectorOf(news.spec);
      if (specType !== 'collection' && isObj(news.spec) && !hasUnknown(news.spec)) {
        if (!connector || typeof connector.image !== 'string') fail('spec', 'endpoint.connector.image is required');
        const plain = plaintextSecretPointers(connector?.config);
        if (plain.length) fail('spec', `endpoint config ${plain.join(', ')} holds a plaintext credential: pass it in endpointSecrets (estuary:endpointSecrets), never in the spec`);
        const schedule = isObj(connector?.config) ? connector!.config.syncSchedule : undefined;
        if (isObj(schedule)) for (const [f, m] of syncScheduleProblems(schedule)) fail('spec', `syncSchedule.${f} ${m}`);
      }
      if (isObj(news.endpointSecrets)) {
        for (const [pointer, value] of Object.entries(news.endpointSecrets)) {
          if (!ESTUARY_LIMITS.jsonPointer.test(pointer)) fail('endpointSecrets', `${pointer} is not a JSON pointer such as /password`);
          else if (value !== UNKNOWN && (typeof value !== 'string' || value === '')) fail('endpointSecrets', `${pointer} has no value (set it in estuary:endpointSecrets)`);
        }
      }
      return { inputs: news, failures };
    },

    /** The engine passes no options here: a dry run (on an in-place change) uses the environment's URLs and durations. */
    async diff(_id, olds, news, ro: RuntimeOptions = {}): Promise<DiffResult> {
      const d = diffProps(olds, news, ['catalogName', 'dataPlane', 'spec'], ['spec']);
      const secretsChanged = specType !== 'collection' && (hasUnknown(news.endpointSecrets) || !sameSecrets(olds, secretsOf(news)));
      const replaces = d.replaces;
      const changes = d.changes || secretsChanged;
      if (changes && replaces.length === 0 && !hasUnknown(news) && process.env.ESTUARY_DRY_RUN !== '0') await validateRemotely(specType, news, ro);
      return { changes, replaces, deleteBeforeReplace: replaces.includes('dataPlane') && !replaces.includes('catalogName') };
    },

    async create(inputs, ro = {}): Promise<CreateResult> {
      const c = new EstuaryClient(inputs, ro);
      const live = await readLive(c, inputs.catalogName as string);
      if (live) c.opts.onEvent({ type: 'info', message: `adopting the live ${what(inputs.catalogName)} (publishing over pub ${live.last_pub_id})` });
      return { id: inputs.catalogName as string, outs: await put(inputs, live?.last_pub_id ?? ESTUARY_LIMITS.zeroPubId, ro) };
    },

    async read(id, props, ro = {}): Promise<ReadResult> {
      const live = await readLive(new EstuaryClient(props, ro), id);
      if (!live) return {};
      const spec = live.spec as Json;
      const connector = connectorOf(spec);
      if (!connector) return { id, props: { ...props, spec, lastPubId: live.last_pub_id } };
      const liveConfig = connector.config;
      const plain = { ...spec, endpoint: { connector: { ...connector, config: plainView(liveConfig) } } };
      // The same plain fields but other ciphertext: the secrets were changed outside Pulumi (drop the hash: the diff shows it).
      const secretsDrifted = canon(liveConfig) !== canon(props.encryptedConfig);
      const { secretsHash: _hash, ...rest } = props;
      return { id, props: { ...(secretsDrifted ? rest : props), spec: plain, encryptedConfig: liveConfig, lastPubId: live.last_pub_id } };
    },

    async update(_id, olds, news, ro = {}): Promise<UpdateResult> {
      return { outs: await put(news, olds.lastPubId as string, ro) };
    },

    async remove(id, props, ro = {}): Promise<void> {
      const c = new EstuaryClient(props, ro);
      const live = await readLive(c, id);
      if (!live) return;
      await publish(c, [{ catalog_name: id, spec_type: null, spec: null, expect_pub_id: (props.lastPubId as string | undefined) ?? live.last_pub_id }], { dataPlane: props.dataPlane as string, what: `deletion of ${what(id)}` });
    },
  };
}
