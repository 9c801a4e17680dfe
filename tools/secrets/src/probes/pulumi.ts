/**
 * Pulumi Cloud: the access token the CLI runs with (PULUMI_ACCESS_TOKEN: stacks/esc, every stack's ESC import
 * and the sync read through it) answers `GET /api/user`, what `pulumi whoami` calls. It is no namespace key,
 * so it is named by its environment variable.
 */
import { httpProbe } from './http-probe';

/** The probe's input key: the process environment's PULUMI_ACCESS_TOKEN. */
export const PULUMI_TOKEN_KEY = 'env:PULUMI_ACCESS_TOKEN';

export const pulumiProbe = httpProbe(
  // The ESC store's variable: the same host serves the ESC and Pulumi Cloud APIs.
  { service: 'pulumi', keys: [PULUMI_TOKEN_KEY], baseUrlEnv: 'ESC_API_URL' },
  {
    call: 'GET /api/user',
    defaultBaseUrl: 'https://api.pulumi.com',
    headers: (v) => ({ authorization: `token ${v[PULUMI_TOKEN_KEY]!}` }),
    exchange: async (client) => {
      const res = await client.get<{ githubLogin?: string }>('/api/user');
      return `the access token was accepted${res.data?.githubLogin ? ` (user ${res.data.githubLogin})` : ''}`;
    },
  },
);
