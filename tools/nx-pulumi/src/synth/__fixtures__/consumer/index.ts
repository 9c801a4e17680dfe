import * as pulumi from '@pulumi/pulumi';

class Site extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs) {
    super('fixture:index:Site', name, props);
  }
}

const config = new pulumi.Config();
const producer = new pulumi.StackReference('sophia-ai/producer/local');
new Site('site', {
  endpoint: producer.getOutput('endpoint'),
  password: producer.getOutput('adminPassword'),
  public: config.requireBoolean('public'),
  bucketArn: producer.getOutput('bucketArn'),
});

export const upstreamEndpoint = producer.getOutput('endpoint');
export const upstreamPassword = producer.getOutput('adminPassword');
