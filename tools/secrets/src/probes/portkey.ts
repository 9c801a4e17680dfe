/** Portkey Admin API: the admin API key lists one page of workspaces. */
import { httpProbe } from './http-probe';

const KEY = 'portkey:apiKey';

export const portkeyProbe = httpProbe(
  { service: 'portkey', keys: [KEY], baseUrlEnv: 'PORTKEY_API_URL' },
  {
    call: 'GET /v1/admin/workspaces',
    // The namespace's portkey:apiUrl default (the base URL without /v1).
    defaultBaseUrl: 'https://api.portkey.ai',
    headers: (v) => ({ 'x-portkey-api-key': v[KEY]! }),
    exchange: async (client) => {
      const res = await client.get<{ total?: number }>('/v1/admin/workspaces', { query: { page_size: 1, current_page: 0 } });
      return `the admin API key was accepted${typeof res.data?.total === 'number' ? ` (${res.data.total} workspaces)` : ''}`;
    },
  },
);
