import YAML from 'yaml';
import { z } from 'zod';
import { normalizePublicKey, } from './transport';
import { SshKeyError } from './keys';

/** Lambda Cloud's (and EC2's) user_data limit: 1 MiB. */
export const MAX_USER_DATA_BYTES = 1024 * 1024;

export class CloudInitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloudInitError';
  }
}

/** An extra Unix user created by cloud-init, besides the image's default user (`ubuntu` on Lambda). */
export interface CloudInitUser {
  /** Login name (`^[a-z_][a-z0-9_-]{0,31}$`). */
  name: string;
  /** Supplementary groups, e.g. `['docker', 'sudo']`. */
  groups?: string[];
  /** A sudoers rule, e.g. `'ALL=(ALL) NOPASSWD:ALL'`; omitted = no sudo. */
  sudo?: string;
  /** Login shell; default `/bin/bash`. */
  shell?: string;
  /** OpenSSH public key lines or their base64 transport form, newest first. */
  sshAuthorizedKeys?: string[];
}

export interface CloudInitOptions {
  /**
   * Keys authorised for the default user, newest first. During a rotation window pass both the new and the
   * previous key. Each may be an OpenSSH line (`ssh-ed25519 AAAA… c`) or its base64 transport form.
   */
  sshAuthorizedKeys: string[];
  /** Extra users; the default user is kept (`users: [default, …]`). */
  users?: CloudInitUser[];
  /** apt packages to install (names only, e.g. `nvidia-container-toolkit`). */
  packages?: string[];
  /** Run `apt-get update` before installing packages; default true when packages are given. */
  packageUpdate?: boolean;
  /** Commands run once at first boot: a shell string, or an argv array (no shell). */
  runcmd?: Array<string | string[]>;
  /** Hostname to set. */
  hostname?: string;
  /** Byte limit for the rendered document; default MAX_USER_DATA_BYTES. */
  maxBytes?: number;
}

const userName = z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a valid Unix user name (lowercase, digits, - and _, max 32)');
const noNul = z.string().min(1).refine((s) => !s.includes('\0'), 'must not contain NUL characters');
const optionsSchema = z.object({
  sshAuthorizedKeys: z.array(z.string()).min(1, 'at least one SSH public key is required'),
  users: z
    .array(
      z.object({
        name: userName,
        groups: z.array(z.string().regex(/^[a-z_][a-z0-9_-]*$/, 'must be a valid group name')).optional(),
        sudo: noNul.refine((s) => !s.includes('\n'), 'must be one line').optional(),
        shell: z.string().regex(/^\/[A-Za-z0-9_./-]+$/, 'must be an absolute path').optional(),
        sshAuthorizedKeys: z.array(z.string()).optional(),
      }),
    )
    .optional(),
  packages: z.array(z.string().regex(/^[a-z0-9][a-z0-9+.:=~-]*$/, 'must be a Debian package name (optionally =version)')).optional(),
  packageUpdate: z.boolean().optional(),
  runcmd: z.array(z.union([noNul, z.array(noNul).min(1)])).optional(),
  hostname: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i, 'must be a valid hostname label').optional(),
  maxBytes: z.number().int().positive().optional(),
});

/** Schema of what we emit; the rendered text is parsed back and checked against it. */
const renderedSchema = z.object({
  ssh_authorized_keys: z.array(z.string().startsWith('ssh-')).min(1),
  users: z
    .array(
      z.union([
        z.literal('default'),
        z.object({ name: z.string(), groups: z.string().optional(), sudo: z.string().optional(), shell: z.string(), ssh_authorized_keys: z.array(z.string()).optional() }),
      ]),
    )
    .optional(),
  packages: z.array(z.string()).optional(),
  package_update: z.boolean().optional(),
  runcmd: z.array(z.union([z.string(), z.array(z.string())])).optional(),
  hostname: z.string().optional(),
});

function keysOf(list: string[], where: string): string[] {
  const out: string[] = [];
  list.forEach((k, i) => {
    try {
      const line = normalizePublicKey(k);
      if (!out.includes(line)) out.push(line);
    } catch (e) {
      if (e instanceof SshKeyError) throw new CloudInitError(`${where}[${i}]: ${e.message}`);
      throw e;
    }
  });
  return out;
}

/**
 * Builds a `#cloud-config` user-data document that authorises the given SSH public keys (and optional extra
 * users, packages and first-boot commands). Validates input, parses the output back as YAML, and enforces
 * the user_data size limit. Pure: no I/O.
 */
export function buildCloudInit(options: CloudInitOptions): string {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new CloudInitError(
      'Invalid cloud-init options: ' +
        parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
    );
  }
  const o = parsed.data;
  const doc: Record<string, unknown> = {};
  if (o.hostname) doc.hostname = o.hostname;
  doc.ssh_authorized_keys = keysOf(o.sshAuthorizedKeys, 'sshAuthorizedKeys');
  if (o.users?.length) {
    const seen = new Set<string>();
    doc.users = [
      'default',
      ...o.users.map((u, i) => {
        if (seen.has(u.name)) throw new CloudInitError(`users[${i}].name: duplicate user "${u.name}"`);
        seen.add(u.name);
        const entry: Record<string, unknown> = { name: u.name };
        if (u.groups?.length) entry.groups = u.groups.join(', ');
        if (u.sudo) entry.sudo = u.sudo;
        entry.shell = u.shell ?? '/bin/bash';
        if (u.sshAuthorizedKeys?.length) entry.ssh_authorized_keys = keysOf(u.sshAuthorizedKeys, `users[${i}].sshAuthorizedKeys`);
        return entry;
      }),
    ];
  }
  if (o.packages?.length) {
    doc.package_update = o.packageUpdate ?? true;
    doc.packages = o.packages;
  }
  if (o.runcmd?.length) doc.runcmd = o.runcmd;

  const text = '#cloud-config\n' + YAML.stringify(doc, { lineWidth: 0 });
  const bytes = Buffer.byteLength(text, 'utf8');
  const max = o.maxBytes ?? MAX_USER_DATA_BYTES;
  if (bytes > max) {
    throw new CloudInitError(`cloud-init user data is ${bytes} bytes; the limit is ${max} bytes (Lambda user_data is at most 1 MiB)`);
  }
  // Parse back what we emit: catches any serialisation surprise before it reaches an instance.
  const back = renderedSchema.safeParse(YAML.parse(text));
  if (!back.success) throw new CloudInitError(`internal: rendered cloud-init did not validate: ${back.error.message}`);
  return text;
}

/** Parses a `#cloud-config` document (e.g. from an instance's user data) and returns its authorised keys. */
export function authorizedKeysOf(cloudConfig: string): string[] {
  if (!cloudConfig.startsWith('#cloud-config\n')) throw new CloudInitError('user data does not start with "#cloud-config"');
  const doc = renderedSchema.parse(YAML.parse(cloudConfig));
  return doc.ssh_authorized_keys;
}
