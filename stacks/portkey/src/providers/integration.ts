import type * as pulumi from '@pulumi/pulumi';
import { DynamicResource } from '@sophia-ai/dynamic-provider';
import { portkeyKind, type PortkeyConnection } from './kind';

/** `key` is a credential too: secret in, never in the outputs (state keeps a keyed hash). */
export const integrationKind = portkeyKind('integration', 'Integration', ['integrationId', 'keyHash', 'keySalt'], ['apiKey', 'key']);

export interface IntegrationArgs extends PortkeyConnection {
  /** Caller-chosen slug (`^[a-zA-Z0-9_-]+$`): a retried create adopts it. A new slug replaces the integration. */
  slug: pulumi.Input<string>;
  name: pulumi.Input<string>;
  /** The AI provider (`ai_provider_id`), e.g. openai, anthropic. A change replaces the integration. */
  aiProvider: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** The AI provider's API key (secret, write-only). */
  key: pulumi.Input<string>;
}

/** An organisation-level Portkey integration: one AI provider account. */
export class PortkeyIntegration extends DynamicResource {
  declare readonly slug: pulumi.Output<string>;
  declare readonly integrationId: pulumi.Output<string>;
  constructor(name: string, args: IntegrationArgs, opts?: pulumi.CustomResourceOptions) {
    super(integrationKind, name, args, opts);
  }
}
