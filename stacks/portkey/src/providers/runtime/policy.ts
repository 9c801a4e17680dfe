/**
 * Organisation-level usage-limit and rate-limit policies (`/policies/usage-limits`, `/policies/rate-limits`): the
 * same lifecycle over two collections. Names are optional and not unique at the API; ours are, so a create first
 * adopts the active policy of our exact name in the workspace. A delete archives: an archived policy reads as
 * gone. Conditions, grouping and type cannot change in place (the API's PUT does not take them): they replace.
 */
import { PORTKEY_LIMITS, usageLimitProblem } from '@sophia-ai/portkey-config';
import { createOrAdopt, diffProps, versioned, type CheckResult, type CreateResult, type DiffResult, type Props, type ReadResult, type UpdateResult } from '@sophia-ai/dynamic-provider/src/runtime';
import { clientFor, deleteOrGone, getOrGone, inWorkspace, listAll, UNKNOWN, type PortkeyClient, type RuntimeOptions } from './portkey-api';

interface ApiPolicy {
  id: string;
  name?: string | null;
  status: 'active' | 'archived';
  conditions?: Array<{ key: string; value: string }>;
  group_by?: Array<{ key: string }>;
  type: string;
  credit_limit?: number;
  alert_threshold?: number | null;
  periodic_reset?: string | null;
  unit?: string;
  value?: number;
}

export interface PolicyCollection {
  /** `usage-limits` or `rate-limits`. */
  path: string;
  /** The limit's inputs, updated in place. */
  limits: readonly string[];
  /** What the API would refuse in the limit's inputs. */
  limitFailures(news: Props): CheckResult['failures'];
  /** The limit's inputs → the API's fields, and back. */
  toApi(inputs: Props): Record<string, unknown>;
  fromApi(p: ApiPolicy): Props;
}

const REPLACES = ['workspaceId', 'conditions', 'groupBy', 'type'] as const;

/** One policy kind's runtime over `collection` (stateVersion 1). */
export function policyRuntime(collection: PolicyCollection) {
  const base = `/policies/${collection.path}`;
  const at = (id: unknown) => `${base}/${encodeURIComponent(String(id))}`;
  const outs = (inputs: Props, p: ApiPolicy) =>
    versioned(
      {
        apiKey: inputs.apiKey, apiUrl: inputs.apiUrl, workspaceId: inputs.workspaceId, name: p.name ?? undefined, type: p.type,
        conditions: p.conditions ?? [], groupBy: (p.group_by ?? []).map((g) => g.key), ...collection.fromApi(p), policyId: p.id,
      },
      1,
    );
  const byName = async (client: PortkeyClient, inputs: Props) =>
    (await listAll<ApiPolicy>(client, `${base}?${inWorkspace(inputs.workspaceId)}&status=active`)).find((p) => p.name === inputs.name && p.status === 'active');

  return {
    stateVersion: 1,
    async check(_olds: Props, news: Props): Promise<CheckResult> {
      const failures: CheckResult['failures'] = [];
      if (typeof news.name !== 'string' || news.name.trim() === '' || news.name.length > 255) failures.push({ property: 'name', reason: 'name must be 1-255 characters' });
      const conditions = news.conditions as unknown;
      // Unknown in a preview while the workspace they name is still to be made: checked when known.
      if (conditions !== undefined && conditions !== UNKNOWN && (!Array.isArray(conditions) || conditions.some((c) => typeof c?.key !== 'string' || typeof c?.value !== 'string'))) {
        failures.push({ property: 'conditions', reason: 'conditions must be a list of {key, value} strings' });
      }
      if (!Array.isArray(news.groupBy) || news.groupBy.length === 0 || news.groupBy.some((g) => typeof g !== 'string')) failures.push({ property: 'groupBy', reason: 'groupBy must be a non-empty list of keys, e.g. api_key' });
      failures.push(...collection.limitFailures(news));
      return { inputs: news, failures };
    },
    async diff(_id: string, olds: Props, news: Props): Promise<DiffResult> {
      const d = diffProps(olds, news, ['name', ...REPLACES, ...collection.limits], ['name', ...collection.limits]);
      return { changes: d.changes, replaces: d.replaces, stables: ['policyId'] };
    },
    async create(inputs: Props, ro: RuntimeOptions = {}): Promise<CreateResult> {
      const client = clientFor(inputs, ro);
      const made = await createOrAdopt(client.opts, `${collection.path} policy "${String(inputs.name)}"`, () => byName(client, inputs), () =>
        client.post<{ id: string }>(base, {
          name: inputs.name, conditions: inputs.conditions, group_by: (inputs.groupBy as string[]).map((key) => ({ key })), type: inputs.type,
          ...collection.toApi(inputs), workspace_id: inputs.workspaceId,
        }),
      );
      // An adopted policy may hold other limits: converge them, then read what the API holds.
      await client.put(at(made.id), { name: inputs.name, ...collection.toApi(inputs) });
      return { id: made.id, outs: outs(inputs, await client.get<ApiPolicy>(at(made.id))) };
    },
    async read(id: string, props: Props, ro: RuntimeOptions = {}): Promise<ReadResult> {
      const p = await getOrGone<ApiPolicy>(clientFor(props, ro), at(id));
      return p && p.status !== 'archived' ? { id, props: outs(props, p) } : {};
    },
    async update(id: string, _olds: Props, news: Props, ro: RuntimeOptions = {}): Promise<UpdateResult> {
      const client = clientFor(news, ro);
      await client.put(at(id), { name: news.name, ...collection.toApi(news) });
      return { outs: outs(news, await client.get<ApiPolicy>(at(id))) };
    },
    /** Archives the policy (the API's delete); an archived or missing one is already gone. */
    async remove(id: string, props: Props, ro: RuntimeOptions = {}): Promise<void> {
      const client = clientFor(props, ro);
      const p = await getOrGone<ApiPolicy>(client, at(id));
      if (p && p.status !== 'archived') await deleteOrGone(client, at(id));
    },
  };
}

const oneOf = (values: readonly string[], v: unknown) => values.includes(v as string);

export const usageLimits: PolicyCollection = {
  path: 'usage-limits',
  limits: ['creditLimit', 'alertThreshold', 'periodicReset'],
  limitFailures(news) {
    if (!oneOf(PORTKEY_LIMITS.usageTypes, news.type)) return [{ property: 'type', reason: `type must be one of ${PORTKEY_LIMITS.usageTypes.join(', ')}` }];
    if (typeof news.creditLimit !== 'number') return [{ property: 'creditLimit', reason: 'creditLimit must be a number' }];
    const problem = usageLimitProblem({ type: news.type as string, creditLimit: news.creditLimit, alertThreshold: news.alertThreshold as number | undefined });
    return problem ? [{ property: problem.startsWith('alert') ? 'alertThreshold' : 'creditLimit', reason: problem }] : [];
  },
  toApi: (i) => ({ credit_limit: i.creditLimit, alert_threshold: i.alertThreshold ?? null, periodic_reset: i.periodicReset ?? null }),
  fromApi: (p) => ({ creditLimit: p.credit_limit, alertThreshold: p.alert_threshold ?? undefined, periodicReset: p.periodic_reset ?? undefined }),
};

export const rateLimits: PolicyCollection = {
  path: 'rate-limits',
  limits: ['unit', 'value'],
  limitFailures(news) {
    const failures: CheckResult['failures'] = [];
    if (!oneOf(PORTKEY_LIMITS.rateLimitTypes, news.type)) failures.push({ property: 'type', reason: `type must be one of ${PORTKEY_LIMITS.rateLimitTypes.join(', ')}` });
    if (!oneOf(PORTKEY_LIMITS.rateLimitUnits, news.unit)) failures.push({ property: 'unit', reason: `unit must be one of ${PORTKEY_LIMITS.rateLimitUnits.join(', ')}` });
    if (!Number.isInteger(news.value) || (news.value as number) < 1) failures.push({ property: 'value', reason: 'value must be a whole number ≥ 1' });
    return failures;
  },
  toApi: (i) => ({ unit: i.unit, value: i.value }),
  fromApi: (p) => ({ unit: p.unit, value: p.value }),
};
