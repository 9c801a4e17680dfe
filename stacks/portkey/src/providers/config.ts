import type * as pulumi from '@pulumi/pulumi';
import { DynamicResource } from '@sophia-ai/dynamic-provider';
import { portkeyKind, type PortkeyConnection } from './kind';

export const configKind = portkeyKind('config', 'Config', ['slug', 'configId', 'versionId']);

export interface ConfigArgs extends PortkeyConnection {
  /** Exact name within the workspace: a config of that name is adopted (its slug is the server's). */
  name: pulumi.Input<string>;
  workspaceId: pulumi.Input<string>;
  /** The gateway config (strategy, targets, retry, cache); a change makes a new version in place. */
  config: pulumi.Input<Record<string, unknown>>;
}

/** A Portkey gateway config. */
export class PortkeyConfig extends DynamicResource {
  declare readonly slug: pulumi.Output<string>;
  declare readonly configId: pulumi.Output<string>;
  declare readonly versionId: pulumi.Output<string>;
  constructor(name: string, args: ConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super(configKind, name, args, opts);
  }
}
