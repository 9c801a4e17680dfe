/**
 * Key-pair JWT authentication as Snowflake documents it: `Authorization: Bearer <jwt>` with
 * `X-Snowflake-Authorization-Token-Type: KEYPAIR_JWT` (when the header is absent Snowflake examines the token;
 * the emulator then treats it as a key-pair JWT). The JWT is RS256 with
 *   iss `<ACCOUNT>.<USER>.SHA256:<base64 SHA-256 of the public key's DER (SPKI)>`,
 *   sub `<ACCOUNT>.<USER>`, iat, and exp at most one hour after iat,
 * and its signature verifies against the user's RSA_PUBLIC_KEY or RSA_PUBLIC_KEY_2 (whichever has that
 * fingerprint: two keys are how rotation works without downtime). Account and user are compared in upper case
 * as Snowflake writes them, so a client that forgets to upper-case is refused as Snowflake refuses it.
 *
 * Every refusal answers 401 390144 (Snowflake never says which check failed); the reason is kept for tests
 * (`SnowflakeEmulator.refusals`), never the token.
 */
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError, jwtInvalid } from './errors';
import type { SnowflakeState, UserRecord } from './state';

/** Why a token was refused (test-visible; the client only ever sees 390144). */
export type Refusal =
  | 'not a JWT'
  | 'algorithm is not RS256'
  | 'claims missing'
  | 'issuer is not ACCOUNT.USER.SHA256:fingerprint'
  | 'another account'
  | 'unknown user'
  | 'subject is not ACCOUNT.USER of the issuer'
  | 'fingerprint matches neither RSA_PUBLIC_KEY nor RSA_PUBLIC_KEY_2'
  | 'signature does not verify'
  | 'expired'
  | 'issued in the future'
  | 'lifetime over one hour';

/** Snowflake's lifetime limit of a key-pair JWT (exp − iat). */
export const MAX_JWT_LIFETIME_S = 3600;
/** Clock skew allowed on iat (a client clock slightly ahead is not an attack). */
const IAT_SKEW_S = 60;

class Refused extends Error {
  constructor(readonly reason: Refusal) {
    super(reason);
  }
}

/** The user a request authenticates as, or an ApiError (401); `refused` hears why a JWT was refused. */
export async function authenticate(headers: IncomingHttpHeaders, state: SnowflakeState, account: string, nowMs: number, refused: (r: Refusal) => void): Promise<UserRecord> {
  const type = header(headers, 'x-snowflake-authorization-token-type');
  if (type !== undefined && type.toUpperCase() !== 'KEYPAIR_JWT') {
    throw new ApiError(401, '390303', `Invalid ${type.toUpperCase() === 'OAUTH' ? 'OAuth access token' : 'token'}: the sandbox accepts key-pair JWTs only.`);
  }
  const token = /^Bearer\s+(\S+)$/i.exec(header(headers, 'authorization') ?? '')?.[1];
  if (!token) throw new ApiError(401, '390101', 'Authorization header not found in the request.');
  try {
    return await verify(token, state, account, nowMs);
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    refused(err.reason);
    throw jwtInvalid();
  }
}

async function verify(token: string, state: SnowflakeState, account: string, nowMs: number): Promise<UserRecord> {
  let claims: ReturnType<typeof decodeJwt>;
  try {
    if (decodeProtectedHeader(token).alg !== 'RS256') throw new Refused('algorithm is not RS256');
    claims = decodeJwt(token);
  } catch (err) {
    throw err instanceof Refused ? err : new Refused('not a JWT');
  }
  const { iss, sub, iat, exp } = claims;
  if (typeof iss !== 'string' || typeof sub !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') throw new Refused('claims missing');
  const m = /^([^.]+)\.([^.]+)\.(SHA256:[A-Za-z0-9+/]+=*)$/.exec(iss);
  if (!m) throw new Refused('issuer is not ACCOUNT.USER.SHA256:fingerprint');
  const [, issAccount, issUser, fingerprint] = m as unknown as [string, string, string, string];
  if (issAccount !== account) throw new Refused('another account');
  const user = state.users.get(issUser);
  if (!user) throw new Refused('unknown user');
  if (sub !== `${issAccount}.${issUser}`) throw new Refused('subject is not ACCOUNT.USER of the issuer');
  const key = state.publicKeyWithFingerprint(user, fingerprint);
  if (!key) throw new Refused('fingerprint matches neither RSA_PUBLIC_KEY nor RSA_PUBLIC_KEY_2');
  try {
    await jwtVerify(token, key, { algorithms: ['RS256'], currentDate: new Date(nowMs) });
  } catch (err) {
    throw new Refused(err instanceof joseErrors.JWTExpired ? 'expired' : 'signature does not verify');
  }
  const nowS = Math.floor(nowMs / 1000);
  if (iat > nowS + IAT_SKEW_S) throw new Refused('issued in the future');
  if (exp - iat > MAX_JWT_LIFETIME_S) throw new Refused('lifetime over one hour');
  return user;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
