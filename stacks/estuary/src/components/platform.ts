import * as pulumi from '@pulumi/pulumi';
import { SophiaComponent } from '@sophia-ai/component';
import type { ContractInputs } from '@sophia-ai/stack-refs';
import type { estuaryStack } from '@sophia-ai/estuary-contract';
import { EstuaryItem } from '../providers/resources';
import type { EstuaryPlan } from '../plan';

export interface EstuaryPlatformArgs {
  /** The complete plan (src/plan.ts): what to create, decided before any resource. */
  plan: EstuaryPlan;
  /** API key of the account (secret; from `estuary:apiKey`). */
  apiKey: pulumi.Input<string>;
  /** Base URL of the API (from `estuary:apiUrl`; `ESTUARY_API_URL` overrides it at call time). */
  apiUrl: pulumi.Input<string>;
}

/**
 * Everything stacks/estuary manages, as one component (`sophia:estuary:Platform`). Children are named
 * `<name>-<item key>` (SophiaComponent.childName, checked) and parented here: one EstuaryItem per planned item.
 */
export class EstuaryPlatform extends SophiaComponent {
  /** The contract's outputs, ready for `declareOutputs`. */
  readonly outputs: ContractInputs<typeof estuaryStack>;

  constructor(name: string, args: EstuaryPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('estuary', 'Platform', name, opts);
    const items = args.plan.items.map(
      (item) => new EstuaryItem(this.childName(item.key), { apiKey: args.apiKey, apiUrl: args.apiUrl, name: item.name }, this.childOptions()),
    );
    this.outputs = { names: pulumi.all(items.map((i) => i.name)) };
    this.registerOutputs(this.outputs);
  }
}
