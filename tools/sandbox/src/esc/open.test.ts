import { serveRecordedForFile } from '../core/recorded-server';
import type { RunningEmulator } from '../core/server';
import { EscEmulator } from './emulator';
import { EscSpec, type RecordedExchange } from './spec/conformance';

const TOKEN = 'pul-esc-open-token-canary-77a1';
const CANARY = 'canary-esc-lambda-key-Xk29Pq';
const ORG = 'sophia-ai';
let now = Date.UTC(2026, 11, 1, 9, 0, 0);
let emulator: EscEmulator;
let server: RunningEmulator;
let exchanges: RecordedExchange[];

async function call(method: string, path: string, init: { body?: string; headers?: Record<string, string>; token?: string | null } = {}) {
  const token = init.token === undefined ? TOKEN : init.token;
  const res = await fetch(`${server.url}/api/esc/environments/${path}`, { method, body: init.body, headers: { ...(token ? { Authorization: `token ${token}` } : {}), ...init.headers } });
  const text = await res.text();
  let body: any = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: res.status, body, headers: res.headers };
}
const patch = (env: string, yaml: string, headers: Record<string, string> = {}) => call('PATCH', `${ORG}/sophia-ai/${env}`, { body: yaml, headers: { 'Content-Type': 'application/x-yaml', ...headers } });
async function create(env: string, yaml?: string, project = 'sophia-ai') {
  expect((await call('POST', ORG, { body: JSON.stringify({ project, name: env }), headers: { 'Content-Type': 'application/json' } })).status).toBe(204);
  if (yaml !== undefined) expect((await call('PATCH', `${ORG}/${project}/${env}`, { body: yaml, headers: { 'Content-Type': 'application/x-yaml' } })).status).toBe(200);
}
async function openValues(env: string, project = 'sophia-ai') {
  const opened = await call('POST', `${ORG}/${project}/${env}/open`);
  if (opened.status !== 200) return opened;
  return call('GET', `${ORG}/${project}/${env}/open/${opened.body.id}`);
}
/** The SDK's `values`: Values unwrapped. */
const unwrap = (v: any): any => (Array.isArray(v.value) ? v.value.map(unwrap) : v.value && typeof v.value === 'object' ? Object.fromEntries(Object.entries(v.value).map(([k, x]) => [k, unwrap(x)])) : v.value);
const values = (properties: Record<string, any>) => Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, unwrap(v)]));

serveRecordedForFile(
  () => new EscEmulator({ tokens: [TOKEN], now: () => now, login: 'sync-bot' }),
  (s) => ({ emulator, server, exchanges } = s),
);

test('open: a generated service definition reads its secret from the imported secrets environment, decrypted and marked secret', async () => {
  await create('secrets-dev', `values:\n  lambda-labs:\n    apiKey:\n      fn::secret: ${CANARY}\n  github:\n    token:\n      fn::secret: gh-canary-token\n`);
  expect(emulator.stored(ORG, 'sophia-ai', 'secrets-dev')).not.toContain(CANARY);
  // As stacks/lambda-labs/esc/dev.yaml and stacks/github/esc/dev.yaml are generated:
  await create('lambda-labs-dev', 'imports:\n  - sophia-ai/secrets-dev\nvalues:\n  pulumiConfig:\n    lambda-labs:apiKey: ${["lambda-labs"].apiKey}\n    lambda-labs:region: us-west-1\n');
  const read = await openValues('lambda-labs-dev');
  expect(read.status).toBe(200);
  expect(values(read.body.properties)).toEqual({
    'lambda-labs': { apiKey: CANARY },
    github: { token: 'gh-canary-token' },
    pulumiConfig: { 'lambda-labs:apiKey': CANARY, 'lambda-labs:region': 'us-west-1' },
  });
  expect(read.body.properties.pulumiConfig.value['lambda-labs:apiKey']).toEqual({ value: CANARY, secret: true, trace: {} });
  expect(read.body.properties.pulumiConfig.value['lambda-labs:region']).toEqual({ value: 'us-west-1', trace: {} });

  const opened = await call('POST', `${ORG}/sophia-ai/lambda-labs-dev/open?duration=2h`);
  const one = await call('GET', `${ORG}/sophia-ai/lambda-labs-dev/open/${opened.body.id}?property=pulumiConfig["lambda-labs:apiKey"]`);
  expect(one.body).toEqual({ value: CANARY, secret: true, trace: {} });
  const viaSdkPath = await call('GET', `${ORG}/sophia-ai/lambda-labs-dev/open//${opened.body.id}?property=github.token`);
  expect(viaSdkPath.body).toMatchObject({ value: 'gh-canary-token', secret: true });
  expect((await call('GET', `${ORG}/sophia-ai/lambda-labs-dev/open/${opened.body.id}?property=nope.x`)).status).toBe(404);
  expect((await call('GET', `${ORG}/sophia-ai/secrets-dev/open/${opened.body.id}`)).status).toBe(404);
  expect((await call('GET', `${ORG}/sophia-ai/lambda-labs-dev/open/12345`)).status).toBe(404);
});

test('open: later imports win, local values win over imports, objects merge key by key; merge:false imports are reachable only by name', async () => {
  await create('base', 'values:\n  region: us-east-1\n  tags:\n    team: platform\n    tier: base\n');
  await create('override', 'values:\n  region: us-west-2\n  tags:\n    tier: override\n');
  await create('side', 'values:\n  only: here\n');
  await create('app', 'imports:\n  - sophia-ai/base\n  - sophia-ai/override\n  - sophia-ai/side: {merge: false}\nvalues:\n  tags:\n    app: sync\n  fromSide: ${imports["sophia-ai/side"].only}\n  url: https://${region}.example/${tags.team}\n');
  const read = await openValues('app');
  expect(values(read.body.properties)).toEqual({
    region: 'us-west-2',
    tags: { team: 'platform', tier: 'override', app: 'sync' },
    fromSide: 'here',
    url: 'https://us-west-2.example/platform',
  });
});

test('open: references are early-bound, interpolation keeps secretness, builtins evaluate, $$ escapes', async () => {
  await create('lib', 'values:\n  name: lib\n  greeting: hello ${name}\n  key:\n    fn::secret: s3cr3t-canary\n');
  await create('use', 'imports:\n  - sophia-ai/lib\nvalues:\n  name: use\n  dsn: postgres://u:${key}@db\n  json:\n    fn::toJSON: {a: 1, k: "${key}"}\n  b64:\n    fn::toBase64: plain\n  joined:\n    fn::join: [",", [a, b]]\n  price: $${not-a-ref}\n  env: ${context.currentEnvironment.name}\n');
  const read = await openValues('use');
  const v = values(read.body.properties);
  expect(v.greeting).toBe('hello lib');
  expect(v.name).toBe('use');
  expect(v.dsn).toBe('postgres://u:s3cr3t-canary@db');
  expect(read.body.properties.dsn.secret).toBe(true);
  expect(JSON.parse(v.json)).toEqual({ a: 1, k: 's3cr3t-canary' });
  expect(read.body.properties.json.secret).toBe(true);
  expect(v.b64).toBe(Buffer.from('plain').toString('base64'));
  expect(v.joined).toBe('a,b');
  expect(v.price).toBe('${not-a-ref}');
  expect(v.env).toBe('sophia-ai/use');
});

test('open: import cycles, reference cycles, unknown properties, unknown imports and provider calls are 400 with diagnostics', async () => {
  await create('a');
  await create('b', 'imports:\n  - sophia-ai/a\nvalues: {x: 1}\n');
  await patch('a', 'imports:\n  - sophia-ai/b\nvalues: {y: 1}\n');
  const cases: Array<[string, string, RegExp]> = [
    ['a', '', /cyclic import: sophia-ai\/a → sophia-ai\/b → sophia-ai\/a/],
    ['refcycle', 'values:\n  p: ${q}\n  q: ${p}\n', /cyclic reference/],
    ['unknown', 'values:\n  p: ${nowhere.key}\n', /unknown property nowhere\.key/],
    ['missing', 'imports:\n  - sophia-ai/not-there\nvalues: {}\n', /unknown environment "sophia-ai\/not-there"/],
    ['provider', 'values:\n  aws:\n    fn::open::aws-login: {oidc: {}}\n', /not emulated/],
  ];
  for (const [env, yaml, message] of cases) {
    if (yaml) await create(env, yaml);
    const r = await call('POST', `${ORG}/sophia-ai/${env}/open`);
    expect([env, r.status, r.body.diagnostics?.[0]?.summary]).toEqual([env, 400, expect.stringMatching(message)]);
  }
  expect((await call('POST', `${ORG}/sophia-ai/b/open?duration=forever`)).status).toBe(400);
});

test('open sessions keep what was evaluated at open time and expire after the duration', async () => {
  await create('svc', 'values:\n  v: one\n');
  const opened = await call('POST', `${ORG}/sophia-ai/svc/open?duration=10m`);
  await patch('svc', 'values:\n  v: two\n');
  expect(values((await call('GET', `${ORG}/sophia-ai/svc/open/${opened.body.id}`)).body.properties)).toEqual({ v: 'one' });
  now += 10 * 60_000;
  expect((await call('GET', `${ORG}/sophia-ai/svc/open/${opened.body.id}`)).status).toBe(404);
  expect(values((await openValues('svc')).body.properties)).toEqual({ v: 'two' });
});

test('revisions: every write adds one (creator, time), listed newest first with before/count, readable and openable at a revision; imports can pin one', async () => {
  await create('svc');
  const t0 = now;
  now += 1000;
  const w2 = await patch('svc', 'values:\n  v: two\n');
  expect(w2.headers.get('pulumi-esc-revision')).toBe('2');
  await patch('svc', 'values:\n  v: three\n');
  const list = await call('GET', `${ORG}/sophia-ai/svc/versions`);
  expect(list.body.map((r: any) => [r.number, r.tags, r.creatorLogin])).toEqual([[3, ['latest'], 'sync-bot'], [2, [], 'sync-bot'], [1, [], 'sync-bot']]);
  expect(list.body[1].created).toBe(new Date(t0 + 1000).toISOString());
  expect((await call('GET', `${ORG}/sophia-ai/svc/versions?before=3&count=1`)).body.map((r: any) => r.number)).toEqual([2]);
  expect((await call('GET', `${ORG}/sophia-ai/svc/versions/2`)).body).toBe('values:\n  v: two\n');
  expect((await call('GET', `${ORG}/sophia-ai/svc/versions/latest`)).headers.get('pulumi-esc-revision')).toBe('3');
  expect((await call('GET', `${ORG}/sophia-ai/svc/versions/9`)).status).toBe(404);
  const at2 = await call('POST', `${ORG}/sophia-ai/svc/versions/2/open`);
  expect(values((await call('GET', `${ORG}/sophia-ai/svc/open/${at2.body.id}`)).body.properties)).toEqual({ v: 'two' });
  await create('pinned', 'imports:\n  - sophia-ai/svc@2\nvalues: {}\n');
  expect(values((await openValues('pinned')).body.properties)).toEqual({ v: 'two' });
  const head = await call('HEAD', `${ORG}/sophia-ai/svc`);
  expect([head.status, head.headers.get('pulumi-esc-revision'), head.body]).toEqual([200, '3', '']);
  expect(emulator.revisions(ORG, 'sophia-ai', 'svc').map((r) => r.number)).toEqual([1, 2, 3]);
});

test('approval required: a protected environment refuses direct updates (403, nothing written) and, if so ruled, opens', async () => {
  await create('secrets-production', 'values:\n  a: 1\n');
  const etag = (await call('GET', `${ORG}/sophia-ai/secrets-production`)).headers.get('etag')!;
  emulator.requireApproval(ORG, 'sophia-ai', 'secrets-production');
  const blocked = await patch('secrets-production', 'values:\n  a: 2\n', { ETag: etag });
  expect([blocked.status, blocked.body.code, blocked.body.message]).toEqual([403, 403, expect.stringMatching(/approval ruleset.*change request/)]);
  expect(emulator.revisions(ORG, 'sophia-ai', 'secrets-production')).toHaveLength(2);
  expect((await call('POST', `${ORG}/sophia-ai/secrets-production/open`)).status).toBe(200);

  // Switchable over HTTP as well (the fault API passes unknown keys to the emulator).
  await fetch(`${server.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ approvals: { [`${ORG}/sophia-ai/secrets-production`]: { open: true } } }) });
  expect((await call('POST', `${ORG}/sophia-ai/secrets-production/open`)).status).toBe(403);
  expect((await patch('secrets-production', 'values:\n  a: 2\n', { ETag: etag })).status).toBe(200);
  emulator.control({ approvals: { [`${ORG}/sophia-ai/secrets-production`]: null } });
  expect((await call('POST', `${ORG}/sophia-ai/secrets-production/open`)).status).toBe(200);
});

test('names the spec refuses are 400; unauthenticated calls 401 in the ESC error shape', async () => {
  for (const [project, name] of [['default', 'x'], ['sophia-ai', 'open-me'], ['sophia-ai', 'yaml'], ['sophia ai', 'x'], ['sophia-ai', '']]) {
    const r = await call('POST', ORG, { body: JSON.stringify({ project, name }), headers: { 'Content-Type': 'application/json' } });
    expect([project, name, r.status]).toEqual([project, name, 400]);
  }
  expect((await call('GET', ORG, { token: null })).body).toEqual({ code: 401, message: expect.any(String) });
});

test('definitions: list, ciphertext on GET and plaintext on decrypt, invalid definitions are 400 with diagnostics, HEAD of a missing one is 404', async () => {
  await create('secrets-dev', `values:\n  k:\n    fn::secret: ${CANARY}\n`);
  await create('other');
  expect((await call('GET', ORG)).body).toEqual({ environments: [expect.objectContaining({ organization: ORG, project: 'sophia-ai', name: 'other' }), expect.objectContaining({ name: 'secrets-dev' })] });
  expect((await call('GET', `${ORG}/sophia-ai/secrets-dev`)).body).not.toContain(CANARY);
  expect((await call('GET', `${ORG}/sophia-ai/secrets-dev/decrypt`)).body).toContain(`fn::secret: ${CANARY}`);
  const bad = await patch('other', 'values:\n  x:\n    fn::nope: 1\n');
  expect([bad.status, bad.body.diagnostics[0].summary]).toEqual([400, expect.stringMatching(/reserved prefix/)]);
  expect((await call('HEAD', `${ORG}/sophia-ai/missing`)).status).toBe(404);
  expect((await call('DELETE', `${ORG}/sophia-ai/other`)).status).toBe(204);
  expect((await call('GET', `${ORG}/sophia-ai/other`)).status).toBe(404);
});

test('faults: a dropped connection after the PATCH was applied and a timeout before it was; re-reading the ETag converges', async () => {
  await create('svc', 'values:\n  v: 1\n');
  const etag = (await call('GET', `${ORG}/sophia-ai/svc`)).headers.get('etag')!;
  server.faults.dropAfterHandle({ next: 1, method: 'PATCH' });
  await expect(patch('svc', 'values:\n  v: 2\n', { ETag: etag })).rejects.toThrow();
  expect(emulator.stored(ORG, 'sophia-ai', 'svc')).toBe('values:\n  v: 2\n');
  expect((await patch('svc', 'values:\n  v: 2\n', { ETag: etag })).status).toBe(409);
  const fresh = (await call('GET', `${ORG}/sophia-ai/svc`)).headers.get('etag')!;
  expect((await patch('svc', 'values:\n  v: 2\n', { ETag: fresh })).status).toBe(200);
  // A timeout: the client gives up before the write lands; its retry with the old ETag is 409, a re-read converges.
  const current = (await call('GET', `${ORG}/sophia-ai/svc`)).headers.get('etag')!;
  server.faults.delayBeforeHandle({ next: 1, method: 'PATCH', ms: 300 });
  const late = fetch(`${server.url}/api/esc/environments/${ORG}/sophia-ai/svc`, { method: 'PATCH', body: 'values:\n  v: 3\n', headers: { Authorization: `token ${TOKEN}`, ETag: current }, signal: AbortSignal.timeout(30) });
  await expect(late).rejects.toThrow();
  for (let i = 0; i < 100 && emulator.revisions(ORG, 'sophia-ai', 'svc').length < 5; i++) await new Promise((r) => setTimeout(r, 20));
  expect(emulator.stored(ORG, 'sophia-ai', 'svc')).toBe('values:\n  v: 3\n');
  expect((await patch('svc', 'values:\n  v: 3\n', { ETag: current })).status).toBe(409);
  expect(emulator.revisions(ORG, 'sophia-ai', 'svc')).toHaveLength(5);

  server.faults.serverError({ next: 1, status: 503 });
  expect((await call('POST', `${ORG}/sophia-ai/svc/open`)).body).toEqual({ code: 503, message: expect.any(String) });
  server.faults.rateLimit({ next: 1, retryAfterSeconds: 2 });
  const limited = await call('GET', `${ORG}/sophia-ai/svc`);
  expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '2']);
});

test('conformance: every answer above is what the vendored ESC spec documents (the validator can fail)', () => {
  const spec = new EscSpec();
  expect(exchanges.length).toBeGreaterThan(60);
  // Requests the emulator refused on purpose (names the spec forbids) are not checked as requests.
  expect(exchanges.flatMap((x) => [...spec.answerProblems(x), ...(x.status < 300 ? spec.requestProblems(x) : [])])).toEqual([]);
  const path = `/api/esc/environments/${ORG}/sophia-ai/svc`;
  expect(spec.answerProblems({ method: 'GET', path: `${path}/versions`, status: 200, body: [{ created: 'x' }] })[0]).toMatch(/number/);
  expect(spec.answerProblems({ method: 'POST', path: `${path}/open`, status: 200, body: { diagnostics: {} } })[0]).toMatch(/id/);
  expect(spec.answerProblems({ method: 'PATCH', path, status: 409, body: { message: 'x' } })[0]).toMatch(/code/);
  expect(spec.answerProblems({ method: 'PUT', path, status: 200, body: {} })[0]).toMatch(/no such operation/);
  expect(spec.answerProblems({ method: 'GET', path, status: 200, body: 'imports: 3\n' })[0]).toMatch(/imports/);
});
