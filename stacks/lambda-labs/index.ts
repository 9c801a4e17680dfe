import * as pulumi from '@pulumi/pulumi';
import { loadConfig } from '@sophia-ai/config';
import { lambdaLabsConfig } from '@sophia-ai/lambda-labs-config';
import { lambdaLabsStack } from '@sophia-ai/lambda-labs-contract';
import { declareOutputs } from '@sophia-ai/stack-refs';
import { LambdaPlatform } from './src/components/platform';

const env = pulumi.getStack();
const config = loadConfig(lambdaLabsConfig);

const platform = new LambdaPlatform('lambda', {
  env,
  apiKey: config.apiKey,
  region: config.region,
  instanceType: config.instanceType,
  instanceCount: config.instanceCount,
  namePrefix: config.namePrefix,
  sshPublicKeys: config.sshPublicKeys,
  allowedSshCidrs: config.allowedSshCidrs,
  allowOpenSsh: config.allowOpenSsh,
  filesystemName: config.filesystemName,
  imageFamily: config.imageFamily,
  tags: config.tags,
  verifySsh: config.verifySsh,
  syncSshKeys: config.syncSshKeys,
});

export = declareOutputs(lambdaLabsStack, {
  platform_ip: platform.platformIp,
  instance_ids: platform.instanceIds,
  ssh_command: platform.sshCommand,
  ssh_key_name: platform.sshKeyName,
  region: config.region,
});
