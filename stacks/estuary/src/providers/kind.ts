import type * as pulumi from '@pulumi/pulumi';
import { defineKind, DynamicResource, type ResourceKind } from '@sophia-ai/dynamic-provider';

/** The runtime module every estuary kind's serialized provider loads at call time (runtime/index.ts). */
export const ESTUARY_RUNTIME = '@sophia-ai/estuary/src/providers/runtime';

/** Outputs every catalog entity has besides its inputs. */
const OUTPUTS = ['lastPubId', 'encryptedConfig', 'secretsSalt', 'secretsHash'] as const;

/** An estuary catalog kind: `kind` is its export in runtime/index.ts, the URN type `dynamic/estuary:<type>`. */
export const estuaryKind = (kind: string, type: string): ResourceKind =>
  defineKind({ runtime: ESTUARY_RUNTIME, kind, type: `estuary:${type}`, outputs: OUTPUTS, secrets: ['refreshToken', 'endpointSecrets'] });

/** Where and as whom every entity is published. */
export interface EstuaryConnection {
  /** Refresh token or service API key (secret; `ESTUARY_REFRESH_TOKEN` overrides it at call time). */
  refreshToken: pulumi.Input<string>;
  /** PostgREST base URL (`ESTUARY_API_URL` overrides it at call time). */
  apiUrl: pulumi.Input<string>;
  /** Config-encryption base URL (`ESTUARY_ENCRYPTION_URL` overrides it at call time). */
  encryptionUrl: pulumi.Input<string>;
  /** Data plane of the publication; a change replaces the entity. */
  dataPlane: pulumi.Input<string>;
}

export interface CatalogEntityArgs extends EstuaryConnection {
  /** `tenant/prefix/name`; a new name is a new entity (replace). */
  catalogName: pulumi.Input<string>;
  /** The catalog model, as flow.yaml holds it; a task's endpoint config without its secret fields. Updated in place. */
  spec: pulumi.Input<Record<string, unknown>>;
}

export interface TaskArgs extends CatalogEntityArgs {
  /** JSON pointer → secret endpoint value, merged into the config and encrypted before it leaves the process. */
  endpointSecrets?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** A catalog entity: id = catalog name; `lastPubId` is what the next publication expects. */
export abstract class CatalogEntity extends DynamicResource {
  declare readonly catalogName: pulumi.Output<string>;
  declare readonly spec: pulumi.Output<Record<string, unknown>>;
  declare readonly lastPubId: pulumi.Output<string>;
}
