import * as command from '@pulumi/command';
import * as pulumi from '@pulumi/pulumi';
import { SophiaComponent } from '@sophia-ai/component';
import { keySyncEnvironment, LOCAL_SYNC_SCRIPT } from '../logic/key-sync';
import { planPlatform, sshCommand, type PlatformSettings } from '../logic/plan';
import { LambdaFilesystem, LambdaFirewallRuleset, LambdaInstance, LambdaSshKey } from '../providers/resources';

export interface LambdaPlatformArgs extends PlatformSettings {
  /** Lambda API key; must be a secret Output (it is passed to every dynamic resource as a secret input). */
  apiKey: pulumi.Input<string>;
  /** Run `ssh ... cloud-init status --wait` from the machine running `pulumi up` after each instance is active. Default false. */
  verifySsh?: boolean;
  /** Local private key path for `verifySsh`, `syncSshKeys` and the printed ssh command. Default `~/.ssh/pulumi_lambda_key`. */
  privateKeyPath?: string;
  /**
   * Carry `sshPublicKeys` changes to running instances over SSH (one tracked command per instance) instead of
   * only to new instances' cloud-init. Connects with `privateKeyPath`, then `<privateKeyPath>.previous`. Default false.
   */
  syncSshKeys?: boolean;
  /** Protect the filesystem (data) against deletion; default true in production. */
  protectFilesystem?: boolean;
}

/**
 * The GPU platform on Lambda Cloud: the operator's SSH key, an SSH-only firewall ruleset, an optional
 * persistent filesystem and N instances whose cloud-init authorises the ESC public keys.
 */
export class LambdaPlatform extends SophiaComponent {
  readonly sshKey: LambdaSshKey;
  readonly firewall: LambdaFirewallRuleset;
  readonly filesystem?: LambdaFilesystem;
  readonly instances: LambdaInstance[];
  /** Public IPv4 of the first instance. */
  readonly platformIp: pulumi.Output<string>;
  readonly instanceIds: pulumi.Output<string[]>;
  readonly sshCommand: pulumi.Output<string>;
  readonly sshKeyName: pulumi.Output<string>;
  readonly warnings: string[];

  constructor(name: string, args: LambdaPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('lambda-labs', 'Platform', name, opts);
    // Children are named `<name>-<suffix>` (derived and checked by the base) and parented here.
    const plan = planPlatform(args);
    this.warnings = plan.warnings;
    for (const w of plan.warnings) pulumi.log.warn(w, this);

    this.sshKey = new LambdaSshKey(this.childName('ssh-key'), { apiKey: args.apiKey, name: plan.sshKeyName, publicKey: plan.launchPublicKey }, this.childOptions());
    this.firewall = new LambdaFirewallRuleset(this.childName('firewall'), { apiKey: args.apiKey, name: plan.rulesetName, region: args.region, rules: plan.rules }, this.childOptions());
    if (plan.filesystemName) {
      this.filesystem = new LambdaFilesystem(
        this.childName('filesystem'),
        { apiKey: args.apiKey, name: plan.filesystemName, region: args.region },
        this.childOptions({ protect: args.protectFilesystem ?? args.env === 'production' }),
      );
    }
    this.instances = plan.instances.map(
      (inst, i) =>
        new LambdaInstance(
          this.childName(`gpu-${i + 1}`),
          {
            apiKey: args.apiKey,
            region: args.region,
            instanceType: args.instanceType,
            sshKeyName: this.sshKey.name,
            name: inst.name,
            hostname: inst.hostname,
            tags: plan.tags,
            image: plan.image,
            fileSystemNames: this.filesystem ? [this.filesystem.name] : [],
            firewallRulesetIds: [this.firewall.rulesetId],
            userData: inst.userData,
            attachedRegions: [this.firewall.region, ...(this.filesystem ? [this.filesystem.region] : [])],
          },
          this.childOptions(),
        ),
    );

    const keyPath = args.privateKeyPath ?? '~/.ssh/pulumi_lambda_key';
    if (args.verifySsh) {
      this.instances.forEach(
        (instance, i) =>
          new command.local.Command(
            this.childName(`gpu-${i + 1}-cloud-init`),
            {
              // The key stays on this machine: ssh reads it from disk; nothing secret enters the command or state.
              create:
                'ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o ConnectTimeout=20 -o ConnectionAttempts=15 ' +
                '-i "${KEY_PATH/#\\~/$HOME}" "ubuntu@$HOST" cloud-init status --wait',
              environment: { HOST: instance.ip, KEY_PATH: keyPath },
              interpreter: ['/bin/bash', '-c'],
              triggers: [instance.instanceId],
            },
            this.childOptions({ dependsOn: [instance] }),
          ),
      );
    }

    if (args.syncSshKeys) {
      this.instances.forEach(
        (instance, i) =>
          new command.local.Command(
            this.childName(`gpu-${i + 1}-ssh-keys`),
            {
              // create: right after launch (cloud-init has the same keys); update: every change of the key list,
              // which authorises the current keys and removes those of the previous run that are gone.
              create: LOCAL_SYNC_SCRIPT,
              update: LOCAL_SYNC_SCRIPT,
              addPreviousOutputInEnv: true,
              environment: instance.ip.apply((ip) => keySyncEnvironment(ip, plan.publicKeys, [keyPath, `${keyPath}.previous`])),
              interpreter: ['/bin/bash', '-c'],
              triggers: [instance.instanceId],
            },
            this.childOptions({ dependsOn: [instance] }),
          ),
      );
    }

    this.platformIp = this.instances[0].ip;
    this.instanceIds = pulumi.all(this.instances.map((x) => x.instanceId));
    this.sshCommand = this.platformIp.apply((ip) => sshCommand(ip, 'ubuntu', keyPath));
    this.sshKeyName = this.sshKey.name;
    this.registerOutputs({ platformIp: this.platformIp, instanceIds: this.instanceIds, sshCommand: this.sshCommand, sshKeyName: this.sshKeyName });
  }
}
