import * as pulumi from '@pulumi/pulumi';

export class Thing extends pulumi.CustomResource {
  constructor(type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(type, name, props, opts);
  }
}

/** A component with two children, one depending on the other. */
export class Store extends pulumi.ComponentResource {
  readonly bucket: Thing;
  /** Computed by the provider (never an input): unknown in a plan, as in `pulumi preview`. */
  readonly bucketArn: pulumi.Output<string>;
  constructor(name: string, args: { region: string; password: pulumi.Input<string> }, opts?: pulumi.ComponentResourceOptions) {
    super('fixture:index:Store', name, {}, opts);
    this.bucket = new Thing('fixture:index:Bucket', `${name}-bucket`, { region: args.region, public: false, arn: undefined }, { parent: this });
    this.bucketArn = (this.bucket as unknown as { arn: pulumi.Output<string> }).arn;
    new Thing('fixture:index:Database', `${name}-db`, { password: args.password, bucket: this.bucket.id }, { parent: this, dependsOn: [this.bucket] });
    this.registerOutputs({});
  }
}
