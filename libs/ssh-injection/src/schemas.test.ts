import { generateEd25519KeyPair } from './keys';
import { encodePublicKeyBase64 } from './transport';
import { sshPublicKeysSchema } from './schemas';

describe('sshPublicKeysSchema', () => {
  it('rejects private keys, duplicates and empty lists', () => {
    const pair = generateEd25519KeyPair();
    const good = encodePublicKeyBase64(pair.publicKey);
    expect(sshPublicKeysSchema.safeParse([good]).success).toBe(true);
    expect(sshPublicKeysSchema.safeParse([]).success).toBe(false);
    expect(sshPublicKeysSchema.safeParse([good, good]).success).toBe(false);
    const priv = sshPublicKeysSchema.safeParse([Buffer.from(pair.privateKey).toString('base64')]);
    expect(priv.success).toBe(false);
    expect(JSON.stringify(priv.error?.issues)).toMatch(/PRIVATE key/);
  });
});
