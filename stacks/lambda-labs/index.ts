import * as pulumi from '@pulumi/pulumi';
import { loadConfig } from '@sophia-ai/config';
import { lambdaLabsConfig } from '@sophia-ai/lambda-labs-config';
import { lambdaLabsStack } from '@sophia-ai/lambda-labs-contract';
import { declareOutputs } from '@sophia-ai/stack-refs';
import { LambdaPlatform } from './src/components/platform';

const env = pulumi.getStack();
const config = loadConfig(lambdaLabsConfig);

// The namespace's keys are the component's settings, by name: the typed config is passed as is.
const platform = new LambdaPlatform('lambda', { env, ...config });

export = declareOutputs(lambdaLabsStack, {
  platform_ip: platform.platformIp,
  instance_ids: platform.instanceIds,
  ssh_command: platform.sshCommand,
  ssh_key_name: platform.sshKeyName,
  region: config.region,
});
