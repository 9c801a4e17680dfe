import { serveEmulator, type RunningEmulator } from '../core/server';
import { EstuaryEmulator, SANDBOX_ESTUARY_API_KEY } from './emulator';

let server: RunningEmulator;
const call = (method: string, path: string, body?: unknown, key = SANDBOX_ESTUARY_API_KEY) =>
  fetch(`${server.url}/v1${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

beforeAll(async () => {
  server = await serveEmulator(new EstuaryEmulator());
});
afterAll(() => server.close());

test('items: create, read, update, delete; names unique; gone is 404', async () => {
  const created = await call('POST', '/items', { name: 'first', description: 'one' });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await call('POST', '/items', { name: 'first' })).status).toBe(409);
  expect(await (await call('PATCH', `/items/${id}`, { description: 'two' })).json()).toMatchObject({ id, name: 'first', description: 'two' });
  expect((await call('DELETE', `/items/${id}`)).status).toBe(204);
  expect((await call('GET', `/items/${id}`)).status).toBe(404);
  expect((await call('DELETE', `/items/${id}`)).status).toBe(404);
});

test('refuses a bad key and a bad body, naming every field', async () => {
  expect((await call('GET', '/items', undefined, 'not-the-key')).status).toBe(401);
  const bad = await call('POST', '/items', { name: 'Bad Name', description: 'x'.repeat(300) });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(await bad.json())).toMatch(/name: .*description: /);
});
