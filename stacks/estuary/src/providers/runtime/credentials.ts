/** Which credential a provider call uses: ESTUARY_REFRESH_TOKEN, else the configured one, else state (libs/dynamic-provider credentials.ts). */
import { defineCredentials } from '@sophia-ai/dynamic-provider/src/runtime';

const credentials = defineCredentials({ configKey: 'estuary:refreshToken', env: 'ESTUARY_REFRESH_TOKEN', prop: 'refreshToken' });

export const configure = credentials.configure;
export const resetCredentials = credentials.reset;
export const credentialFor = credentials.keyFor;
