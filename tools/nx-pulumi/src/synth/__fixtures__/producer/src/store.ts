import * as pulumi from '@pulumi/pulumi';

export class Thing extends pulumi.CustomResource {
  constructor(type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(type, name, props, opts);
  }
}

/** A component with two children, one depending on the other. */
export class Store extends pulumi.ComponentResource {
  readonly bucket: Thing;
  constructor(name: string, args: { region: string; password: pulumi.Input<string> }, opts?: pulumi.ComponentResourceOptions) {
    super('fixture:index:Store', name, {}, opts);
    this.bucket = new Thing('fixture:index:Bucket', `${name}-bucket`, { region: args.region, public: false }, { parent: this });
    new Thing('fixture:index:Database', `${name}-db`, { password: args.password, bucket: this.bucket.id }, { parent: this, dependsOn: [this.bucket] });
    this.registerOutputs({});
  }
}
