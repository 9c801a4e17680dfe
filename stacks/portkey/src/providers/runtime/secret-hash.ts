/**
 * AI provider keys are write-only: state keeps `keySalt`/`keyHash` (libs/dynamic-provider's keyed hash), never the key.
 */
import { keyedHash, matchesKeyedHash } from '@sophia-ai/dynamic-provider/src/runtime';

export interface SecretHash {
  keySalt: string;
  keyHash: string;
}

export function hashSecret(secret: string, salt?: string): SecretHash {
  const { salt: keySalt, hash: keyHash } = keyedHash(secret, salt);
  return { keySalt, keyHash };
}

/** True when `secret` is the one `state` hashed (false when state holds no hash). */
export function sameSecret(state: Partial<SecretHash>, secret: unknown): boolean {
  return typeof secret === 'string' && matchesKeyedHash(state.keySalt, state.keyHash, secret);
}
