/**
 * Write-only secrets (an AI provider key, an endpoint password): the API never answers them, and state must never
 * hold them. State keeps a keyed hash instead (HMAC-SHA256 under a random per-resource salt), so a changed secret
 * is detected without storing it, and the same secret in two resources hashes differently (nothing to correlate).
 * Each kind keeps its own state field names; this is the one implementation behind them.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface KeyedHash {
  salt: string;
  hash: string;
}

/** The hash of `value` under `salt` (a fresh random salt by default). */
export function keyedHash(value: string, salt = randomBytes(16).toString('hex')): KeyedHash {
  return { salt, hash: createHmac('sha256', salt).update(value).digest('hex') };
}

/** True when `value` is the one hashed as (`salt`, `hash`); false when state holds no hash. Constant-time compare. */
export function matchesKeyedHash(salt: unknown, hash: unknown, value: string): boolean {
  if (typeof salt !== 'string' || typeof hash !== 'string') return false;
  const a = Buffer.from(keyedHash(value, salt).hash, 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
