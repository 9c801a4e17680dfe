import * as pulumi from '@pulumi/pulumi';
import { ExpectedError } from '@sophia-ai/policy';
import { Store } from './src/store';

const config = new pulumi.Config();
if (config.getBoolean('explode')) {
  throw new Error('producer exploded on purpose');
}
/** A refusal the program planned for (like the stacks' PlatformSpecError): its message is the whole story. */
class ProducerSpecError extends ExpectedError {}
if (config.getBoolean('refuse')) {
  throw new ProducerSpecError('producer refuses: region must be one of us-west-1, us-east-1');
}
const region = config.require('region');
const password = config.requireSecret('dbPassword');
const settings = config.requireObject<{ tier: string }>('settings');
const store = new Store('data', { region, password });

export const storeName = store.bucket.id;
export const endpoint = pulumi.interpolate`https://${region}.example/${store.bucket.id}`;
export const adminPassword = pulumi.secret(password);
export const tier = settings.tier;
export const bucketArn = store.bucketArn;
export const regions = ['us-west-1', 'us-east-1', 'europe-central-1', 'asia-northeast-1', 'asia-northeast-2', 'australia-east-1', 'me-west-1', 'us-midwest-1'];
