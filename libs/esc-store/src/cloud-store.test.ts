import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceEnvironment } from '@sophia-ai/stack-refs/src/esc-naming';
import { PulumiCloudEscStore } from './cloud-store';
import { EscApiError } from './errors';

const TOKEN = 'pul-canary-echoed-token-7c1e';

/** A service that answers every request with `status` and a body echoing the Authorization header. */
async function echoingService(status: number, body: (auth: string) => unknown): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body(String(req.headers.authorization))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe('PulumiCloudEscStore errors never carry the token, even when the service echoes it', () => {
  const ref = serviceEnvironment('lambda-labs', 'dev');

  it('a failed read keeps the service message without the token', async () => {
    const service = await echoingService(422, (auth) => ({ message: `bad request from ${auth}` }));
    try {
      const store = new PulumiCloudEscStore({ apiUrl: service.url, token: TOKEN, attempts: 1 });
      const err = await store.read(ref).catch((e) => e);
      expect(err).toBeInstanceOf(EscApiError);
      expect(err.message).toMatch(/HTTP 422: bad request from token \[redacted\]/);
      expect(`${err.message} ${err.stack} ${JSON.stringify(err)}`).not.toContain(TOKEN);
    } finally {
      service.close();
    }
  });

  it('rejected-definition diagnostics are scrubbed too', async () => {
    const service = await echoingService(400, (auth) => ({ diagnostics: [{ summary: `unexpected ${auth}` }] }));
    try {
      const store = new PulumiCloudEscStore({ apiUrl: service.url, token: TOKEN, attempts: 1 });
      const err = await store.write(ref, 'values: {}\n', 'etag').catch((e) => e);
      expect(err.message).toMatch(/ESC rejected the definition of sophia-ai\/lambda-labs-dev: unexpected token \[redacted\]/);
      expect(err.message).not.toContain(TOKEN);
    } finally {
      service.close();
    }
  });
});
