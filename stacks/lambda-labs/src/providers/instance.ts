import type * as pulumi from '@pulumi/pulumi';
import { DynamicResource } from '@sophia-ai/dynamic-provider';
import { lambdaKind, type LambdaCredentials } from './kind';

export const instanceKind = lambdaKind('instance', 'Instance', ['instanceId', 'ip', 'privateIp', 'status', 'launchToken']);

export interface InstanceArgs extends LambdaCredentials {
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
export class LambdaInstance extends DynamicResource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly ip: pulumi.Output<string>;
  declare readonly privateIp: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly userData: pulumi.Output<string | undefined>;
  constructor(name: string, args: InstanceArgs, opts?: pulumi.CustomResourceOptions) {
    super(instanceKind, name, args, opts);
  }
}
