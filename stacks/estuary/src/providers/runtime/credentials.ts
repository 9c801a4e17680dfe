/** Which API key a provider call uses: ESTUARY_API_KEY, else the configured key, else state (libs/dynamic-provider credentials.ts). */
import { defineCredentials } from '@sophia-ai/dynamic-provider/src/runtime';

const credentials = defineCredentials({ configKey: 'estuary:apiKey', env: 'ESTUARY_API_KEY' });

export const configure = credentials.configure;
export const resetCredentials = credentials.reset;
export const apiKeyFor = credentials.keyFor;
