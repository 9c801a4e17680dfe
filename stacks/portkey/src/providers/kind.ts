import type * as pulumi from '@pulumi/pulumi';
import { defineKind, type ResourceKind } from '@sophia-ai/dynamic-provider';

/** The runtime module every Portkey kind's serialized provider loads at call time (runtime/index.ts). */
export const PORTKEY_RUNTIME = '@sophia-ai/portkey/src/providers/runtime';

/** A Portkey resource kind: `kind` is its export in runtime/index.ts, the URN type `dynamic/portkey:<type>`. */
export const portkeyKind = (kind: string, type: string, outputs: readonly string[], secrets: readonly string[] = ['apiKey']): ResourceKind =>
  defineKind({ runtime: PORTKEY_RUNTIME, kind, type: `portkey:${type}`, outputs, secrets });

/** Every Portkey kind takes the Admin API key (a secret in and out) and the API's base URL. */
export interface PortkeyConnection {
  /** Organisation Admin API key (secret). */
  apiKey: pulumi.Input<string>;
  /** Base URL of the Admin API without /v1 (`PORTKEY_API_URL` overrides it at call time). */
  apiUrl: pulumi.Input<string>;
}
