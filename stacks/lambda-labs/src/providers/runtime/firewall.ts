import { ServiceError } from '@sophia-ai/http';
import { diffRuleset } from '../../logic/launch';
import { createOrAdopt, isConflict, isGone, LambdaApi, poll, resolveOptions, retryConflicts, type RuntimeOptions } from './lambda-api';
import { rulesetProblems } from '../../logic/constraints';
import { apiKeyFor } from './credentials';
import { versioned, type CheckResult, type CreateResult, type DiffResult, type ReadResult, type UpdateResult } from '@sophia-ai/dynamic-provider/src/runtime';

/** State schema version (1: versioned; state without one is version 0, same fields). */
export const stateVersion = 1;

interface ApiRuleset { id: string; name: string; region: { name: string }; rules: unknown[]; instance_ids: string[] }

export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
  return { inputs: news, failures: rulesetProblems(news) };
}

export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffResult> {
  const d = diffRuleset(olds, news);
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false };
}

function outs(inputs: Record<string, unknown>, rs: ApiRuleset) {
  return versioned({ apiKey: inputs.apiKey, name: rs.name, region: rs.region?.name ?? inputs.region, rules: inputs.rules, rulesetId: rs.id }, stateVersion);
}

/** Creates the ruleset, or adopts the one carrying our (unique) name in our region and sets its rules. */
export async function create(inputs: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<CreateResult> {
  const o = resolveOptions(ro);
  const api = new LambdaApi(apiKeyFor(inputs), o);
  const find = async () =>
    (await api.get<ApiRuleset[]>('/firewall-rulesets')).find((r) => r.name === inputs.name && r.region?.name === inputs.region);
  let rs = await createOrAdopt(o, `firewall ruleset "${inputs.name}"`, find, () =>
    api.post<ApiRuleset>('/firewall-rulesets', { name: inputs.name, region: inputs.region, rules: inputs.rules }),
  );
  if (!sameRules(rs.rules, inputs.rules)) rs = await retryConflicts(o, () => api.patch<ApiRuleset>(`/firewall-rulesets/${rs.id}`, { rules: inputs.rules }));
  return { id: rs.id, outs: outs(inputs, rs) };
}

const sameRules = (a: unknown, b: unknown) => diffRuleset({ rules: a }, { rules: b }).changes === false;

export async function read(id: string, props: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<ReadResult> {
  const api = new LambdaApi(apiKeyFor(props), resolveOptions(ro));
  try {
    const rs = await api.get<ApiRuleset>(`/firewall-rulesets/${id}`);
    return { id, props: { ...props, name: rs.name, region: rs.region?.name ?? props.region, rules: rs.rules, rulesetId: id } };
  } catch (err) {
    if (isGone(err)) return {};
    throw err;
  }
}

/** Name and rules are patched in place (the whole desired rule list is sent). */
export async function update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<UpdateResult> {
  const o = resolveOptions(ro);
  const api = new LambdaApi(apiKeyFor(news), o);
  // 409: another change to the ruleset is in progress; the PATCH carries the whole desired state, so repeat it.
  const rs = await retryConflicts(o, () => api.patch<ApiRuleset>(`/firewall-rulesets/${id}`, { name: news.name, rules: news.rules }));
  return { outs: { ...olds, ...outs(news, rs) } };
}

/** Deletes; waits (bounded) while instances still use it (they may be terminating) or it conflicts (409); 404 is success. */
export async function remove(id: string, props: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<void> {
  const o = resolveOptions(ro);
  const api = new LambdaApi(apiKeyFor(props), o);
  await poll(o, o.settleTimeoutMs, `firewall ruleset ${id} to be released by its instances`, async () => {
    try {
      await api.delete(`/firewall-rulesets/${id}`);
      return true;
    } catch (err) {
      if (isGone(err)) return true;
      if (isConflict(err) || (err instanceof ServiceError && err.code === 'firewall-rulesets/firewall-ruleset-in-use')) return undefined;
      throw err;
    }
  });
}
