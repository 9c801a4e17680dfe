import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { firewallRuleProblems, isLambdaRegion, LAMBDA_LIMITS as L } from '@sophia-ai/lambda-labs-config';
import { matches, type FaultMatch } from '../core/faults';
import type { Emulator, EmulatorRequest, EmulatorResponse } from '../core/types';
import { images, INSTANCE_TYPES, REGIONS, type ImageEntry, type InstanceTypeEntry } from './catalog';

/**
 * Lambda Cloud API emulator, faithful to spec v1.8.3 for the endpoints the stack uses.
 *
 * Choices where the spec is silent (documented in tools/sandbox/README.md):
 * - GET /instances/{id} of a terminated or unknown id → 404 `global/object-does-not-exist`; GET /instances lists
 *   booting/active/unhealthy/terminating instances and drops terminated ones ("your running instances").
 * - Launch is rate limited to one request per `launchWindowMs` (default 12 000, the spec's 1 per 12 s) per
 *   account → 429 `global/rate-limited` with `Retry-After` in whole seconds. The spec does not document the
 *   429 body or header; tests set the window to 0.
 * - Missing SSH key / filesystem / ruleset / image named in a launch → 400 `global/object-does-not-exist`
 *   (the spec allows 404 or 400 on launch). `quantity` > 1 → 400 `global/invalid-parameters`.
 * - SSH key names are unique (400 `global/invalid-parameters`, like the live API); delete of an unknown key
 *   → 400 `global/invalid-parameters` (the only error the spec lists for that operation besides 401/403).
 * - Every other documented answer can be switched on: `accountInactive` (403 on every call) and `fail`
 *   (the next N matching calls answer a documented status/code, e.g. 409 on rulesets, quota-exceeded).
 * - Boot: `booting` for `bootMs`, then `active` (or `unhealthy` when the unhealthy switch is on at launch);
 *   terminate: `terminating` for `terminateMs`, then `terminated` (gone). The public `ip` appears when active.
 */

export interface LambdaEmulatorOptions {
  /** API keys accepted (Bearer, Basic base64("key:") or Basic key). Default: [SANDBOX_LAMBDA_API_KEY]. */
  apiKeys?: string[];
  /** Time from launch to `active` (ms). Default 0. */
  bootMs?: number;
  /** Time from terminate to gone (ms). Default 0. */
  terminateMs?: number;
  /** Launch rate-limit window (ms); 0 disables. Default 12 000 (spec: 1 launch per 12 s). */
  launchWindowMs?: number;
  /** New instances end up `unhealthy` instead of `active`. */
  unhealthy?: boolean;
  /** Minimum ms between two requests of one API key ("generally one request per second"); 0 (default) off. */
  requestWindowMs?: number;
  now?: () => number;
}

/** The sandbox's own API key: accepted by the emulator only, never valid at Lambda. */
export const SANDBOX_LAMBDA_API_KEY = 'sandbox_lambda_3f9Qx7TmB2kVw8RzL5cN';

const NAME64 = L.nameMax;
const HOSTNAME = L.hostname;
const TAG_KEY = L.tagKey;
const FS_NAME = L.filesystemName;
const MOUNT_POINT = L.mountPoint;
const MAX_USER_DATA = L.userDataMaxBytes;

/** Message and suggestion of each documented error code (suggestion where the spec's schema requires one). */
const DOCUMENTED: Record<string, { message: string; suggestion?: string }> = {
  'global/account-inactive': { message: 'Your account is inactive.', suggestion: 'Make sure you have verified your email address and have a valid payment method. Contact Support if problems continue.' },
  'global/invalid-address': { message: 'Your billing address is invalid.', suggestion: 'Update your billing address, then try again.' },
  'global/quota-exceeded': { message: 'Quota exceeded.', suggestion: 'Contact Support to increase your quota.' },
  'global/internal-error': { message: 'An internal server error occurred.', suggestion: 'Try again later. Contact Support if the problem persists.' },
  'global/object-does-not-exist': { message: 'Object does not exist.', suggestion: 'Check the names and IDs in your request and try again.' },
  'global/invalid-parameters': { message: 'Invalid request data.' },
  'global/duplicate': { message: 'An object with this name already exists.' },
  'instance-operations/launch/insufficient-capacity': { message: 'Not enough capacity to fulfill launch request.' },
};

/** A documented answer the next matching calls get instead of being handled (the API does not act). */
export interface DocumentedFailure extends FaultMatch {
  next: number;
  status: number;
  code: keyof typeof DOCUMENTED | string;
}

interface InstanceRecord {
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

interface SshKeyRecord { id: string; name: string; public_key: string }
interface FilesystemRecord { id: string; name: string; region: string; created: string }
interface FirewallRule { protocol: string; port_range?: [number, number]; source_network: string; description: string }
interface RulesetRecord { id: string; name: string; region: string; rules: FirewallRule[]; created: string }

type Answer = EmulatorResponse;

/** 429: rate limits are documented in the spec's prose only (no status, body or header in any operation). */
class RateLimited extends Error {
  constructor(readonly seconds: number, message: string) {
    super(message);
  }
  answer(): Answer {
    return {
      status: 429,
      headers: { 'retry-after': String(Math.max(1, this.seconds)) },
      body: { error: { code: 'global/rate-limited', message: this.message, suggestion: 'Wait and try again.' } },
    };
  }
}

class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly suggestion?: string) {
    super(message);
  }
}
const invalid = (message: string) => new ApiError(400, 'global/invalid-parameters', message);
const notFound = (message: string, status = 404, suggestion?: string) => new ApiError(status, 'global/object-does-not-exist', message, suggestion);
/** Launch references (SSH key, filesystem, ruleset, image): the spec's launch error requires a suggestion. */
const launchRefMissing = (message: string) => notFound(message, 400, 'Check the names and IDs in your launch request and try again.');
const rulesetMissing = () =>
  notFound('Firewall ruleset does not exist or you do not have permission to access it.', 404, 'Check your firewall ruleset ID and try again.');

function hex(n = 16): string {
  return randomBytes(n).toString('hex');
}
const ok = (data: unknown): Answer => ({ status: 200, body: { data } });

export class LambdaEmulator implements Emulator {
  readonly name = 'lambda';
  readonly envVar = 'LAMBDA_API_URL';

  private apiKeys: Set<string>;
  bootMs: number;
  terminateMs: number;
  launchWindowMs: number;
  unhealthy: boolean;
  accountInactive = false;
  requestWindowMs: number;
  private failure?: DocumentedFailure;
  private lastRequest = new Map<string, number>();
  private readonly now: () => number;

  private instances = new Map<string, InstanceRecord>();
  private sshKeys = new Map<string, SshKeyRecord>();
  private filesystems = new Map<string, FilesystemRecord>();
  private rulesets = new Map<string, RulesetRecord>();
  private globalRules: FirewallRule[] = [];
  private lastLaunch?: number;
  private ipCounter = 10;
  /** Count of launch requests that created an instance (tests assert "exactly one"). */
  launches = 0;
  private readonly imageList = images();

  constructor(private readonly opts: LambdaEmulatorOptions = {}) {
    this.apiKeys = new Set(opts.apiKeys ?? [SANDBOX_LAMBDA_API_KEY]);
    this.bootMs = opts.bootMs ?? 0;
    this.terminateMs = opts.terminateMs ?? 0;
    this.launchWindowMs = opts.launchWindowMs ?? 12_000;
    this.unhealthy = opts.unhealthy ?? false;
    this.requestWindowMs = opts.requestWindowMs ?? 0;
    this.now = opts.now ?? Date.now;
  }

  reset(): void {
    this.instances.clear();
    this.sshKeys.clear();
    this.filesystems.clear();
    this.rulesets.clear();
    this.globalRules = [];
    this.lastLaunch = undefined;
    this.launches = 0;
    this.bootMs = this.opts.bootMs ?? 0;
    this.terminateMs = this.opts.terminateMs ?? 0;
    this.launchWindowMs = this.opts.launchWindowMs ?? 12_000;
    this.unhealthy = this.opts.unhealthy ?? false;
    this.requestWindowMs = this.opts.requestWindowMs ?? 0;
    this.accountInactive = false;
    this.failure = undefined;
    this.lastRequest.clear();
  }

  control(settings: Record<string, unknown>): void {
    if (typeof settings.bootMs === 'number') this.bootMs = settings.bootMs;
    if (typeof settings.terminateMs === 'number') this.terminateMs = settings.terminateMs;
    if (typeof settings.launchWindowMs === 'number') this.launchWindowMs = settings.launchWindowMs;
    if (typeof settings.unhealthy === 'boolean') this.unhealthy = settings.unhealthy;
    if (Array.isArray(settings.apiKeys)) this.apiKeys = new Set(settings.apiKeys.map(String));
    if (typeof settings.accountInactive === 'boolean') this.accountInactive = settings.accountInactive;
    if (typeof settings.requestWindowMs === 'number') this.requestWindowMs = settings.requestWindowMs;
    if (settings.fail === null) this.failure = undefined;
    else if (settings.fail && typeof settings.fail === 'object') this.failure = { ...(settings.fail as DocumentedFailure) };
  }

  /** Test helper: the instance is preempted (Lambda reclaimed it); it stays listed with that status. */
  preempt(id: string): void {
    const r = this.instances.get(id);
    if (r) r.preemptedAt = this.now();
  }

  errorBody(_status: number, code: string, message: string): unknown {
    return { error: { code, message } };
  }

  /** Test helper: the stored (write-only) launch fields of an instance, including user_data. */
  inspectInstance(id: string): (InstanceRecord & { status: string }) | undefined {
    const r = this.instances.get(id);
    return r && { ...r, status: this.status(r) };
  }

  /** Test helper: every instance ever launched, including terminated ones. */
  allInstances(): Array<{ id: string; name?: string; status: string; tags: Array<{ key: string; value: string }> }> {
    return [...this.instances.values()].map((r) => ({ id: r.id, name: r.name, status: this.status(r), tags: r.tags }));
  }

  async handle(req: EmulatorRequest): Promise<EmulatorResponse | undefined> {
    if (!req.path.startsWith('/api/v1/')) return undefined;
    try {
      const key = this.authenticate(req);
      this.documentedFaults(req, key);
      return this.route(req);
    } catch (err) {
      if (err instanceof RateLimited) return err.answer();
      if (err instanceof ApiError) {
        return {
          status: err.status,
          body: { error: { code: err.code, message: err.message, ...(err.suggestion ? { suggestion: err.suggestion } : {}) } },
        };
      }
      throw err;
    }
  }

  /** Account inactive, the switchable documented failure, and the general per-key request rate. */
  private documentedFaults(req: EmulatorRequest, key: string): void {
    if (this.accountInactive) {
      const d = DOCUMENTED['global/account-inactive'];
      throw new ApiError(403, 'global/account-inactive', d.message, d.suggestion);
    }
    const f = this.failure;
    if (f && f.next > 0 && matches(f, req.method, req.path)) {
      f.next--;
      const d = DOCUMENTED[f.code] ?? { message: f.code };
      throw new ApiError(f.status, f.code, d.message, d.suggestion);
    }
    if (this.requestWindowMs > 0) {
      const t = this.now();
      const last = this.lastRequest.get(key);
      if (last !== undefined && t - last < this.requestWindowMs) throw new RateLimited(Math.ceil((last + this.requestWindowMs - t) / 1000), 'Too many requests. Requests are limited to one per second.');
      this.lastRequest.set(key, t);
    }
  }

  private authenticate(req: EmulatorRequest): string {
    const header = req.headers.authorization ?? '';
    const [scheme, token = ''] = header.split(/\s+/, 2);
    let key: string | undefined;
    if (/^bearer$/i.test(scheme)) key = token;
    else if (/^basic$/i.test(scheme)) {
      if (this.apiKeys.has(token)) key = token;
      else key = Buffer.from(token, 'base64').toString('utf8').replace(/:$/, '');
    }
    if (!key || !this.apiKeys.has(key)) {
      throw new ApiError(401, 'global/invalid-api-key', 'API key was invalid, expired, or deleted.', 'Check your API key or create a new one, then try again.');
    }
    return key;
  }

  private route(req: EmulatorRequest): Answer | undefined {
    const p = req.path.replace(/^\/api\/v1/, '').replace(/\/+$/, '');
    const m = req.method;
    let match: RegExpMatchArray | null;
    if (p === '/instance-types' && m === 'GET') return ok(this.instanceTypes());
    if (p === '/instance-operations/launch' && m === 'POST') return this.launch(req.json());
    if (p === '/instance-operations/terminate' && m === 'POST') return this.terminate(req.json());
    if (p === '/instances' && m === 'GET') return ok(this.listInstances(req.query.get('cluster_id')));
    if ((match = p.match(/^\/instances\/([^/]+)$/))) {
      if (m === 'GET') return ok(this.view(this.liveInstance(match[1])));
      if (m === 'POST') return this.rename(match[1], req.json());
      return undefined;
    }
    if (p === '/ssh-keys' && m === 'GET') return ok([...this.sshKeys.values()]);
    if (p === '/ssh-keys' && m === 'POST') return this.addSshKey(req.json());
    if ((match = p.match(/^\/ssh-keys\/([^/]+)$/)) && m === 'DELETE') {
      if (!this.sshKeys.delete(match[1])) throw invalid('id: SSH key does not exist.');
      return ok({});
    }
    if (p === '/file-systems' && m === 'GET') return ok([...this.filesystems.values()].map((f) => this.viewFs(f)));
    if (p === '/filesystems' && m === 'POST') return this.createFs(req.json());
    if ((match = p.match(/^\/filesystems\/([^/]+)$/)) && m === 'DELETE') return this.deleteFs(match[1]);
    if (p === '/images' && m === 'GET') return ok(this.imageList);
    if (p === '/firewall-rules' && m === 'GET') return ok(this.globalRules);
    if (p === '/firewall-rules' && m === 'PUT') {
      const body = req.json<{ data?: unknown }>();
      if (!Array.isArray(body.data)) throw invalid('data: Field required');
      this.globalRules = body.data.map((r, i) => this.validRule(r, `data.${i}`));
      return ok(this.globalRules);
    }
    if (p === '/firewall-rulesets' && m === 'GET') return ok([...this.rulesets.values()].map((r) => this.viewRuleset(r)));
    if (p === '/firewall-rulesets' && m === 'POST') return this.createRuleset(req.json());
    if (p === '/firewall-rulesets/global') {
      if (m === 'GET') return ok({ id: 'global', name: 'Global Firewall Rules', rules: this.globalRules });
      if (m === 'PATCH') {
        const body = req.json<{ rules?: unknown }>();
        if (body.rules !== undefined) {
          if (!Array.isArray(body.rules)) throw invalid('rules: Input should be a valid list');
          this.globalRules = body.rules.map((r, i) => this.validRule(r, `rules.${i}`));
        }
        return ok({ id: 'global', name: 'Global Firewall Rules', rules: this.globalRules });
      }
      return undefined;
    }
    if ((match = p.match(/^\/firewall-rulesets\/([^/]+)$/))) {
      const id = match[1];
      const rs = this.rulesets.get(id);
      const missing = rulesetMissing;
      if (m === 'GET') {
        if (!rs) throw missing();
        return ok(this.viewRuleset(rs));
      }
      if (m === 'PATCH') {
        if (!rs) throw missing();
        const body = req.json<{ name?: unknown; rules?: unknown }>();
        if (body.name !== undefined) rs.name = this.validName(body.name, 'name', 1, NAME64);
        if (body.rules !== undefined) {
          if (!Array.isArray(body.rules)) throw invalid('rules: Input should be a valid list');
          rs.rules = body.rules.map((r, i) => this.validRule(r, `rules.${i}`));
        }
        return ok(this.viewRuleset(rs));
      }
      if (m === 'DELETE') {
        if (!rs) throw missing();
        if (this.rulesetInstanceIds(id).length) {
          throw new ApiError(400, 'firewall-rulesets/firewall-ruleset-in-use', 'Firewall ruleset is in use by one or more instances.', 'Terminate all instances that are using the ruleset before deleting it.');
        }
        this.rulesets.delete(id);
        return ok({});
      }
    }
    return undefined;
  }

  // ---- instances --------------------------------------------------------------------------------------

  private status(r: InstanceRecord): 'booting' | 'active' | 'unhealthy' | 'terminating' | 'terminated' | 'preempted' {
    const t = this.now();
    if (r.terminatedAt !== undefined) return t - r.terminatedAt >= this.terminateMs ? 'terminated' : 'terminating';
    if (r.preemptedAt !== undefined) return 'preempted';
    if (t - r.launchedAt < this.bootMs) return 'booting';
    return r.willBeUnhealthy ? 'unhealthy' : 'active';
  }

  private liveInstance(id: string): InstanceRecord {
    const r = this.instances.get(id);
    if (!r || this.status(r) === 'terminated') throw notFound('Specified instance does not exist.');
    return r;
  }

  private listInstances(clusterId: string | null): unknown[] {
    if (clusterId) return [];
    return [...this.instances.values()].filter((r) => this.status(r) !== 'terminated').map((r) => this.view(r));
  }

  private view(r: InstanceRecord): Record<string, unknown> {
    const status = this.status(r);
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
      region: { name: r.region, description: REGIONS[r.region] },
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

  private launch(body: Record<string, unknown>): Answer {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('Request body must be an object.');
    const t = this.now();
    if (this.launchWindowMs > 0 && this.lastLaunch !== undefined && t - this.lastLaunch < this.launchWindowMs) {
      const seconds = Math.ceil((this.lastLaunch + this.launchWindowMs - t) / 1000);
      return new RateLimited(seconds, 'Too many launch requests. Launches are limited to one request per 12 seconds.').answer();
    }
    const problems: string[] = [];
    const need = (k: string) => body[k] === undefined && problems.push(`${k}: Field required`);
    need('region_name');
    need('instance_type_name');
    need('ssh_key_names');
    if (body.quantity !== undefined && body.quantity !== 1) problems.push('quantity: Input should be less than or equal to 1');
    const region = body.region_name;
    if (region !== undefined && !isLambdaRegion(region)) problems.push('region_name: Input should be a valid region code');
    if (body.instance_type_name !== undefined && typeof body.instance_type_name !== 'string') problems.push('instance_type_name: Input should be a valid string');
    const keys = body.ssh_key_names;
    if (keys !== undefined && (!Array.isArray(keys) || keys.length !== 1 || keys.some((k) => typeof k !== 'string'))) problems.push('ssh_key_names: Exactly one SSH key must be specified');
    if (body.name !== undefined && body.name !== null && (typeof body.name !== 'string' || body.name.length > NAME64)) problems.push('name: String should have at most 64 characters');
    if (body.hostname !== undefined && (typeof body.hostname !== 'string' || !HOSTNAME.test(body.hostname))) problems.push(`hostname: String should match pattern '${HOSTNAME.source}'`);
    if (body.user_data !== undefined && (typeof body.user_data !== 'string' || Buffer.byteLength(body.user_data) > MAX_USER_DATA)) problems.push('user_data: Must be a string of at most 1 MB');
    const tags = body.tags;
    if (tags !== undefined) {
      if (!Array.isArray(tags)) problems.push('tags: Input should be a valid list');
      else
        tags.forEach((tag: { key?: unknown; value?: unknown }, i) => {
          if (typeof tag?.key !== 'string' || tag.key.length > 55 || !TAG_KEY.test(tag.key)) problems.push(`tags.${i}.key: String should match pattern '${TAG_KEY.source}' and have at most 55 characters`);
          if (typeof tag?.value !== 'string' || tag.value.length > 128) problems.push(`tags.${i}.value: String should have at most 128 characters`);
        });
    }
    const fsNames = body.file_system_names;
    if (fsNames !== undefined && (!Array.isArray(fsNames) || fsNames.some((n) => typeof n !== 'string'))) problems.push('file_system_names: Input should be a list of strings');
    const mounts = body.file_system_mounts;
    if (mounts !== undefined) {
      if (!Array.isArray(mounts)) problems.push('file_system_mounts: Input should be a valid list');
      else
        mounts.forEach((mnt: { mount_point?: unknown; file_system_id?: unknown }, i) => {
          if (typeof mnt?.mount_point !== 'string' || mnt.mount_point.length > 256 || !MOUNT_POINT.test(mnt.mount_point)) problems.push(`file_system_mounts.${i}.mount_point: invalid mount point`);
          if (typeof mnt?.file_system_id !== 'string') problems.push(`file_system_mounts.${i}.file_system_id: Field required`);
        });
    }
    const image = body.image as { id?: unknown; family?: unknown } | undefined;
    if (image !== undefined && (typeof image !== 'object' || image === null || (typeof image.id === 'string') === (typeof image.family === 'string'))) problems.push('image: Exactly one of id or family must be given');
    const fw = body.firewall_rulesets;
    if (fw !== undefined && (!Array.isArray(fw) || fw.some((f: { id?: unknown }) => typeof f?.id !== 'string'))) problems.push('firewall_rulesets: Input should be a list of {id}');
    if (problems.length) throw invalid(problems.join('; '));

    const regionName = region as string;
    const type = INSTANCE_TYPES.find((x) => x.name === body.instance_type_name);
    if (!type) throw launchRefMissing('Instance type does not exist.');
    const keyName = (keys as string[])[0];
    if (![...this.sshKeys.values()].some((k) => k.name === keyName)) throw launchRefMissing(`SSH key ${keyName} does not exist.`);
    const fsList = ((fsNames as string[] | undefined) ?? []).map((n) => {
      const fs = [...this.filesystems.values()].find((f) => f.name === n);
      if (!fs) throw launchRefMissing('Filesystem was not found.');
      if (fs.region !== regionName) throw new ApiError(400, 'instance-operations/launch/file-system-in-wrong-region', `Filesystem ${n} is not in region ${regionName}.`);
      return fs;
    });
    for (const mnt of (mounts as Array<{ file_system_id: string }> | undefined) ?? []) {
      const fs = this.filesystems.get(mnt.file_system_id);
      if (!fs) throw launchRefMissing('Filesystem was not found.');
      if (fs.region !== regionName) throw new ApiError(400, 'instance-operations/launch/file-system-in-wrong-region', 'Filesystem is in the wrong region.');
    }
    for (const f of (fw as Array<{ id: string }> | undefined) ?? []) {
      const rs = this.rulesets.get(f.id);
      if (!rs) throw launchRefMissing('Firewall ruleset does not exist or you do not have permission to access it.');
      if (rs.region !== regionName) throw invalid(`firewall_rulesets: ruleset ${f.id} is not in region ${regionName}`);
    }
    let img: ImageEntry | undefined;
    if (image) {
      img = this.imageList.find((i) => i.region.name === regionName && (image.id ? i.id === image.id : i.family === image.family))
        ?? (image.id ? this.imageList.find((i) => i.id === image.id) : undefined);
      if (!img) throw launchRefMissing('Image does not exist.');
    }
    if (!type.regions.includes(regionName)) {
      throw new ApiError(400, 'instance-operations/launch/insufficient-capacity', 'Not enough capacity to fulfill launch request.', 'Choose another instance type or region.');
    }

    this.lastLaunch = t;
    this.launches++;
    const id = hex(16);
    const n = this.ipCounter++;
    const ip = `192.0.2.${n % 250}`; // TEST-NET-1: documentation addresses, never routable
    const record: InstanceRecord = {
      id,
      name: (body.name as string | undefined) ?? undefined,
      hostname: (body.hostname as string | undefined) ?? ip.replace(/\./g, '-'),
      region: regionName,
      type,
      ssh_key_names: [keyName],
      file_system_names: fsList.map((f) => f.name),
      file_system_mounts: mounts as InstanceRecord['file_system_mounts'],
      tags: (tags as InstanceRecord['tags'] | undefined) ?? [],
      firewall_rulesets: ((fw as Array<{ id: string }> | undefined) ?? []).map((f) => ({ id: f.id })),
      image: img,
      user_data: body.user_data as string | undefined,
      ip,
      private_ip: `10.19.${Math.floor(n / 250)}.${n % 250}`,
      launchedAt: t,
      willBeUnhealthy: this.unhealthy,
    };
    this.instances.set(id, record);
    return ok({ instance_ids: [id] });
  }

  private terminate(body: { instance_ids?: unknown }): Answer {
    const ids = body?.instance_ids;
    if (!Array.isArray(ids) || ids.length === 0 || ids.some((i) => typeof i !== 'string')) throw invalid('instance_ids: Field required');
    const records = ids.map((id: string) => this.liveInstance(id));
    const t = this.now();
    for (const r of records) if (r.terminatedAt === undefined) r.terminatedAt = t;
    // The spec's example shows `terminating` in the answer, whatever the configured terminate time.
    return ok({ terminated_instances: records.map((r) => ({ ...this.view(r), status: 'terminating' })) });
  }

  private rename(id: string, body: { name?: unknown }): Answer {
    const r = this.liveInstance(id);
    if (body?.name !== undefined) {
      if (typeof body.name !== 'string' || body.name.length > NAME64) throw invalid('name: String should have at most 64 characters');
      r.name = body.name;
    }
    return ok(this.view(r));
  }

  private instanceTypes(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const t of INSTANCE_TYPES) {
      out[t.name] = {
        instance_type: { name: t.name, description: t.description, gpu_description: t.gpu_description, price_cents_per_hour: t.price_cents_per_hour, specs: t.specs },
        regions_with_capacity_available: t.regions.map((r) => ({ name: r, description: REGIONS[r] })),
      };
    }
    return out;
  }

  // ---- ssh keys -------------------------------------------------------------------------------------------

  private addSshKey(body: { name?: unknown; public_key?: unknown }): Answer {
    const name = this.validName(body?.name, 'name', 1, 64);
    if ([...this.sshKeys.values()].some((k) => k.name === name)) throw invalid(`name: An SSH key named ${name} already exists`);
    let privateKey: string | undefined;
    let publicKey: string;
    if (body.public_key === undefined) {
      const pair = generateKeyPairSync('ed25519');
      const raw = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
      const len = (b: Buffer) => Buffer.from([0, 0, 0, b.length]);
      const algo = Buffer.from('ssh-ed25519');
      publicKey = `ssh-ed25519 ${Buffer.concat([len(algo), algo, len(raw), raw]).toString('base64')} ${name}`;
      privateKey = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    } else {
      if (typeof body.public_key !== 'string' || body.public_key.length < 1 || body.public_key.length > 4096) throw invalid('public_key: String should have 1 to 4096 characters');
      if (!/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/]+={0,2}( [^\r\n]*)?\s*$/.test(body.public_key)) {
        throw invalid('public_key: Invalid SSH public key');
      }
      publicKey = body.public_key.trim();
    }
    const key: SshKeyRecord = { id: hex(16), name, public_key: publicKey };
    this.sshKeys.set(key.id, key);
    return ok(privateKey ? { ...key, private_key: privateKey } : key);
  }

  // ---- filesystems ----------------------------------------------------------------------------------------

  private viewFs(f: FilesystemRecord): Record<string, unknown> {
    const inUse = [...this.instances.values()].some((r) => this.status(r) !== 'terminated' && (r.file_system_names.includes(f.name) || r.file_system_mounts?.some((m) => m.file_system_id === f.id)));
    return {
      id: f.id,
      name: f.name,
      mount_point: `/lambda/nfs/${f.name}`,
      created: f.created,
      created_by: { id: 'sandbox0000000000000000000000user', email: 'sandbox@localhost', status: 'active' },
      is_in_use: inUse,
      region: { name: f.region, description: REGIONS[f.region] },
      bytes_used: 0,
    };
  }

  private createFs(body: { name?: unknown; region?: unknown }): Answer {
    const name = this.validName(body?.name, 'name', 1, 60);
    if (!FS_NAME.test(name)) throw invalid(`name: String should match pattern '${FS_NAME.source}'`);
    if (!isLambdaRegion(body.region)) throw invalid('region: Input should be a valid region code');
    if ([...this.filesystems.values()].some((f) => f.name === name)) throw new ApiError(400, 'global/duplicate', 'A filesystem with this name already exists.');
    const f: FilesystemRecord = { id: hex(16), name, region: body.region, created: new Date(this.now()).toISOString() };
    this.filesystems.set(f.id, f);
    return ok(this.viewFs(f));
  }

  private deleteFs(id: string): Answer {
    const f = this.filesystems.get(id);
    if (!f) throw notFound('Filesystem was not found.');
    if (this.viewFs(f).is_in_use) throw new ApiError(400, 'filesystems/filesystem-in-use', 'Filesystem is in use by one or more instances.');
    this.filesystems.delete(id);
    return ok({ deleted_ids: [id] });
  }

  // ---- firewall -------------------------------------------------------------------------------------------

  private rulesetInstanceIds(id: string): string[] {
    return [...this.instances.values()].filter((r) => this.status(r) !== 'terminated' && r.firewall_rulesets.some((f) => f.id === id)).map((r) => r.id);
  }

  private viewRuleset(r: RulesetRecord): Record<string, unknown> {
    return { id: r.id, name: r.name, region: { name: r.region, description: REGIONS[r.region] }, rules: r.rules, created: r.created, instance_ids: this.rulesetInstanceIds(r.id) };
  }

  private createRuleset(body: { name?: unknown; region?: unknown; rules?: unknown }): Answer {
    const name = this.validName(body?.name, 'name', 1, NAME64);
    if (!isLambdaRegion(body.region)) throw invalid('region: Input should be a valid region code');
    if (!Array.isArray(body.rules)) throw invalid('rules: Field required');
    const rules = body.rules.map((r, i) => this.validRule(r, `rules.${i}`));
    const rs: RulesetRecord = { id: hex(16), name, region: body.region, rules, created: new Date(this.now()).toISOString() };
    this.rulesets.set(rs.id, rs);
    return ok(this.viewRuleset(rs));
  }

  private validRule(raw: unknown, at: string): FirewallRule {
    const problems = firewallRuleProblems(raw, at);
    if (problems.length) throw invalid(problems.join('; '));
    const r = raw as FirewallRule;
    return {
      protocol: r.protocol,
      ...(r.port_range !== undefined ? { port_range: r.port_range } : {}),
      source_network: r.source_network.includes('/') ? r.source_network : `${r.source_network}/32`,
      description: r.description,
    };
  }

  private validName(v: unknown, field: string, min: number, max: number): string {
    if (typeof v !== 'string') throw invalid(`${field}: Field required`);
    if (v.length < min || v.length > max) throw invalid(`${field}: String should have ${min} to ${max} characters`);
    return v;
  }
}
