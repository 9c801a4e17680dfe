/**
 * GitHub: who the token is. A user or fine-grained token answers `GET /user`; an App installation token
 * (`ghs_…`) has no user, so it lists one repository of its installation instead.
 */
import { httpProbe } from './http-probe';

const KEY = 'github:token';
const headers = (v: Readonly<Record<string, string | undefined>>) => ({ authorization: `Bearer ${v[KEY]!}`, 'x-github-api-version': '2022-11-28' });
const defaultBaseUrl = 'https://api.github.com';

export const githubProbe = httpProbe({ service: 'github', keys: [KEY], baseUrlEnv: 'GITHUB_API_URL' }, (values) =>
  values[KEY]?.startsWith('ghs_')
    ? {
        call: 'GET /installation/repositories',
        defaultBaseUrl,
        headers,
        exchange: async (client) => {
          const res = await client.get<{ total_count?: number }>('/installation/repositories', { query: { per_page: 1 } });
          return `the installation token was accepted (${res.data?.total_count ?? 0} repositories)`;
        },
      }
    : {
        call: 'GET /user',
        defaultBaseUrl,
        headers,
        exchange: async (client) => {
          const res = await client.get<{ login?: string }>('/user');
          return `the token was accepted${res.data?.login ? ` (user ${res.data.login})` : ''}`;
        },
      },
);
