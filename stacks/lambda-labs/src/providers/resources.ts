import * as pulumi from '@pulumi/pulumi';
import type { FirewallRule } from '../logic/firewall';
import { filesystemProvider, firewallProvider, instanceProvider, sshKeyProvider } from './dynamic';

/** Every Lambda dynamic resource takes the API key as a secret input and keeps it secret in its outputs. */
const secretOpts = (opts?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions => ({
  ...opts,
  additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), 'apiKey'],
});

export interface SshKeyArgs {
  /** Lambda API key (secret). */
  apiKey: pulumi.Input<string>;
  /** Key name at Lambda (unique, 1-64 characters); launches reference keys by name. */
  name: pulumi.Input<string>;
  /** One OpenSSH public key line. */
  publicKey: pulumi.Input<string>;
}

/** An SSH public key registered at Lambda. No update endpoint: any change replaces it. */
export class LambdaSshKey extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly publicKey: pulumi.Output<string>;
  declare readonly keyId: pulumi.Output<string>;
  constructor(name: string, args: SshKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(sshKeyProvider, name, { ...args, apiKey: pulumi.secret(args.apiKey), keyId: undefined }, secretOpts(opts), 'lambda', 'SshKey');
  }
}

export interface FirewallRulesetArgs {
  /** Lambda API key (secret). */
  apiKey: pulumi.Input<string>;
  /** Ruleset name (at most 64 characters). */
  name: pulumi.Input<string>;
  /** Region the ruleset (and its instances) live in; changing it replaces the ruleset. */
  region: pulumi.Input<string>;
  /** Inbound rules (see logic/firewall.ts buildSshFirewallRules). */
  rules: pulumi.Input<FirewallRule[]>;
}

/** A firewall ruleset; name and rules update in place. */
export class LambdaFirewallRuleset extends pulumi.dynamic.Resource {
  declare readonly rulesetId: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;
  declare readonly rules: pulumi.Output<FirewallRule[]>;
  constructor(name: string, args: FirewallRulesetArgs, opts?: pulumi.CustomResourceOptions) {
    super(firewallProvider, name, { ...args, apiKey: pulumi.secret(args.apiKey), rulesetId: undefined }, secretOpts(opts), 'lambda', 'FirewallRuleset');
  }
}

export interface FilesystemArgs {
  /** Lambda API key (secret). */
  apiKey: pulumi.Input<string>;
  /** Filesystem name (pattern and length: esc-config LAMBDA_LIMITS). */
  name: pulumi.Input<string>;
  /** Region; instances mounting it must be in the same region. */
  region: pulumi.Input<string>;
}

/** A persistent filesystem. No update endpoint: changes replace (delete first; names are unique). */
export class LambdaFilesystem extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;
  declare readonly mountPoint: pulumi.Output<string>;
  declare readonly filesystemId: pulumi.Output<string>;
  constructor(name: string, args: FilesystemArgs, opts?: pulumi.CustomResourceOptions) {
    super(filesystemProvider, name, { ...args, apiKey: pulumi.secret(args.apiKey), mountPoint: undefined, filesystemId: undefined }, secretOpts(opts), 'lambda', 'Filesystem');
  }
}

export interface InstanceArgs {
  /** Lambda API key (secret). */
  apiKey: pulumi.Input<string>;
  /** Region code, e.g. `us-east-1`. */
  region: pulumi.Input<string>;
  /** Instance type name, e.g. `gpu_1x_a10`. */
  instanceType: pulumi.Input<string>;
  /** Name of the (already registered) Lambda SSH key. */
  sshKeyName: pulumi.Input<string>;
  /** Instance name (at most 64); the only property updated in place (rename). */
  name: pulumi.Input<string>;
  /** Hostname (`^[a-z0-9][0-9a-z-]{0,62}$`). */
  hostname?: pulumi.Input<string>;
  /** Extra tags (key → value); the provider adds `managed-by` and the launch token tag. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** `{family}` or `{id}`; omitted = Lambda's default image. */
  image?: pulumi.Input<{ family: string } | { id: string }>;
  /** Filesystems to mount (same region). */
  fileSystemNames?: pulumi.Input<pulumi.Input<string>[]>;
  /** Firewall ruleset ids (same region). */
  firewallRulesetIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** cloud-init user data (from @sophia-ai/ssh-injection buildCloudInit). */
  userData?: pulumi.Input<string>;
  /** Regions of the attached ruleset and filesystem: `check()` refuses any other than `region` at preview. */
  attachedRegions?: pulumi.Input<pulumi.Input<string>[]>;
}

/** A GPU instance: launched once, waited for `active`; renames in place, anything else relaunches. */
export class LambdaInstance extends pulumi.dynamic.Resource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly ip: pulumi.Output<string>;
  declare readonly privateIp: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly userData: pulumi.Output<string | undefined>;
  constructor(name: string, args: InstanceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      instanceProvider,
      name,
      { ...args, apiKey: pulumi.secret(args.apiKey), instanceId: undefined, ip: undefined, privateIp: undefined, status: undefined, launchToken: undefined, schemaVersion: undefined },
      secretOpts(opts),
      'lambda',
      'Instance',
    );
  }
}
