import YAML from 'yaml';
import {
  ConflictError,
  EscApiError,
  MissingTokenError,
  PulumiCloudEscStore,
  secretsEnvironment,
  serviceEnvironment,
} from '@sophia-ai/esc-store';
import { EscEmulator, emulatorCiphertext } from './emulator';
import { serveEmulator } from '../core/server';

const TOKEN = 'pul-test-token-canary-4b1d';

describe('ESC emulator over HTTP + PulumiCloudEscStore (@pulumi/esc-sdk raw API)', () => {
  const emulator = new EscEmulator({ tokens: [TOKEN], pageSize: 2 });
  let server: Awaited<ReturnType<typeof serveEmulator>>;
  let store: PulumiCloudEscStore;
  beforeAll(async () => {
    server = await serveEmulator(emulator);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    emulator.reset();
    store = new PulumiCloudEscStore({ apiUrl: server.url, token: TOKEN, baseDelayMs: 1 });
  });

  const raw = (method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) =>
    fetch(server.url + path, { method, body: init.body, headers: { Authorization: `token ${TOKEN}`, ...init.headers } });

  it('answers 401 without `Authorization: token <t>`', async () => {
    expect((await fetch(`${server.url}/api/esc/environments/sophia-ai`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/esc/environments/sophia-ai`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(401);
    const bad = new PulumiCloudEscStore({ apiUrl: server.url, token: 'wrong', baseDelayMs: 1 });
    const err = await bad.list().catch((e) => e);
    expect(err).toBeInstanceOf(EscApiError);
    expect(err.status).toBe(401);
    expect(String(err.message)).not.toContain(TOKEN);
  });

  it('creates (409 if it exists), lists with continuation tokens across pages', async () => {
    for (const name of ['a-dev', 'b-dev', 'c-dev', 'd-dev', 'e-dev']) await store.create({ org: 'sophia-ai', project: 'sophia-ai', name });
    expect((await raw('POST', '/api/esc/environments/sophia-ai', { body: JSON.stringify({ project: 'sophia-ai', name: 'a-dev' }) })).status).toBe(409);
    await expect(store.create({ org: 'sophia-ai', project: 'sophia-ai', name: 'a-dev' })).rejects.toThrow(/already exists/);
    const first = (await (await raw('GET', '/api/esc/environments/sophia-ai')).json()) as { environments: unknown[]; nextToken?: string };
    expect(first.environments).toHaveLength(2);
    expect(first.nextToken).toBeTruthy();
    expect((await store.list()).map((e) => e.name)).toEqual(['a-dev', 'b-dev', 'c-dev', 'd-dev', 'e-dev']);
  });

  it('GET returns YAML with ETag and revision; PATCH with a stale ETag is 409; If-Match is honoured too', async () => {
    const ref = serviceEnvironment('lambda-labs', 'dev');
    await store.create(ref);
    const get = await raw('GET', '/api/esc/environments/sophia-ai/sophia-ai/lambda-labs-dev');
    expect(get.headers.get('content-type')).toContain('application/x-yaml');
    const etag = get.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect(get.headers.get('pulumi-esc-revision')).toBe('1');
    const patch = (tag: string, header = 'ETag') =>
      raw('PATCH', '/api/esc/environments/sophia-ai/sophia-ai/lambda-labs-dev', { body: 'values:\n  a: 1\n', headers: { 'Content-Type': 'application/x-yaml', [header]: tag } });
    const ok = await patch(etag);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('pulumi-esc-revision')).toBe('2');
    expect((await patch(etag)).status).toBe(409);
    expect((await patch(etag, 'If-Match')).status).toBe(409);
    const head = await raw('HEAD', '/api/esc/environments/sophia-ai/sophia-ai/lambda-labs-dev');
    expect(head.headers.get('etag')).not.toBe(etag);
    expect((await raw('PATCH', '/api/esc/environments/sophia-ai/sophia-ai/lambda-labs-dev', { body: 'bogus: 1\n' })).status).toBe(400);
    expect((await raw('PATCH', '/api/esc/environments/sophia-ai/sophia-ai/lambda-labs-dev', { body: 'values:\n  x:\n    fn::nope: 1\n' })).status).toBe(400);
  });

  it('store: surgical update keeps imports/comments, secrets become ciphertext, decrypt gives plaintext back', async () => {
    const svc = serviceEnvironment('lambda-labs', 'dev');
    const sec = secretsEnvironment('dev');
    emulator.seed('sophia-ai', 'sophia-ai', svc.name, '# owned by stacks/esc\nimports:\n  - sophia-ai/secrets-dev\nvalues:\n  pulumiConfig:\n    lambda-labs:region: us-west-1 # region\n');
    const res = await store.update(svc, [{ op: 'set', path: ['values', 'pulumiConfig', 'lambda-labs:sshPublicKeys'], value: ['QUJD'] }]);
    expect(res.changed).toBe(true);
    expect(res.definition.revision).toBe(2);
    const stored = emulator.stored('sophia-ai', 'sophia-ai', svc.name)!;
    expect(stored).toContain('# owned by stacks/esc');
    expect(stored).toContain('# region');
    expect(YAML.parse(stored).imports).toEqual(['sophia-ai/secrets-dev']);

    await store.update(sec, [{ op: 'set', path: ['values', 'lambda-labs', 'apiKey'], value: 'canary-plaintext-91c', secret: true }], { create: true });
    const encrypted = emulator.stored('sophia-ai', 'sophia-ai', sec.name)!;
    expect(encrypted).not.toContain('canary-plaintext-91c');
    expect(YAML.parse(encrypted).values['lambda-labs'].apiKey).toEqual({ 'fn::secret': { ciphertext: emulatorCiphertext('canary-plaintext-91c') } });
    const read = (await store.read(sec))!;
    expect(read.yaml).toContain('ciphertext:');
    // A later unrelated edit keeps the ciphertext untouched (never re-written from opened values).
    await store.update(sec, [{ op: 'set', path: ['values', 'other'], value: 'x' }]);
    expect(emulator.stored('sophia-ai', 'sophia-ai', sec.name)).toContain(emulatorCiphertext('canary-plaintext-91c'));
    expect(await store.readDecrypted(sec)).toContain('fn::secret: canary-plaintext-91c');
  });

  it('store: a concurrent writer between read and write gives ConflictError, not a silent overwrite', async () => {
    const ref = serviceEnvironment('snowflake', 'dev');
    emulator.seed('sophia-ai', 'sophia-ai', ref.name, 'values:\n  a: 1\n');
    const seen = (await store.read(ref))!;
    emulator.seed('sophia-ai', 'sophia-ai', ref.name, 'values:\n  a: 1\n  b: 2 # someone else\n');
    await expect(store.update(ref, [{ op: 'set', path: ['values', 'c'], value: 3 }], { expectedEtag: seen.etag })).rejects.toBeInstanceOf(ConflictError);
    expect(emulator.stored('sophia-ai', 'sophia-ai', ref.name)).toContain('someone else');
    expect(await store.read({ org: 'sophia-ai', project: 'sophia-ai', name: 'missing' })).toBeUndefined();
  });

  it('retries reads on 429/5xx (honouring Retry-After) and writes only on 429; never leaks the token', async () => {
    const ref = serviceEnvironment('github', 'dev');
    emulator.seed('sophia-ai', 'sophia-ai', ref.name, 'values: {}\n');
    const faults: number[] = [];
    const original = emulator.handle.bind(emulator);
    const spy = jest.spyOn(emulator, 'handle').mockImplementation((req) => {
      const f = faults.shift();
      if (f) return { status: f, headers: f === 429 ? { 'Retry-After': '0' } : {}, body: { code: f, message: 'fault' } };
      return original(req);
    });
    try {
      faults.push(429, 503);
      expect((await store.read(ref))?.doc).toEqual({ values: {} });
      const etag = (await store.read(ref))!.etag;
      faults.push(503);
      const err = await store.write(ref, 'values: {a: 1}\n', etag).catch((e) => e);
      expect(err).toBeInstanceOf(EscApiError);
      expect(err.status).toBe(503);
      expect(JSON.stringify(err)).not.toContain(TOKEN);
      expect(String(err.stack)).not.toContain(TOKEN);
      faults.push(429);
      await expect(store.write(ref, 'values: {a: 1}\n', etag)).resolves.toMatchObject({ revision: 2 });
      faults.push(500, 500, 500, 500);
      await expect(store.read(ref)).rejects.toMatchObject({ status: 500 });
    } finally {
      spy.mockRestore();
    }
  });

  it('missing token → MissingTokenError that says how to get one; ESC_API_URL overrides the base URL (port kept)', () => {
    const saved = { t: process.env.PULUMI_ACCESS_TOKEN, u: process.env.ESC_API_URL };
    delete process.env.PULUMI_ACCESS_TOKEN;
    try {
      expect(() => new PulumiCloudEscStore()).toThrow(MissingTokenError);
      expect(() => new PulumiCloudEscStore()).toThrow(/app\.pulumi\.com\/account\/tokens/);
      process.env.PULUMI_ACCESS_TOKEN = TOKEN;
      delete process.env.ESC_API_URL;
      expect(new PulumiCloudEscStore().describe()).toBe('pulumi-cloud:https://api.pulumi.com');
      process.env.ESC_API_URL = server.url + '/';
      expect(new PulumiCloudEscStore().describe()).toBe(`pulumi-cloud:${server.url}`);
    } finally {
      if (saved.t === undefined) delete process.env.PULUMI_ACCESS_TOKEN;
      else process.env.PULUMI_ACCESS_TOKEN = saved.t;
      if (saved.u === undefined) delete process.env.ESC_API_URL;
      else process.env.ESC_API_URL = saved.u;
    }
  });
});
