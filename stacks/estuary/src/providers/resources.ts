/** Every estuary resource kind (what components import); one file per kind beside this one. */
export { EstuaryItem, itemKind, type EstuaryItemArgs } from './item';
