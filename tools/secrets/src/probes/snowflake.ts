/**
 * Snowflake: the deployment user's key pair runs `select 1` through the SQL API v2 (`POST /api/v2/statements`),
 * authenticated by a key-pair JWT built here with jose: RS256, iss `<ORG>-<ACCOUNT>.<USER>.SHA256:<fingerprint>`
 * (base64 SHA-256 of the public key's DER), sub `<ORG>-<ACCOUNT>.<USER>`, a ten-minute lifetime (Snowflake allows
 * at most one hour). `select 1` needs no warehouse and touches no data.
 *
 * Private keys: PKCS#8 PEM, RSA, plain (`BEGIN PRIVATE KEY`) or encrypted (`BEGIN ENCRYPTED PRIVATE KEY`, with
 * snowflake:adminPrivateKeyPassphrase), literal `\n` escapes accepted as the namespace accepts them. PKCS#1
 * (`BEGIN RSA PRIVATE KEY`) is read too, since Node reads it. A key that cannot be loaded (not RSA, encrypted
 * without its passphrase, the wrong passphrase) is `invalid` without a call: it can never authenticate, whatever
 * Snowflake says. 401/403 (390144 "JWT token is invalid": wrong key, fingerprint, account or user) are `invalid`;
 * a timeout, 429, 5xx or no connection leave it `unknown`.
 */
import { createPrivateKey, createPublicKey, createHash, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { ProbeResult } from '../compliance/model';
import { missingCredential, runHttpProbe } from './http-probe';
import type { Probe, ProbeInputs, ProbeOptions } from './types';

const PRIVATE_KEY = 'snowflake:adminPrivateKey';
const ORGANIZATION = 'snowflake:organizationName';
const ACCOUNT = 'snowflake:accountName';
const USER = 'snowflake:adminUser';
const PASSPHRASE = 'snowflake:adminPrivateKeyPassphrase';
const KEYS = [PRIVATE_KEY, ORGANIZATION, ACCOUNT, USER, PASSPHRASE];
const CALL = 'POST /api/v2/statements';
/** Lifetime of the probe's JWT: one call needs little, and a short token is worth less if it leaks. */
const JWT_LIFETIME_S = 600;

/** The account's SQL API host, as stacks/snowflake's accountHost derives it (a tool may not import a stack). */
export function snowflakeBaseUrl(organizationName: string, accountName: string): string {
  return `https://${`${organizationName}-${accountName}`.toLowerCase().replace(/_/g, '-')}.snowflakecomputing.com`;
}

/** The private key, or why it cannot be used (never the key or the library's message about it). */
function loadPrivateKey(pem: string, passphrase: string | undefined): KeyObject | string {
  const text = pem.replace(/\\n/g, '\n');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem', ...(passphrase ? { passphrase } : {}) });
  } catch {
    if (/ENCRYPTED PRIVATE KEY/.test(text)) return passphrase ? `${PASSPHRASE} does not decrypt ${PRIVATE_KEY}` : `${PRIVATE_KEY} is encrypted and ${PASSPHRASE} has no value`;
    return `${PRIVATE_KEY} is not a PEM private key`;
  }
  return key.asymmetricKeyType === 'rsa' ? key : `${PRIVATE_KEY} is not an RSA key (Snowflake key-pair auth takes RSA)`;
}

/** Snowflake's key-pair JWT for `<ORG>-<ACCOUNT>.<USER>`, signed by `key`. */
export async function keyPairJwt(key: KeyObject, account: string, user: string, nowMs = Date.now()): Promise<string> {
  const qualified = `${account.toUpperCase()}.${user.toUpperCase()}`;
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const fingerprint = `SHA256:${createHash('sha256').update(spki).digest('base64')}`;
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(`${qualified}.${fingerprint}`)
    .setSubject(qualified)
    .setIssuedAt(iat)
    .setExpirationTime(iat + JWT_LIFETIME_S)
    .sign(key);
}

export const snowflakeProbe: Probe = {
  service: 'snowflake',
  keys: KEYS,
  baseUrlEnv: 'SNOWFLAKE_SQL_API_URL',
  run: async (values: ProbeInputs, opts: ProbeOptions): Promise<ProbeResult> => {
    const [pem, organization, account, user] = [values[PRIVATE_KEY], values[ORGANIZATION], values[ACCOUNT], values[USER]];
    const spec = { service: 'snowflake', keys: KEYS, call: CALL };
    if (!pem || !organization || !account || !user) return missingCredential(spec, [PRIVATE_KEY, ORGANIZATION, ACCOUNT, USER].filter((k) => !values[k]));
    const key = loadPrivateKey(pem, values[PASSPHRASE]);
    if (typeof key === 'string') return { service: 'snowflake', readiness: 'invalid', call: '-', detail: `not tried: ${key}`, keys: KEYS, durationMs: 0 };
    const token = await keyPairJwt(key, `${organization}-${account}`, user);
    return runHttpProbe(
      {
        ...spec,
        defaultBaseUrl: snowflakeBaseUrl(organization, account),
        headers: () => ({ authorization: `Bearer ${token}`, 'x-snowflake-authorization-token-type': 'KEYPAIR_JWT', accept: 'application/json', 'user-agent': 'sophia-secrets-probe/1.0' }),
        exchange: async (client) => {
          const res = await client.request<{ data?: unknown[][] }>({ method: 'POST', path: CALL.split(' ')[1]!, body: { statement: 'select 1', timeout: Math.max(1, Math.ceil(opts.timeoutMs / 1000)) }, idempotent: true });
          return `the key-pair JWT was accepted${res.data?.data?.[0]?.[0] === '1' ? ' (select 1 answered 1)' : ''}`;
        },
      },
      values,
      opts,
    );
  },
};
