import type * as pulumi from '@pulumi/pulumi';
import { DynamicResource } from '@sophia-ai/dynamic-provider';
import { estuaryKind } from './kind';

export const itemKind = estuaryKind('item', 'Item', ['itemId']);

export interface EstuaryItemArgs {
  /** API key (secret). */
  apiKey: pulumi.Input<string>;
  /** Base URL of the API (`ESTUARY_API_URL` overrides it at call time). */
  apiUrl: pulumi.Input<string>;
  /** Name at the service: unique, 1-63 lowercase letters, digits and -. A new name replaces the item. */
  name: pulumi.Input<string>;
  /** Free text, at most 256 characters; updated in place. Default: none. */
  description?: pulumi.Input<string>;
}

/** One item at the estuary API (the scaffold's example kind: rename it after the service's first object). */
export class EstuaryItem extends DynamicResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly itemId: pulumi.Output<string>;
  constructor(name: string, args: EstuaryItemArgs, opts?: pulumi.CustomResourceOptions) {
    super(itemKind, name, args, opts);
  }
}
