import * as pulumi from '@pulumi/pulumi';
import { childName } from '../logic/naming';

/**
 * Base of the stack's components: children are named `<component name>-<suffix>` and parented to the component,
 * and outputs are registered once the subclass is done.
 */
export abstract class SophiaComponent extends pulumi.ComponentResource {
  protected constructor(type: string, readonly componentName: string, opts?: pulumi.ComponentResourceOptions) {
    super(type, componentName, {}, opts);
  }

  /** Name of a child resource of this component. */
  protected child(suffix: string): string {
    return childName(this.componentName, suffix);
  }

  /** Options for a child resource: parented to this component. */
  protected childOpts<T extends pulumi.CustomResourceOptions | pulumi.ComponentResourceOptions>(extra?: T): T {
    return { ...(extra ?? ({} as T)), parent: this };
  }
}
