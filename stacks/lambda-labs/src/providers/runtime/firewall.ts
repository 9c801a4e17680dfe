import { ServiceError } from '@sophia-ai/http';
import { diffRuleset } from '../../logic/launch';
import { isGone, LambdaApi, poll, resolveOptions, type RuntimeOptions } from './lambda-api';
import { rulesetProblems } from '../../logic/constraints';
import type { CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult } from './types';

interface ApiRuleset { id: string; name: string; region: { name: string }; rules: unknown[]; instance_ids: string[] }

export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
  return { inputs: news, failures: rulesetProblems(news) };
}

export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffResult> {
  const d = diffRuleset(olds, news);
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false };
}

function outs(inputs: Record<string, unknown>, rs: ApiRuleset) {
  return { apiKey: inputs.apiKey, name: rs.name, region: rs.region?.name ?? inputs.region, rules: inputs.rules, rulesetId: rs.id };
}

export async function create(inputs: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<CreateResult> {
  const api = new LambdaApi(inputs.apiKey as string, resolveOptions(ro));
  const rs = await api.post<ApiRuleset>('/firewall-rulesets', { name: inputs.name, region: inputs.region, rules: inputs.rules });
  return { id: rs.id, outs: outs(inputs, rs) };
}

export async function read(id: string, props: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<ReadResult> {
  const api = new LambdaApi(props.apiKey as string, resolveOptions(ro));
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
  const api = new LambdaApi(news.apiKey as string, resolveOptions(ro));
  const rs = await api.patch<ApiRuleset>(`/firewall-rulesets/${id}`, { name: news.name, rules: news.rules });
  return { outs: { ...olds, ...outs(news, rs) } };
}

/** Deletes; waits (bounded) while instances still use it (they may be terminating); 404 is success. */
export async function remove(id: string, props: Record<string, unknown>, ro: RuntimeOptions = {}): Promise<void> {
  const o = resolveOptions(ro);
  const api = new LambdaApi(props.apiKey as string, o);
  await poll(o, o.settleTimeoutMs, `firewall ruleset ${id} to be released by its instances`, async () => {
    try {
      await api.delete(`/firewall-rulesets/${id}`);
      return true;
    } catch (err) {
      if (isGone(err)) return true;
      if (err instanceof ServiceError && err.code === 'firewall-rulesets/firewall-ruleset-in-use') return undefined;
      throw err;
    }
  });
}
