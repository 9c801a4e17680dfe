import { loadConfig } from '@sophia-ai/esc-config';
import { lambdaLabsConfig } from '@sophia-ai/lambda-labs-config';

// The first line of stacks/lambda-labs/index.ts: config errors surface exactly as `nx run lambda-labs:synth` shows them.
const config = loadConfig(lambdaLabsConfig);
export const region = config.region;
