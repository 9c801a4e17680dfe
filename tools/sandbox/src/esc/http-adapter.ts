import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator, EmulatorRequest } from '../core/types';

/**
 * Serves one emulator on 127.0.0.1 (port 0) with a plain http server — for tests of this folder and as a
 * stand-alone fallback. The sandbox core server adds faults on top; this adapter does none.
 */
export async function serveEmulator(emulator: Emulator): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks);
      const request: EmulatorRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json<T>() {
          return JSON.parse(body.toString('utf8') || 'null') as T;
        },
      };
      try {
        const out = (await emulator.handle(request)) ?? { status: 404, body: { code: 404, message: 'Not Found' } };
        const headers: Record<string, string> = { ...(out.headers ?? {}) };
        let payload: Buffer | undefined;
        if (out.body === undefined) payload = undefined;
        else if (typeof out.body === 'string' || Buffer.isBuffer(out.body)) payload = Buffer.from(out.body as string);
        else {
          payload = Buffer.from(JSON.stringify(out.body));
          headers['Content-Type'] ??= 'application/json';
        }
        res.writeHead(out.status, headers);
        res.end(req.method === 'HEAD' ? undefined : payload);
      } catch (e) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code: 500, message: (e as Error).message }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
