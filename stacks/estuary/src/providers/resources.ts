/** Every estuary resource kind (what components import); one file per kind beside this one. */
export { EstuaryCollection, collectionKind } from './collection';
export { EstuaryCapture, captureKind } from './capture';
export { EstuaryMaterialization, materializationKind } from './materialization';
export type { CatalogEntityArgs, TaskArgs, EstuaryConnection } from './kind';
