import type * as pulumi from '@pulumi/pulumi';
import { DynamicResource } from '@sophia-ai/dynamic-provider';
import { portkeyKind, type PortkeyConnection } from './kind';

/** `key` is an output only: the gateway key, secret in state and in every output. */
export const serviceKeyKind = portkeyKind('serviceKey', 'ServiceKey', ['keyId', 'key', 'keyTransitionExpiresAt'], ['apiKey', 'key']);

export interface ServiceKeyArgs extends PortkeyConnection {
  /** Exact name within the workspace: a key of that name is adopted (and rotated: its plaintext is not readable). */
  name: pulumi.Input<string>;
  workspaceId: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Scopes, e.g. `completions.write`. */
  scopes: pulumi.Input<pulumi.Input<string>[]>;
  /** Bump to rotate the key in place (zero downtime: the old key works for `transitionMs`). Default 0. */
  rotation?: pulumi.Input<number>;
  /** How long the old key keeps working after a rotation (ms, at least 30 minutes). */
  transitionMs?: pulumi.Input<number>;
}

/** A workspace API key for a service calling the gateway. */
export class PortkeyServiceKey extends DynamicResource {
  declare readonly keyId: pulumi.Output<string>;
  /** The gateway key (secret). */
  declare readonly key: pulumi.Output<string>;
  declare readonly keyTransitionExpiresAt: pulumi.Output<string | undefined>;
  constructor(name: string, args: ServiceKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(serviceKeyKind, name, args, opts);
  }
}
