/** Which Lambda API key a provider call uses: LAMBDA_API_KEY, else the configured key, else state (see the library's credentials.ts). */
import { defineCredentials } from '@sophia-ai/dynamic-provider/src/runtime';

export const API_KEY_CONFIG = 'lambda-labs:apiKey';
export const API_KEY_ENV = 'LAMBDA_API_KEY';

const credentials = defineCredentials({ configKey: API_KEY_CONFIG, env: API_KEY_ENV });

export const configure = credentials.configure;
export const resetCredentials = credentials.reset;
export const apiKeyFor = credentials.keyFor;
