import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox';
import { SANDBOX_SNOWFLAKE_ACCOUNT, SnowflakeEmulator } from '@sophia-ai/sandbox/src/snowflake/emulator';
import { recordExchanges, SnowflakeSpec, type RecordedExchange } from '@sophia-ai/sandbox/src/snowflake/spec/conformance';
import type { ProbeResult } from '../compliance/model';
import { snowflakeBaseUrl, snowflakeProbe } from './snowflake';
import type { ProbeInputs } from './types';

// The sandbox account is <organizationName>-<accountName> (those of stacks/snowflake's Pulumi.local.yaml).
const [ORG, ACCOUNT] = SANDBOX_SNOWFLAKE_ACCOUNT.split('-') as [string, string];
const USER = 'SOPHIA_DEPLOY';
const PASSPHRASE = 'canary-passphrase-Vb7Kq2Lz9';
const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const current = rsa();
const next = rsa();
const unregistered = rsa();
const encrypted = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE },
});
const CANARIES = [current.privateKey, next.privateKey, unregistered.privateKey, encrypted.privateKey, PASSPHRASE];

let emulator: SnowflakeEmulator;
let server: RunningEmulator;
let exchanges: RecordedExchange[];
const results: ProbeResult[] = [];

beforeAll(async () => {
  emulator = new SnowflakeEmulator({
    users: [
      { name: USER, rsaPublicKey: current.publicKey, rsaPublicKey2: next.publicKey },
      { name: 'ENCRYPTED_USER', rsaPublicKey: encrypted.publicKey },
    ],
  });
  const recorded = recordExchanges(emulator);
  exchanges = recorded.exchanges;
  server = await serveEmulator(recorded.emulator);
});
afterAll(() => server.close());
beforeEach(() => server.faults.clear());

const inputs = (over: Record<string, string | undefined> = {}): ProbeInputs => ({
  'snowflake:organizationName': ORG,
  'snowflake:accountName': ACCOUNT,
  'snowflake:adminUser': USER,
  'snowflake:adminPrivateKey': current.privateKey,
  ...over,
});
async function probe(values: ProbeInputs, opts: { timeoutMs?: number; baseUrl?: string } = {}): Promise<ProbeResult> {
  const r = await snowflakeProbe.run(values, { timeoutMs: opts.timeoutMs ?? 5_000, baseUrl: opts.baseUrl ?? server.url });
  results.push(r);
  return r;
}

test('verified: the deployment key runs select 1; the namespace keys it used are named', async () => {
  const r = await probe(inputs());
  expect(r).toMatchObject({ service: 'snowflake', readiness: 'verified', call: 'POST /api/v2/statements', detail: 'the key-pair JWT was accepted (select 1 answered 1)' });
  expect(r.keys).toEqual(['snowflake:adminPrivateKey', 'snowflake:organizationName', 'snowflake:accountName', 'snowflake:adminUser', 'snowflake:adminPrivateKeyPassphrase']);
  expect(emulator.refusals).toEqual([]);
});

test('verified: the key in RSA_PUBLIC_KEY_2 (mid-rotation), a key with literal \\n escapes, an encrypted key with its passphrase', async () => {
  expect((await probe(inputs({ 'snowflake:adminPrivateKey': next.privateKey }))).readiness).toBe('verified');
  expect((await probe(inputs({ 'snowflake:adminPrivateKey': current.privateKey.replace(/\n/g, '\\n') }))).readiness).toBe('verified');
  const enc = inputs({ 'snowflake:adminUser': 'ENCRYPTED_USER', 'snowflake:adminPrivateKey': encrypted.privateKey, 'snowflake:adminPrivateKeyPassphrase': PASSPHRASE });
  expect((await probe(enc)).readiness).toBe('verified');
});

test('invalid: a key the user does not have, another user, another account — Snowflake refuses the JWT (401 390144)', async () => {
  for (const over of [{ 'snowflake:adminPrivateKey': unregistered.privateKey }, { 'snowflake:adminUser': 'SOMEONE_ELSE' }, { 'snowflake:accountName': 'OTHER' }]) {
    const r = await probe(inputs(over));
    expect(r).toMatchObject({ readiness: 'invalid', detail: 'HTTP 401 390144: the service refused the credential' });
  }
  expect(emulator.refusals.splice(0)).toEqual(['fingerprint matches neither RSA_PUBLIC_KEY nor RSA_PUBLIC_KEY_2', 'unknown user', 'another account']);
});

test('invalid without a call: an encrypted key without or with the wrong passphrase, a key that is not a private key', async () => {
  const before = server.requests.length;
  const enc = { 'snowflake:adminPrivateKey': encrypted.privateKey };
  expect(await probe(inputs(enc))).toMatchObject({ readiness: 'invalid', call: '-', detail: 'not tried: snowflake:adminPrivateKey is encrypted and snowflake:adminPrivateKeyPassphrase has no value' });
  expect(await probe(inputs({ ...enc, 'snowflake:adminPrivateKeyPassphrase': 'not-the-passphrase' }))).toMatchObject({ readiness: 'invalid', detail: 'not tried: snowflake:adminPrivateKeyPassphrase does not decrypt snowflake:adminPrivateKey' });
  expect(await probe(inputs({ 'snowflake:adminPrivateKey': current.publicKey }))).toMatchObject({ readiness: 'invalid', detail: 'not tried: snowflake:adminPrivateKey is not a PEM private key' });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  expect((await probe(inputs({ 'snowflake:adminPrivateKey': ec.privateKey }))).detail).toMatch(/is not an RSA key/);
  expect(server.requests.length).toBe(before);
});

test('unknown: a missing key, a timeout, 5xx, 429, a dropped connection, an unreachable host — never verified', async () => {
  expect(await probe(inputs({ 'snowflake:adminPrivateKey': undefined, 'snowflake:adminUser': '' }))).toMatchObject({ readiness: 'unknown', detail: 'not tried: snowflake:adminPrivateKey, snowflake:adminUser have no value' });
  server.faults.delayBeforeHandle({ next: 1, path: '/api/v2/statements', ms: 1_000 });
  expect(await probe(inputs(), { timeoutMs: 200 })).toMatchObject({ readiness: 'unknown', detail: 'timed out after 200 ms' });
  server.faults.serverError({ next: 1, status: 503 });
  expect(await probe(inputs())).toMatchObject({ readiness: 'unknown', detail: expect.stringMatching(/^HTTP 503/) });
  server.faults.rateLimit({ next: 1, retryAfterSeconds: 1 });
  expect(await probe(inputs())).toMatchObject({ readiness: 'unknown', detail: expect.stringMatching(/^HTTP 429/) });
  server.faults.dropAfterHandle({ next: 1, path: '/api/v2/statements' });
  expect(await probe(inputs())).toMatchObject({ readiness: 'unknown', detail: expect.stringMatching(/^connection dropped/) });
  const closed = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
  expect(await probe(inputs(), { baseUrl: `http://127.0.0.1:${closed}` })).toMatchObject({ readiness: 'unknown', detail: 'unreachable (ECONNREFUSED)' });
  expect(server.faults.injected).toMatchObject({ delay: 1, serverError: 1, rateLimit: 1, drop: 1 });
});

test('the default base URL is the account host stacks/snowflake derives (lower case, _ as -)', () => {
  expect(snowflakeBaseUrl('SOPHIA', 'ML_PROD')).toBe('https://sophia-ml-prod.snowflakecomputing.com');
  expect(snowflakeProbe.baseUrlEnv).toBe(new SnowflakeEmulator().envVar);
});

test('every request the probe sent and every answer it got is what the vendored SQL API spec documents', () => {
  const spec = new SnowflakeSpec();
  expect(exchanges.length).toBeGreaterThan(5);
  expect(exchanges.flatMap((x) => [...spec.answerProblems(x), ...spec.requestProblems(x)])).toEqual([]);
});

test('no canary (private keys, passphrase) in any result', () => {
  expect(results.length).toBeGreaterThan(15);
  const out = JSON.stringify(results);
  for (const canary of CANARIES) {
    expect(out).not.toContain(canary);
    expect(out).not.toContain(canary.replace(/-----[A-Z ]+-----|\s/g, '').slice(0, 40));
  }
});
