import type * as pulumi from '@pulumi/pulumi';
import { DynamicResource } from '@sophia-ai/dynamic-provider';
import { lambdaKind, type LambdaCredentials } from './kind';

export const filesystemKind = lambdaKind('filesystem', 'Filesystem', ['mountPoint', 'filesystemId']);

export interface FilesystemArgs extends LambdaCredentials {
  /** Filesystem name (pattern and length: @sophia-ai/lambda-labs-config LAMBDA_LIMITS). */
  name: pulumi.Input<string>;
  /** Region; instances mounting it must be in the same region. */
  region: pulumi.Input<string>;
}

/** A persistent filesystem. No update endpoint: changes replace (delete first; names are unique). */
export class LambdaFilesystem extends DynamicResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;
  declare readonly mountPoint: pulumi.Output<string>;
  declare readonly filesystemId: pulumi.Output<string>;
  constructor(name: string, args: FilesystemArgs, opts?: pulumi.CustomResourceOptions) {
    super(filesystemKind, name, args, opts);
  }
}
