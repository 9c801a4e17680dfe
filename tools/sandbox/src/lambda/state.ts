/**
 * What the emulated account holds, and the operations that change it: instances with their lifecycle,
 * SSH keys, filesystems, firewall rulesets. Requests reach it already validated (validation.ts); what only
 * the account can know (a missing reference, a name taken, in use) is refused here with the API's error.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { images, INSTANCE_TYPES, type ImageEntry, type InstanceTypeEntry } from './catalog';
import { ApiError, invalid, launchRefMissing, notFound, rulesetMissing } from './errors';
import type { LaunchBody } from './validation';

export interface InstanceRecord {
  id: string;
  name?: string;
  hostname: string;
  region: string;
  type: InstanceTypeEntry;
  ssh_key_names: string[];
  file_system_names: string[];
  file_system_mounts?: Array<{ mount_point: string; file_system_id: string }>;
  tags: Array<{ key: string; value: string }>;
  firewall_rulesets: Array<{ id: string }>;
  image?: ImageEntry;
  user_data?: string;
  ip: string;
  private_ip: string;
  launchedAt: number;
  willBeUnhealthy: boolean;
  terminatedAt?: number;
  preemptedAt?: number;
}

export interface SshKeyRecord { id: string; name: string; public_key: string }
export interface FilesystemRecord { id: string; name: string; region: string; created: string }
export interface FirewallRule { protocol: string; port_range?: [number, number]; source_network: string; description: string }
export interface RulesetRecord { id: string; name: string; region: string; rules: FirewallRule[]; created: string }

export type InstanceStatus = 'booting' | 'active' | 'unhealthy' | 'terminating' | 'terminated' | 'preempted';

/** The lifecycle knobs the state reads at every status (switchable while running). */
export interface Lifecycle {
  bootMs: number;
  terminateMs: number;
  unhealthy: boolean;
}

export const hex = (n = 16): string => randomBytes(n).toString('hex');

export class LambdaState {
  readonly instances = new Map<string, InstanceRecord>();
  readonly sshKeys = new Map<string, SshKeyRecord>();
  readonly filesystems = new Map<string, FilesystemRecord>();
  readonly rulesets = new Map<string, RulesetRecord>();
  globalRules: FirewallRule[] = [];
  readonly imageList = images();
  lastLaunch?: number;
  /** Count of launch requests that created an instance (tests assert "exactly one"). */
  launches = 0;
  private ipCounter = 10;

  constructor(readonly now: () => number, private readonly lifecycle: Lifecycle) {}

  // ---- instances ----------------------------------------------------------------------------------------

  status(r: InstanceRecord): InstanceStatus {
    const t = this.now();
    if (r.terminatedAt !== undefined) return t - r.terminatedAt >= this.lifecycle.terminateMs ? 'terminated' : 'terminating';
    if (r.preemptedAt !== undefined) return 'preempted';
    if (t - r.launchedAt < this.lifecycle.bootMs) return 'booting';
    return r.willBeUnhealthy ? 'unhealthy' : 'active';
  }

  liveInstance(id: string): InstanceRecord {
    const r = this.instances.get(id);
    if (!r || this.status(r) === 'terminated') throw notFound('Specified instance does not exist.');
    return r;
  }

  /** "Your running instances": terminated ones are left out. */
  listInstances(clusterId: string | null): InstanceRecord[] {
    if (clusterId) return [];
    return [...this.instances.values()].filter((r) => this.status(r) !== 'terminated');
  }

  /** Launches one instance after checking what the body references; returns its id. */
  launch(body: LaunchBody): string {
    const region = body.region_name;
    const type = INSTANCE_TYPES.find((x) => x.name === body.instance_type_name);
    if (!type) throw launchRefMissing('Instance type does not exist.');
    const keyName = body.ssh_key_names[0];
    if (![...this.sshKeys.values()].some((k) => k.name === keyName)) throw launchRefMissing(`SSH key ${keyName} does not exist.`);
    const fsList = (body.file_system_names ?? []).map((n) => {
      const fs = [...this.filesystems.values()].find((f) => f.name === n);
      if (!fs) throw launchRefMissing('Filesystem was not found.');
      if (fs.region !== region) throw new ApiError(400, 'instance-operations/launch/file-system-in-wrong-region', `Filesystem ${n} is not in region ${region}.`);
      return fs;
    });
    for (const mnt of body.file_system_mounts ?? []) {
      const fs = this.filesystems.get(mnt.file_system_id);
      if (!fs) throw launchRefMissing('Filesystem was not found.');
      if (fs.region !== region) throw new ApiError(400, 'instance-operations/launch/file-system-in-wrong-region', 'Filesystem is in the wrong region.');
    }
    for (const f of body.firewall_rulesets ?? []) {
      const rs = this.rulesets.get(f.id);
      if (!rs) throw launchRefMissing('Firewall ruleset does not exist or you do not have permission to access it.');
      if (rs.region !== region) throw invalid(`firewall_rulesets: ruleset ${f.id} is not in region ${region}`);
    }
    const image = body.image;
    let img: ImageEntry | undefined;
    if (image) {
      img = this.imageList.find((i) => i.region.name === region && (image.id ? i.id === image.id : i.family === image.family))
        ?? (image.id ? this.imageList.find((i) => i.id === image.id) : undefined);
      if (!img) throw launchRefMissing('Image does not exist.');
    }
    if (!type.regions.includes(region)) {
      throw new ApiError(400, 'instance-operations/launch/insufficient-capacity', 'Not enough capacity to fulfill launch request.', 'Choose another instance type or region.');
    }

    const t = this.now();
    this.lastLaunch = t;
    this.launches++;
    const id = hex(16);
    const n = this.ipCounter++;
    const ip = `192.0.2.${n % 250}`; // TEST-NET-1: documentation addresses, never routable
    this.instances.set(id, {
      id,
      name: body.name ?? undefined,
      hostname: body.hostname ?? ip.replace(/\./g, '-'),
      region,
      type,
      ssh_key_names: [keyName],
      file_system_names: fsList.map((f) => f.name),
      file_system_mounts: body.file_system_mounts,
      tags: body.tags ?? [],
      firewall_rulesets: (body.firewall_rulesets ?? []).map((f) => ({ id: f.id })),
      image: img,
      user_data: body.user_data,
      ip,
      private_ip: `10.19.${Math.floor(n / 250)}.${n % 250}`,
      launchedAt: t,
      willBeUnhealthy: this.lifecycle.unhealthy,
    });
    return id;
  }

  terminate(ids: string[]): InstanceRecord[] {
    const records = ids.map((id) => this.liveInstance(id));
    const t = this.now();
    for (const r of records) if (r.terminatedAt === undefined) r.terminatedAt = t;
    return records;
  }

  // ---- ssh keys -----------------------------------------------------------------------------------------

  /** Adds a key; without a public key Lambda generates a pair and answers the private key once. */
  addSshKey(name: string, publicKey: string | undefined): SshKeyRecord & { private_key?: string } {
    if ([...this.sshKeys.values()].some((k) => k.name === name)) throw invalid(`name: An SSH key named ${name} already exists`);
    let privateKey: string | undefined;
    if (publicKey === undefined) {
      const pair = generateKeyPairSync('ed25519');
      const raw = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
      const len = (b: Buffer) => Buffer.from([0, 0, 0, b.length]);
      const algo = Buffer.from('ssh-ed25519');
      publicKey = `ssh-ed25519 ${Buffer.concat([len(algo), algo, len(raw), raw]).toString('base64')} ${name}`;
      privateKey = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    }
    const key: SshKeyRecord = { id: hex(16), name, public_key: publicKey };
    this.sshKeys.set(key.id, key);
    return privateKey ? { ...key, private_key: privateKey } : key;
  }

  deleteSshKey(id: string): void {
    if (!this.sshKeys.delete(id)) throw invalid('id: SSH key does not exist.');
  }

  // ---- filesystems --------------------------------------------------------------------------------------

  filesystemInUse(f: FilesystemRecord): boolean {
    return [...this.instances.values()].some((r) => this.status(r) !== 'terminated' && (r.file_system_names.includes(f.name) || r.file_system_mounts?.some((m) => m.file_system_id === f.id)));
  }

  createFilesystem(name: string, region: string): FilesystemRecord {
    if ([...this.filesystems.values()].some((f) => f.name === name)) throw new ApiError(400, 'global/duplicate', 'A filesystem with this name already exists.');
    const f: FilesystemRecord = { id: hex(16), name, region, created: new Date(this.now()).toISOString() };
    this.filesystems.set(f.id, f);
    return f;
  }

  deleteFilesystem(id: string): void {
    const f = this.filesystems.get(id);
    if (!f) throw notFound('Filesystem was not found.');
    if (this.filesystemInUse(f)) throw new ApiError(400, 'filesystems/filesystem-in-use', 'Filesystem is in use by one or more instances.');
    this.filesystems.delete(id);
  }

  // ---- firewall -----------------------------------------------------------------------------------------

  rulesetInstanceIds(id: string): string[] {
    return [...this.instances.values()].filter((r) => this.status(r) !== 'terminated' && r.firewall_rulesets.some((f) => f.id === id)).map((r) => r.id);
  }

  ruleset(id: string): RulesetRecord {
    const rs = this.rulesets.get(id);
    if (!rs) throw rulesetMissing();
    return rs;
  }

  createRuleset(name: string, region: string, rules: FirewallRule[]): RulesetRecord {
    const rs: RulesetRecord = { id: hex(16), name, region, rules, created: new Date(this.now()).toISOString() };
    this.rulesets.set(rs.id, rs);
    return rs;
  }

  deleteRuleset(id: string): void {
    this.ruleset(id);
    if (this.rulesetInstanceIds(id).length) {
      throw new ApiError(400, 'firewall-rulesets/firewall-ruleset-in-use', 'Firewall ruleset is in use by one or more instances.', 'Terminate all instances that are using the ruleset before deleting it.');
    }
    this.rulesets.delete(id);
  }
}
