import type * as pulumi from '@pulumi/pulumi';
import { CatalogEntity, estuaryKind, type TaskArgs } from './kind';

export const captureKind = estuaryKind('capture', 'Capture');

/** An Estuary capture: a source connector, its bindings into collections, its `interval`. */
export class EstuaryCapture extends CatalogEntity {
  declare readonly encryptedConfig: pulumi.Output<Record<string, unknown>>;
  constructor(name: string, args: TaskArgs, opts?: pulumi.CustomResourceOptions) {
    super(captureKind, name, args, opts);
  }
}
