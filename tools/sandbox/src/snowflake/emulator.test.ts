import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { SignJWT } from 'jose';
import { serveRecordedForFile } from '../core/recorded-server';
import type { RunningEmulator } from '../core/server';
import { publicKeyFingerprint, SANDBOX_SNOWFLAKE_ACCOUNT, SnowflakeEmulator } from './emulator';
import { SnowflakeSpec, type RecordedExchange } from './spec/conformance';

const ACCOUNT = SANDBOX_SNOWFLAKE_ACCOUNT;
const USER = 'SOPHIA_DEPLOY';
const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const current = pair();
const next = pair();
const stranger = pair();
const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();
/** RSA_PUBLIC_KEY as `ALTER USER` takes it: the base64 body on one line. */
const body = (k: KeyObject) => pem(k).replace(/-----[A-Z ]+-----|\s/g, '');

let emulator: SnowflakeEmulator;
let server: RunningEmulator;
let exchanges: RecordedExchange[];

serveRecordedForFile(
  () => new SnowflakeEmulator({ users: [{ name: USER, rsaPublicKey: pem(current.publicKey), rsaPublicKey2: body(next.publicKey) }] }),
  (s) => ({ emulator, server, exchanges } = s),
);

interface Claims {
  iss?: string;
  sub?: string;
  iat?: number;
  exp?: number;
}
/** A key-pair JWT as Snowflake documents it, signed by `signer`; `claims` overrides one field to make it wrong. */
async function jwt(signer: KeyObject = current.privateKey, claims: Claims = {}, fingerprintOf: KeyObject = signer): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  const c = { iss: `${ACCOUNT}.${USER}.${publicKeyFingerprint(fingerprintOf)}`, sub: `${ACCOUNT}.${USER}`, iat, exp: iat + 3600, ...claims };
  return new SignJWT({}).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).setIssuer(c.iss).setSubject(c.sub).setIssuedAt(c.iat).setExpirationTime(c.exp).sign(signer);
}

async function call(method: string, path: string, token: string | null, payload?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(server.url + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}`, 'x-snowflake-authorization-token-type': 'KEYPAIR_JWT' } : {}), 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'sophia-tests/1.0', ...headers },
    body: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const selectOne = async (token: string | null, extra: Record<string, string> = {}) => call('POST', '/api/v2/statements', token, { statement: 'select 1', timeout: 10 }, extra);

test('a valid key-pair JWT runs select 1: 200 with a one-row result set, and the handle answers it again', async () => {
  const token = await jwt();
  const r = await selectOne(token);
  expect(r).toMatchObject({
    status: 200,
    body: { code: '090001', sqlState: '00000', data: [['1']], resultSetMetaData: { numRows: 1, format: 'jsonv2', rowType: [{ name: '1', type: 'fixed' }] }, statementHandle: expect.stringMatching(/^[0-9a-f-]{36}$/) },
  });
  expect(r.body.statementStatusUrl).toBe(`/api/v2/statements/${r.body.statementHandle}`);
  expect(await call('GET', r.body.statementStatusUrl, token)).toMatchObject({ status: 200, body: { statementHandle: r.body.statementHandle, data: [['1']] } });
  expect(emulator.refusals).toEqual([]);
  // The sandbox account is the one stacks/snowflake's local configuration names.
  const local = YAML.parse(fs.readFileSync(path.join(__dirname, '../../../../stacks/snowflake/Pulumi.local.yaml'), 'utf8')).config;
  expect(`${local['snowflake:organizationName']}-${local['snowflake:accountName']}`).toBe(ACCOUNT);
});

test('asynchronous submission: 202 with the handle, then GET answers the result', async () => {
  const token = await jwt();
  const r = await call('POST', '/api/v2/statements?async=true', token, { statement: 'SELECT 1;' });
  expect(r).toMatchObject({ status: 202, body: { code: '333334', statementHandle: expect.any(String) } });
  expect((await call('GET', `/api/v2/statements/${r.body.statementHandle}`, token)).body.data).toEqual([['1']]);
});

test('rotation: a JWT signed by the key in RSA_PUBLIC_KEY_2 works too; once the old key is unset it no longer does', async () => {
  expect((await selectOne(await jwt(next.privateKey))).status).toBe(200);
  emulator.registerUser({ name: USER, rsaPublicKey2: pem(next.publicKey) });
  expect((await selectOne(await jwt(next.privateKey))).status).toBe(200);
  expect((await selectOne(await jwt(current.privateKey))).status).toBe(401);
  expect(emulator.refusals).toEqual(['fingerprint matches neither RSA_PUBLIC_KEY nor RSA_PUBLIC_KEY_2']);
  emulator.registerUser({ name: USER, rsaPublicKey: pem(current.publicKey), rsaPublicKey2: body(next.publicKey) });
});

const nowS = () => Math.floor(Date.now() / 1000);
test.each<[string, () => Promise<string>, string]>([
  ['signed by a key the user does not have (its own fingerprint)', () => jwt(stranger.privateKey), 'fingerprint matches neither RSA_PUBLIC_KEY nor RSA_PUBLIC_KEY_2'],
  ['signed by another key under the registered fingerprint', () => jwt(stranger.privateKey, {}, current.publicKey), 'signature does not verify'],
  ['the fingerprint of another key', () => jwt(current.privateKey, {}, stranger.publicKey), 'fingerprint matches neither RSA_PUBLIC_KEY nor RSA_PUBLIC_KEY_2'],
  ['expired', () => jwt(current.privateKey, { iat: nowS() - 7200, exp: nowS() - 3600 }), 'expired'],
  ['exp more than one hour after iat', () => jwt(current.privateKey, { exp: nowS() + 3601 }), 'lifetime over one hour'],
  ['issued in the future', () => jwt(current.privateKey, { iat: nowS() + 600, exp: nowS() + 1200 }), 'issued in the future'],
  ['sub of another user', () => jwt(current.privateKey, { sub: `${ACCOUNT}.SOMEONE_ELSE` }), 'subject is not ACCOUNT.USER of the issuer'],
  ['sub in lower case', () => jwt(current.privateKey, { sub: `${ACCOUNT}.${USER}`.toLowerCase() }), 'subject is not ACCOUNT.USER of the issuer'],
  ['iss of another account', () => jwt(current.privateKey, { iss: `OTHER-ACCOUNT.${USER}.${publicKeyFingerprint(current.publicKey)}`, sub: `OTHER-ACCOUNT.${USER}` }), 'another account'],
  ['iss without the fingerprint', () => jwt(current.privateKey, { iss: `${ACCOUNT}.${USER}` }), 'issuer is not ACCOUNT.USER.SHA256:fingerprint'],
  ['an unknown user', () => jwt(current.privateKey, { iss: `${ACCOUNT}.NOBODY.${publicKeyFingerprint(current.publicKey)}`, sub: `${ACCOUNT}.NOBODY` }), 'unknown user'],
  ['HS256 instead of RS256', () => new SignJWT({ iss: 'x', sub: 'y' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('10m').sign(new Uint8Array(32)), 'algorithm is not RS256'],
  ['not a JWT at all', async () => 'not-a-jwt', 'not a JWT'],
])('refused with 401 390144 "JWT token is invalid": %s', async (_case, token, reason) => {
  const r = await selectOne(await token());
  expect(r).toEqual({ status: 401, body: { code: '390144', message: expect.stringMatching(/^JWT token is invalid\. \[[0-9a-f-]{36}\]$/) } });
  expect(emulator.refusals).toEqual([reason]);
});

test('no bearer token is 401 390101; a token type the emulator does not hold (OAuth) is 401 390303', async () => {
  expect(await selectOne(null)).toMatchObject({ status: 401, body: { code: '390101' } });
  const oauth = await selectOne(await jwt(), { 'x-snowflake-authorization-token-type': 'OAUTH' });
  expect(oauth).toMatchObject({ status: 401, body: { code: '390303' } });
  // Without the type header Snowflake examines the token: a valid key-pair JWT is accepted.
  const token = await jwt();
  const res = await fetch(`${server.url}/api/v2/statements`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ statement: 'select 1' }) });
  expect(res.status).toBe(200);
});

test('a readiness emulator: any statement but select 1 is 422 "unsupported", and its handle answers nothing', async () => {
  const token = await jwt();
  const r = await call('POST', '/api/v2/statements', token, { statement: 'drop database RAW' });
  expect(r).toMatchObject({ status: 422, body: { code: '000002', sqlState: '0A000', message: expect.stringMatching(/readiness emulator and runs only `select 1`/) } });
  expect(await call('GET', `/api/v2/statements/${r.body.statementHandle}`, token)).toMatchObject({ status: 422, body: { code: '000709' } });
});

test('bad requests: every body problem at once (400), a non-JSON content type (415), a handle that is not a UUID (400); auth first', async () => {
  const token = await jwt();
  const bad = await call('POST', '/api/v2/statements', token, { statement: '', timeout: -1, warehouse: 7 });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/statement: a non-empty string.*timeout: must be an integer.*warehouse: must be a string/);
  expect((await call('POST', '/api/v2/statements', token, 'statement=select 1', { 'content-type': 'text/plain' })).status).toBe(415);
  expect((await call('GET', '/api/v2/statements/not-a-handle', token)).status).toBe(400);
  expect((await call('POST', '/api/v2/statements', null, { statement: '' })).status).toBe(401);
});

test("another user's statement handle is not found", async () => {
  const other = pair();
  emulator.registerUser({ name: 'LOADER', rsaPublicKey: pem(other.publicKey) });
  const mine = await selectOne(await jwt());
  const theirs = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer(`${ACCOUNT}.LOADER.${publicKeyFingerprint(other.publicKey)}`).setSubject(`${ACCOUNT}.LOADER`).setIssuedAt().setExpirationTime('1h').sign(other.privateKey);
  expect((await call('GET', `/api/v2/statements/${mine.body.statementHandle}`, theirs)).status).toBe(422);
});

test('users registered over the control API (public keys only); a key that is not RSA is refused there', async () => {
  const other = pair();
  const ctl = (payload: unknown) => fetch(`${server.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify(payload) });
  expect((await ctl({ users: [{ name: 'probe_user', rsaPublicKey: body(other.publicKey) }] })).status).toBe(200);
  const token = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer(`${ACCOUNT}.PROBE_USER.${publicKeyFingerprint(other.publicKey)}`).setSubject(`${ACCOUNT}.PROBE_USER`).setIssuedAt().setExpirationTime('1h').sign(other.privateKey);
  expect((await selectOne(token)).status).toBe(200);
  const refused = await ctl({ users: [{ name: 'X', rsaPublicKey: 'bm90IGEga2V5' }] });
  expect([refused.status, ((await refused.json()) as { error: { message: string } }).error.message]).toEqual([400, 'RSA_PUBLIC_KEY of user X: not an RSA public key (PEM or its base64 body)']);
  expect(((await (await ctl({ users: [{ rsaPublicKey: body(other.publicKey) }] })).json()) as { error: { message: string } }).error.message).toBe('a user registration needs a name');
});

test('core faults answer in the {message} body: 429, 503, and a dropped connection after the statement ran', async () => {
  const token = await jwt();
  server.faults.rateLimit({ next: 1, retryAfterSeconds: 1 });
  expect(await selectOne(token)).toMatchObject({ status: 429, body: { message: expect.any(String) } });
  server.faults.serverError({ next: 1, status: 503 });
  expect((await selectOne(token)).status).toBe(503);
  server.faults.dropAfterHandle({ next: 1, method: 'POST', path: '/api/v2/statements' });
  await expect(selectOne(token)).rejects.toThrow();
  expect((await selectOne(token)).status).toBe(200);
});

test('conformance: every answer above is what the vendored spec documents (the validator can fail)', () => {
  const spec = new SnowflakeSpec();
  expect(exchanges.length).toBeGreaterThan(25);
  expect(new Set(exchanges.map((x) => x.status))).toEqual(new Set([200, 202, 400, 401, 415, 422]));
  expect(exchanges.flatMap((x) => [...spec.answerProblems(x), ...(x.status < 300 ? spec.requestProblems(x) : [])])).toEqual([]);
  const ok = exchanges.find((x) => x.status === 200)!;
  expect(spec.answerProblems({ ...ok, body: { ...(ok.body as object), resultSetMetaData: { format: 'json' } } })[0]).toMatch(/resultSetMetaData\/format must be equal to one of the allowed values/);
  expect(spec.answerProblems({ ...ok, body: { ...(ok.body as object), statementHandle: 'h1' } })[0]).toMatch(/statementHandle must match format "uuid"/);
  expect(spec.answerProblems({ ...ok, status: 201 })[0]).toMatch(/status not documented/);
  expect(spec.answerProblems({ method: 'POST', path: '/api/v2/statements', status: 401, body: { error: 'x' } }).length).toBeGreaterThan(0);
  expect(spec.answerProblems({ method: 'DELETE', path: '/api/v2/statements', status: 200, body: {} })[0]).toMatch(/no such operation/);
});
