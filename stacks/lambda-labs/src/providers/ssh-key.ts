import type * as pulumi from '@pulumi/pulumi';
import { DynamicResource } from '@sophia-ai/dynamic-provider';
import { lambdaKind, type LambdaCredentials } from './kind';

export const sshKeyKind = lambdaKind('sshKey', 'SshKey', ['keyId']);

export interface SshKeyArgs extends LambdaCredentials {
  /** Key name at Lambda (unique, 1-64 characters); launches reference keys by name. */
  name: pulumi.Input<string>;
  /** One OpenSSH public key line. */
  publicKey: pulumi.Input<string>;
}

/** An SSH public key registered at Lambda. No update endpoint: any change replaces it. */
export class LambdaSshKey extends DynamicResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly publicKey: pulumi.Output<string>;
  declare readonly keyId: pulumi.Output<string>;
  constructor(name: string, args: SshKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(sshKeyKind, name, args, opts);
  }
}
