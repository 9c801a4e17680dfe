import type * as pulumi from '@pulumi/pulumi';
import type { RateLimit, UsageLimit } from '@sophia-ai/portkey-config';
import { DynamicResource } from '@sophia-ai/dynamic-provider';
import { portkeyKind, type PortkeyConnection } from './kind';

export const workspaceKind = portkeyKind('workspace', 'Workspace', ['workspaceId', 'slug']);

export interface WorkspaceArgs extends PortkeyConnection {
  /** Exact name: a workspace of that name is adopted (its slug is the server's). Renamed in place. */
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Metadata every request through the workspace carries by default. */
  metadata?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** The workspace's own budget (with its cost alert) and rate limit; updated in place. */
  usageLimit?: pulumi.Input<UsageLimit>;
  rateLimit?: pulumi.Input<RateLimit>;
  /** Delete providers, configs and API keys in it together with the workspace. Default false: a delete refuses. */
  forceDelete?: pulumi.Input<boolean>;
}

/** A Portkey workspace (the original plan's "project"). */
export class PortkeyWorkspace extends DynamicResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly workspaceId: pulumi.Output<string>;
  declare readonly slug: pulumi.Output<string>;
  constructor(name: string, args: WorkspaceArgs, opts?: pulumi.CustomResourceOptions) {
    super(workspaceKind, name, args, opts);
  }
}
