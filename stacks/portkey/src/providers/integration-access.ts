import type * as pulumi from '@pulumi/pulumi';
import type { RateLimit, UsageLimit } from '@sophia-ai/portkey-config';
import { DynamicResource } from '@sophia-ai/dynamic-provider';
import { portkeyKind, type PortkeyConnection } from './kind';

export const integrationAccessKind = portkeyKind('integrationAccess', 'IntegrationAccess', []);

export interface IntegrationAccessArgs extends PortkeyConnection {
  /** Slug of the integration. */
  integration: pulumi.Input<string>;
  /** Id (UUID) of the workspace given access. */
  workspaceId: pulumi.Input<string>;
  /** The workspace's budget on this integration (with its cost alert); updated in place. */
  usageLimit?: pulumi.Input<UsageLimit>;
  rateLimit?: pulumi.Input<RateLimit>;
}

/** A workspace's access to an integration, with its budget. */
export class PortkeyIntegrationAccess extends DynamicResource {
  constructor(name: string, args: IntegrationAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super(integrationAccessKind, name, args, opts);
  }
}
