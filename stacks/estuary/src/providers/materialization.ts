import type * as pulumi from '@pulumi/pulumi';
import { CatalogEntity, estuaryKind, type TaskArgs } from './kind';

export const materializationKind = estuaryKind('materialization', 'Materialization');

/** An Estuary materialization: a destination connector (its `syncSchedule` in the endpoint config) and its bindings. */
export class EstuaryMaterialization extends CatalogEntity {
  declare readonly encryptedConfig: pulumi.Output<Record<string, unknown>>;
  constructor(name: string, args: TaskArgs, opts?: pulumi.CustomResourceOptions) {
    super(materializationKind, name, args, opts);
  }
}
