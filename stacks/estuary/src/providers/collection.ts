import type * as pulumi from '@pulumi/pulumi';
import { CatalogEntity, estuaryKind, type CatalogEntityArgs } from './kind';

export const collectionKind = estuaryKind('collection', 'Collection');

/** An Estuary collection (key + JSON schema). Tasks that use it depend on it: published first, deleted last. */
export class EstuaryCollection extends CatalogEntity {
  constructor(name: string, args: CatalogEntityArgs, opts?: pulumi.CustomResourceOptions) {
    super(collectionKind, name, args, opts);
  }
}
