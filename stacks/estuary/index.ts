import * as pulumi from '@pulumi/pulumi';
import { loadConfig } from '@sophia-ai/config';
import { estuaryConfig } from '@sophia-ai/estuary-config';
import { estuaryStack } from '@sophia-ai/estuary-contract';
import { declareOutputs } from '@sophia-ai/stack-refs';
import { EstuaryPlatform } from './src/components/platform';
import { planEstuary } from './src/plan';

const config = loadConfig(estuaryConfig);
const platform = new EstuaryPlatform('estuary', { ...config, plan: planEstuary(config, pulumi.getStack()) });

export = declareOutputs(estuaryStack, platform.outputs);
