import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultController, type FaultSettings } from './faults';
import type { Emulator, EmulatorRequest, EmulatorResponse } from './types';

/** One request as the sandbox saw it (no headers or bodies: they can hold credentials). */
export interface RequestLogEntry {
  method: string;
  path: string;
  status: number | 'dropped';
  fault?: 'rateLimit' | 'serverError' | 'drop' | 'delay';
}

export interface RunningEmulator {
  readonly emulator: Emulator;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly faults: FaultController;
  /** Every request served (newest last); `/_sandbox/*` control requests are not logged. */
  readonly requests: RequestLogEntry[];
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  now?: () => number;
}

class BadJson extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, r: EmulatorResponse): void {
  const headers: Record<string, string> = { ...r.headers };
  let payload: string | Buffer | undefined;
  if (r.body === undefined) payload = undefined;
  else if (typeof r.body === 'string' || Buffer.isBuffer(r.body)) payload = r.body;
  else {
    payload = JSON.stringify(r.body);
    headers['content-type'] ??= 'application/json';
  }
  res.writeHead(r.status, headers);
  res.end(payload);
}

const defaultErrorBody = (_status: number, code: string, message: string) => ({ error: { code, message } });

/**
 * Serves one emulator on loopback with a fault controller in front of it. Order per request: control API
 * (`/_sandbox/...`) → latency → 429 fault → 5xx fault → delay fault (held before the emulator acts) →
 * emulator → drop fault (socket destroyed after the emulator acted) → answer.
 *
 * Control API: `GET /_sandbox/faults`, `POST /_sandbox/faults` (FaultSettings JSON), `DELETE /_sandbox/faults`,
 * `POST /_sandbox/reset` (state + faults), `GET /_sandbox/requests`.
 */
export async function serveEmulator(emulator: Emulator, opts: ServeOptions = {}): Promise<RunningEmulator> {
  const faults = new FaultController(opts.now, (s) => emulator.control?.(s));
  const requests: RequestLogEntry[] = [];
  const errorBody = (status: number, code: string, message: string) =>
    (emulator.errorBody ?? defaultErrorBody)(status, code, message);

  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      const method = (req.method ?? 'GET').toUpperCase();
      const path = url.pathname;
      const body = await readBody(req);

      if (path.startsWith('/_sandbox/')) {
        return send(res, control(method, path, body));
      }
      if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));

      const retryAfter = faults.takeRateLimit(method, path);
      if (retryAfter !== undefined) {
        requests.push({ method, path, status: 429, fault: 'rateLimit' });
        return send(res, { status: 429, headers: retryAfter ? { 'retry-after': retryAfter } : {}, body: errorBody(429, 'global/rate-limited', 'Too many requests (sandbox fault).') });
      }
      const failStatus = faults.takeServerError(method, path);
      if (failStatus !== undefined) {
        requests.push({ method, path, status: failStatus, fault: 'serverError' });
        return send(res, { status: failStatus, body: errorBody(failStatus, 'provider/internal-unavailable', 'Provider unavailable (sandbox fault).') });
      }

      const emReq: EmulatorRequest = {
        method,
        path,
        query: url.searchParams,
        headers: req.headers,
        body,
        json<T>(): T {
          if (body.length === 0) return {} as T;
          try {
            return JSON.parse(body.toString('utf8')) as T;
          } catch {
            throw new BadJson('Request body is not valid JSON.');
          }
        },
      };
      const delayMs = faults.takeDelay(method, path);
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      let answer: EmulatorResponse;
      try {
        answer = (await emulator.handle(emReq)) ?? { status: 404, body: errorBody(404, 'global/object-does-not-exist', `No route ${method} ${path}.`) };
      } catch (err) {
        if (err instanceof BadJson) answer = { status: 400, body: errorBody(400, 'global/invalid-parameters', err.message) };
        else throw err;
      }
      if (faults.takeDrop(method, path)) {
        requests.push({ method, path, status: 'dropped', fault: 'drop' });
        req.socket.destroy();
        return;
      }
      requests.push({ method, path, status: answer.status });
      send(res, answer);
    } catch (err) {
      // Emulator bug: answer 500 with the message (emulators hold no secrets) to make failures debuggable.
      if (!res.headersSent) send(res, { status: 500, body: errorBody(500, 'global/internal-error', `Sandbox error: ${(err as Error).message}`) });
    }
  });

  function control(method: string, path: string, body: Buffer): EmulatorResponse {
    const parse = (): FaultSettings => (body.length ? JSON.parse(body.toString('utf8')) : {});
    try {
      if (path === '/_sandbox/faults' && method === 'GET') return { status: 200, body: { faults: faults.snapshot(), injected: faults.injected } };
      if (path === '/_sandbox/faults' && method === 'POST') return { status: 200, body: { faults: faults.apply(parse()).snapshot() } };
      if (path === '/_sandbox/faults' && method === 'DELETE') return { status: 200, body: { faults: faults.clear().snapshot() } };
      if (path === '/_sandbox/reset' && method === 'POST') {
        faults.clear();
        emulator.reset?.();
        requests.length = 0;
        return { status: 200, body: { reset: true } };
      }
      if (path === '/_sandbox/requests' && method === 'GET') return { status: 200, body: { requests } };
    } catch (err) {
      return { status: 400, body: { error: { code: 'sandbox/bad-request', message: (err as Error).message } } };
    }
    return { status: 404, body: { error: { code: 'sandbox/not-found', message: `No sandbox control route ${method} ${path}` } } };
  }

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    emulator,
    url: `http://${host}:${port}`,
    port,
    faults,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
