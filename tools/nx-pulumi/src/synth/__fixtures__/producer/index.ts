import * as pulumi from '@pulumi/pulumi';
import { Store } from './src/store';

const config = new pulumi.Config();
if (config.getBoolean('explode')) {
  throw new Error('producer exploded on purpose');
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
