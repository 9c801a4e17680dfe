/**
 * GitHub: who the token is. A user or fine-grained token answers `GET /user`; an App installation token
 * (`ghs_…`) has no user, so it lists one repository of its installation instead.
 */
import { runHttpProbe } from './http-probe';
import type { Probe } from './types';

const KEY = 'github:token';
const isInstallationToken = (token: string | undefined) => token?.startsWith('ghs_') === true;

export const githubProbe: Probe = {
  service: 'github',
  keys: [KEY],
  baseUrlEnv: 'GITHUB_API_URL',
  run: (values, opts) => {
    const installation = isInstallationToken(values[KEY]);
    const path = installation ? '/installation/repositories' : '/user';
    return runHttpProbe(
      {
        service: 'github',
        keys: [KEY],
        call: `GET ${path}`,
        defaultBaseUrl: 'https://api.github.com',
        headers: (v) => ({ authorization: `Bearer ${v[KEY]!}`, 'x-github-api-version': '2022-11-28' }),
        exchange: async (client) => {
          if (installation) {
            const res = await client.get<{ total_count?: number }>(path, { query: { per_page: 1 } });
            return `the installation token was accepted (${res.data?.total_count ?? 0} repositories)`;
          }
          const res = await client.get<{ login?: string }>(path);
          return `the token was accepted${res.data?.login ? ` (user ${res.data.login})` : ''}`;
        },
      },
      values,
      opts,
    );
  },
};
