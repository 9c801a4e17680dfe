import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  auth, backoffDelay, DEFAULT_RETRY, HttpClient, type HttpEvent, isNotFound, isRetryableStatus, NetworkError, Pacer,
  parseRetryAfter, retryDelay, ServiceError, TimeoutError,
} from './index';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string, n: number) => void;

const CANARY = 'canary-Zq7KpR2mX9vT4wLs8NbY';
let server: Server;
let url: string;
let handler: Handler;
let hits: Array<{ method: string; url: string; body: string; auth?: string }>;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      hits.push({ method: req.method!, url: req.url!, body, auth: req.headers.authorization });
      handler(req, res, body, hits.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  hits = [];
});

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function client(extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  const sleeps: number[] = [];
  const events: HttpEvent[] = [];
  const c = new HttpClient({
    service: 'lambda',
    baseUrl: () => url,
    headers: auth.bearer(CANARY),
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    onEvent: (e) => events.push(e),
    timeoutMs: 2000,
    ...extra,
  });
  return { c, sleeps, events };
}

test('sends JSON with the caller-supplied auth header and parses JSON', async () => {
  handler = (req, res, body) => json(res, 200, { data: { echo: JSON.parse(body), ct: req.headers['content-type'] } });
  const { c } = client();
  const res = await c.post<{ data: { echo: unknown; ct: string } }>('/api/v1/x', { a: 1 }, { query: { q: 'v' } });
  expect(res.data.data).toEqual({ echo: { a: 1 }, ct: 'application/json' });
  expect(hits[0]).toMatchObject({ method: 'POST', url: '/api/v1/x?q=v', auth: `Bearer ${CANARY}` });
});

test('retries GET on 5xx then succeeds, with backoff from the injected sleep', async () => {
  handler = (_req, res, _b, n) => (n < 3 ? json(res, 503, { error: { code: 'provider/internal-unavailable', message: 'x' } }) : json(res, 200, { data: 'ok' }));
  const { c, sleeps, events } = client();
  const res = await c.get('/api/v1/instances');
  expect(res.data).toEqual({ data: 'ok' });
  expect(res.attempts).toBe(3);
  expect(hits).toHaveLength(3);
  expect(sleeps).toEqual([250, 500]); // random 0.5 * 500 * 2^(n-1)
  expect(events.filter((e) => e.type === 'retry').map((e) => (e as { reason: string }).reason)).toEqual(['HTTP 503', 'HTTP 503']);
});

test('does not retry POST on 5xx unless the caller says it is idempotent', async () => {
  handler = (_req, res) => json(res, 500, { error: { code: 'global/internal-error', message: 'boom' } });
  const { c } = client();
  await expect(c.post('/api/v1/instance-operations/launch', {})).rejects.toBeInstanceOf(ServiceError);
  expect(hits).toHaveLength(1);
  hits = [];
  await expect(c.post('/api/v1/ssh-keys', {}, { idempotent: true, retry: { maxAttempts: 3 } })).rejects.toMatchObject({ status: 500, attempts: 3 });
  expect(hits).toHaveLength(3);
});

test('429 is retried even for POST and Retry-After (seconds) is honoured', async () => {
  handler = (_req, res, _b, n) => (n === 1 ? json(res, 429, { error: { code: 'global/rate-limited', message: 'slow down' } }, { 'retry-after': '7' }) : json(res, 200, {}));
  const { c, sleeps } = client();
  await c.post('/api/v1/instance-operations/launch', {});
  expect(hits).toHaveLength(2);
  expect(sleeps).toEqual([7000]);
});

test('Retry-After as HTTP-date, and longer than maxDelay ends retrying with retryAfterMs on the error', async () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
  expect(parseRetryAfter('1.5')).toBe(1500);
  expect(parseRetryAfter('garbage')).toBeUndefined();
  expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
  handler = (_req, res) => json(res, 429, { error: { code: 'rate', message: 'm' } }, { 'retry-after': new Date(now + 3000).toUTCString() });
  const { c, sleeps } = client({ now: () => now, retry: { maxAttempts: 2 } });
  await expect(c.get('/a')).rejects.toMatchObject({ status: 429, attempts: 2, retryAfterMs: 3000 });
  expect(sleeps).toEqual([3000]);
  hits = [];
  const { c: c2, sleeps: s2 } = client({ now: () => now, retry: { maxDelayMs: 1000 } });
  await expect(c2.get('/a')).rejects.toMatchObject({ status: 429, attempts: 1, retryAfterMs: 3000 });
  expect(s2).toEqual([]);
});

test('ServiceError carries service, status, code, method and path; never the key or query string', async () => {
  handler = (_req, res) => json(res, 404, { error: { code: 'global/object-does-not-exist', message: `no such thing for Bearer ${CANARY}`, suggestion: 'check id' } });
  const { c } = client();
  const err = await c.get('/api/v1/instances/abc', { query: { token: 'q-secret' } }).catch((e) => e);
  expect(err).toBeInstanceOf(ServiceError);
  expect(err).toMatchObject({ service: 'lambda', status: 404, code: 'global/object-does-not-exist', method: 'GET', path: '/api/v1/instances/abc' });
  expect(isNotFound(err)).toBe(true);
  expect(isNotFound(err, 'other')).toBe(false);
  const all = `${err.message} ${JSON.stringify(err)} ${err.stack}`;
  expect(all).not.toContain(CANARY);
  expect(all).not.toContain('q-secret');
  expect(err.message).toContain('global/object-does-not-exist');
});

test('dropped connection: GET retried, POST not (outcome unknown), connection refused retried even for POST', async () => {
  handler = (req, res, _b, n) => (n === 1 ? req.socket.destroy() : json(res, 200, { ok: true }));
  const { c, events } = client();
  await expect(c.get('/x')).resolves.toMatchObject({ status: 200, attempts: 2 });
  expect(events[0]).toMatchObject({ type: 'retry', reason: expect.stringMatching(/^network/) });
  hits = [];
  handler = (req) => req.socket.destroy();
  const err = await c.post('/launch', {}).catch((e) => e);
  expect(err).toBeInstanceOf(NetworkError);
  expect(err.sent).toBe(true);
  expect(hits).toHaveLength(1);

  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const { c: refused, sleeps } = client({ baseUrl: `http://127.0.0.1:${closedPort}`, retry: { maxAttempts: 2 } });
  const e2 = await refused.post('/launch', {}).catch((e) => e);
  expect(e2).toBeInstanceOf(NetworkError);
  expect(e2).toMatchObject({ sent: false, attempts: 2, causeCode: 'ECONNREFUSED' });
  expect(sleeps).toHaveLength(1);
});

test('per-request timeout gives TimeoutError; idempotent requests retry it', async () => {
  handler = (_req, res, _b, n) => {
    if (n === 1) setTimeout(() => json(res, 200, { late: true }), 1500).unref();
    else json(res, 200, { ok: true });
  };
  const { c } = client();
  await expect(c.get('/slow', { timeoutMs: 100 })).resolves.toMatchObject({ data: { ok: true }, attempts: 2 });
  hits = [];
  handler = (_req, res) => void setTimeout(() => json(res, 200, {}), 1500).unref();
  const err = await c.post('/slow', {}, { timeoutMs: 100 }).catch((e) => e);
  expect(err).toBeInstanceOf(TimeoutError);
  expect(err.timeoutMs).toBe(100);
  expect(hits).toHaveLength(1);
});

test('pacing: requests of one key wait the min interval on an injected clock; other keys do not', async () => {
  let clock = 1_000_000;
  const waits: number[] = [];
  const pacer = new Pacer({ minIntervalMs: { launch: 12_000 }, now: () => clock, sleep: async (ms) => { waits.push(ms); clock += ms; } });
  handler = (_req, res) => json(res, 200, {});
  const { c, events } = client({ pacer });
  await c.post('/launch', {}, { paceKey: 'launch' });
  clock += 2_000;
  await c.post('/launch', {}, { paceKey: 'launch' });
  await c.get('/other', { paceKey: 'other' });
  expect(waits).toEqual([10_000]);
  expect(events.filter((e) => e.type === 'paced')).toHaveLength(1);
  // concurrent callers are served in order
  await Promise.all([c.post('/launch', {}, { paceKey: 'launch' }), c.post('/launch', {}, { paceKey: 'launch' })]);
  expect(waits).toEqual([10_000, 12_000, 12_000]);
});

test('a request paced under several keys waits its turn under each, on every attempt', async () => {
  let clock = 1_000_000;
  const waits: number[] = [];
  const pacer = new Pacer({ minIntervalMs: { any: 1_000, launch: 12_000 }, now: () => clock, sleep: async (ms) => { waits.push(ms); clock += ms; } });
  let calls = 0;
  handler = (req, res) => (req.url === '/launch' && ++calls === 1 ? json(res, 503, {}) : json(res, 200, {}));
  const { c } = client({ pacer, retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0 } });
  await c.get('/other', { paceKey: 'any' });
  await c.post('/launch', {}, { paceKey: ['any', 'launch'], idempotent: true });
  // first attempt: 1 s after the GET under `any`; the retry: 1 s under `any`, then the rest of the 12 s window
  expect(waits).toEqual([1_000, 1_000, 11_000]);
  expect(calls).toBe(2);
});

test('backoff grows exponentially, is capped and jittered', () => {
  const opts = { baseDelayMs: 100, maxDelayMs: 1000 };
  expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, opts, () => 0.999999))).toEqual([99, 199, 399, 799, 999]);
  expect(backoffDelay(3, opts, () => 0)).toBe(1);
});

test('retry decisions: listed statuses, only 429 when not idempotent; Retry-After raises the wait, too long ends retrying', () => {
  expect(isRetryableStatus(503, true, DEFAULT_RETRY)).toBe(true);
  expect(isRetryableStatus(503, false, DEFAULT_RETRY)).toBe(false);
  expect(isRetryableStatus(429, false, DEFAULT_RETRY)).toBe(true);
  expect(isRetryableStatus(501, true, DEFAULT_RETRY)).toBe(false);
  const opts = { baseDelayMs: 100, maxDelayMs: 1000 };
  expect(retryDelay(1, opts, undefined, () => 0.5)).toBe(50);
  expect(retryDelay(1, opts, 700, () => 0.5)).toBe(700);
  expect(retryDelay(1, opts, 1001, () => 0.5)).toBeUndefined();
});

test('non-JSON error bodies and bodies without codes still produce a ServiceError', async () => {
  handler = (_req, res) => { res.writeHead(502); res.end('Bad gateway'); };
  const { c } = client({ retry: { maxAttempts: 1 } });
  await expect(c.get('/x')).rejects.toMatchObject({ status: 502, code: undefined, serviceMessage: 'Bad gateway' });
});
