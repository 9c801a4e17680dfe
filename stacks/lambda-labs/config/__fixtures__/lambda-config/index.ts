import { loadConfig } from '@sophia-ai/config';
import { lambdaLabsConfig } from '@sophia-ai/lambda-labs-config';

// The first line of stacks/lambda-labs/index.ts: config errors surface exactly as `nx run lambda-labs:synth` shows them.
const config = loadConfig(lambdaLabsConfig);
export const region = config.region;
