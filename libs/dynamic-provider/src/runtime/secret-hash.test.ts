import { keyedHash, matchesKeyedHash } from './secret-hash';

describe('keyedHash / matchesKeyedHash', () => {
  const CANARY = 'canary-provider-key-Zq8rT4vW';

  it('detects a changed secret without holding it, and salts each resource apart', () => {
    const a = keyedHash(CANARY);
    expect(JSON.stringify(a)).not.toContain(CANARY);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(matchesKeyedHash(a.salt, a.hash, CANARY)).toBe(true);
    expect(matchesKeyedHash(a.salt, a.hash, `${CANARY}x`)).toBe(false);
    expect(keyedHash(CANARY).hash).not.toBe(a.hash); // another salt
    expect(keyedHash(CANARY, a.salt)).toEqual(a);
  });

  it('is false when state holds no hash (older state, or a resource created before the secret was set)', () => {
    expect(matchesKeyedHash(undefined, undefined, CANARY)).toBe(false);
    expect(matchesKeyedHash('salt', 'abcd', CANARY)).toBe(false);
  });
});
