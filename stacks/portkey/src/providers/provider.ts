import type * as pulumi from '@pulumi/pulumi';
import type { RateLimit, UsageLimit } from '@sophia-ai/portkey-config';
import { DynamicResource } from '@sophia-ai/dynamic-provider';
import { portkeyKind, type PortkeyConnection } from './kind';

export const providerKind = portkeyKind('provider', 'Provider', ['status']);

export interface ProviderArgs extends PortkeyConnection {
  /** Caller-chosen slug: a retried create adopts it; the gateway addresses the provider as `@<slug>`. */
  slug: pulumi.Input<string>;
  name: pulumi.Input<string>;
  /** Id (UUID) of the workspace the provider lives in. */
  workspaceId: pulumi.Input<string>;
  /** Slug of the integration it draws on. */
  integration: pulumi.Input<string>;
  note?: pulumi.Input<string>;
  /** Budget with its cost alert; updated in place. */
  usageLimit?: pulumi.Input<UsageLimit>;
  rateLimits?: pulumi.Input<RateLimit[]>;
}

/** A Portkey provider (the successor of a virtual key) with its budget and rate limits. */
export class PortkeyProvider extends DynamicResource {
  declare readonly slug: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  constructor(name: string, args: ProviderArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerKind, name, args, opts);
  }
}
