import * as pulumi from '@pulumi/pulumi';
import { loadConfig } from '@sophia-ai/config';
import { portkeyConfig } from '@sophia-ai/portkey-config';
import { portkeyStack } from '@sophia-ai/portkey-contract';
import { declareOutputs } from '@sophia-ai/stack-refs';
import { PortkeyPlatform } from './src/components/platform';
import { planPortkey } from './src/plan';

const config = loadConfig(portkeyConfig);
const platform = new PortkeyPlatform('portkey', {
  plan: planPortkey(config, pulumi.getStack()),
  apiKey: config.apiKey,
  apiUrl: config.apiUrl,
  integrationKeys: config.integrationKeys,
});

export = declareOutputs(portkeyStack, platform.outputs);
