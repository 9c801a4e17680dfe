/** What the API answers for each object: the spec's response schemas, computed from the state at answer time. */
import { INSTANCE_TYPES, REGIONS } from './catalog';
import type { FilesystemRecord, InstanceRecord, LambdaState, RulesetRecord } from './state';
import { hex } from './state';

const region = (name: string) => ({ name, description: REGIONS[name] });

export function instanceView(state: LambdaState, r: InstanceRecord): Record<string, unknown> {
  const status = state.status(r);
  const booted = status === 'active' || status === 'unhealthy';
  const unavailable = (code: string, description: string) => ({ available: false, reason_code: code, reason_description: description });
  const terminating = status === 'terminating';
  const notLaunched = status === 'booting';
  const action = (): Record<string, unknown> =>
    terminating ? unavailable('vm-is-terminating', 'The instance is terminating.')
      : notLaunched ? unavailable('vm-has-not-launched', 'The instance has not launched yet.') : { available: true };
  return {
    id: r.id,
    ...(r.name !== undefined ? { name: r.name } : {}),
    ...(booted || terminating ? { ip: r.ip, private_ip: r.private_ip } : {}),
    status,
    ssh_key_names: r.ssh_key_names,
    file_system_names: r.file_system_names,
    ...(r.file_system_mounts ? { file_system_mounts: r.file_system_mounts } : {}),
    region: region(r.region),
    instance_type: { name: r.type.name, description: r.type.description, gpu_description: r.type.gpu_description, price_cents_per_hour: r.type.price_cents_per_hour, specs: r.type.specs },
    hostname: r.hostname,
    ...(booted ? { jupyter_token: hex(16), jupyter_url: `https://jupyter-${r.id.slice(0, 8)}.lambdaspaces.com/?token=sandbox` } : {}),
    actions: {
      migrate: unavailable('vm-is-too-old', 'Migration is not available in the sandbox.'),
      rebuild: action(),
      restart: action(),
      cold_reboot: action(),
      terminate: terminating ? unavailable('vm-is-terminating', 'The instance is terminating.') : { available: true },
    },
    tags: r.tags,
    firewall_rulesets: r.firewall_rulesets,
  };
}

export function instanceTypesView(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of INSTANCE_TYPES) {
    out[t.name] = {
      instance_type: { name: t.name, description: t.description, gpu_description: t.gpu_description, price_cents_per_hour: t.price_cents_per_hour, specs: t.specs },
      regions_with_capacity_available: t.regions.map(region),
    };
  }
  return out;
}

export function filesystemView(state: LambdaState, f: FilesystemRecord): Record<string, unknown> {
  return {
    id: f.id,
    name: f.name,
    mount_point: `/lambda/nfs/${f.name}`,
    created: f.created,
    created_by: { id: 'sandbox0000000000000000000000user', email: 'sandbox@localhost', status: 'active' },
    is_in_use: state.filesystemInUse(f),
    region: region(f.region),
    bytes_used: 0,
  };
}

export function rulesetView(state: LambdaState, r: RulesetRecord): Record<string, unknown> {
  return { id: r.id, name: r.name, region: region(r.region), rules: r.rules, created: r.created, instance_ids: state.rulesetInstanceIds(r.id) };
}

export const globalRulesetView = (state: LambdaState) => ({ id: 'global', name: 'Global Firewall Rules', rules: state.globalRules });
