/** Lambda Cloud: the API key lists instance types (read-only, no side effects). */
import { auth } from '@sophia-ai/http';
import { httpProbe } from './http-probe';

const KEY = 'lambda-labs:apiKey';

export const lambdaLabsProbe = httpProbe(
  { service: 'lambda-labs', keys: [KEY], baseUrlEnv: 'LAMBDA_API_URL' },
  {
    call: 'GET /api/v1/instance-types',
    // stacks/lambda-labs' DEFAULT_LAMBDA_API_URL (not imported: that module loads the provider runtime).
    defaultBaseUrl: 'https://cloud.lambda.ai',
    headers: (v) => auth.bearer(v[KEY]!),
    exchange: async (client) => {
      const res = await client.get<{ data?: Record<string, unknown> }>('/api/v1/instance-types');
      return `the API key was accepted (${Object.keys(res.data?.data ?? {}).length} instance types listed)`;
    },
  },
);
