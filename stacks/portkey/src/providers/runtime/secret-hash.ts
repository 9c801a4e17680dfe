/**
 * Write-only secrets (AI provider keys): the API never answers them, and state must never hold them. State keeps
 * a keyed hash (HMAC-SHA256 under a random per-resource salt) so a changed key is detected without storing it,
 * and a hash seen elsewhere reveals nothing across resources.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface SecretHash {
  keySalt: string;
  keyHash: string;
}

export function hashSecret(secret: string, salt = randomBytes(16).toString('hex')): SecretHash {
  return { keySalt: salt, keyHash: createHmac('sha256', salt).update(secret).digest('hex') };
}

/** True when `secret` is the one `state` hashed (false when state holds no hash). */
export function sameSecret(state: Partial<SecretHash>, secret: unknown): boolean {
  if (typeof state.keySalt !== 'string' || typeof state.keyHash !== 'string' || typeof secret !== 'string') return false;
  const a = Buffer.from(hashSecret(secret, state.keySalt).keyHash, 'hex');
  const b = Buffer.from(state.keyHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
