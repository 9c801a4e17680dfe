import * as crypto from 'node:crypto';
import sshpk from 'sshpk';

/** Every problem with key material. Messages never contain a whole key (only a short, safe excerpt). */
export class SshKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SshKeyError';
  }
}

/** Key types accepted for `ssh_authorized_keys`. */
export type SshKeyType = 'ed25519' | 'rsa';

/** Smallest RSA modulus accepted (OpenSSH refuses smaller keys since 8.8 for new keys). */
export const MIN_RSA_BITS = 2048;

export interface SshKeyPair {
  /** OpenSSH private key (`-----BEGIN OPENSSH PRIVATE KEY-----`, unencrypted). Keep on the operator machine. */
  privateKey: string;
  /** One line: `ssh-ed25519 AAAA… comment` (no trailing newline). */
  publicKey: string;
  /** `SHA256:<unpadded base64>` exactly as `ssh-keygen -lf` prints it. */
  fingerprint: string;
}

export interface ParsedPublicKey {
  type: SshKeyType;
  /** Canonical one-line OpenSSH form (type, base64 blob and comment if any). */
  openssh: string;
  comment: string;
  fingerprint: string;
  bits: number;
}

/** A short, safe description of a value for error messages: length and first characters only. */
export function describeValue(value: string): string {
  const head = value.slice(0, 12).replace(/[^\x20-\x7e]/g, '?');
  return `${value.length} characters, starting "${head}${value.length > 12 ? '…' : ''}"`;
}

/** Generates an ed25519 key pair with Node's crypto and encodes it in OpenSSH formats with sshpk. */
export function generateEd25519KeyPair(comment = ''): SshKeyPair {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const key = sshpk.parsePrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 'pkcs8');
  key.comment = comment;
  const publicKey = key.toPublic();
  publicKey.comment = comment;
  const priv = key.toString('openssh');
  return {
    privateKey: priv.endsWith('\n') ? priv : priv + '\n',
    publicKey: publicKey.toString('ssh').trim(),
    fingerprint: publicKey.fingerprint('sha256').toString(),
  };
}

const PUBLIC_PREFIX: Record<string, SshKeyType> = { 'ssh-ed25519': 'ed25519', 'ssh-rsa': 'rsa' };

/**
 * Parses and validates one OpenSSH public key line (`ssh-ed25519 AAAA… [comment]` or `ssh-rsa …`).
 * Rejects private keys, other key types, blobs whose inner type differs from the prefix, short RSA keys.
 */
export function parsePublicKey(text: string): ParsedPublicKey {
  if (typeof text !== 'string') throw new SshKeyError('SSH public key must be a string');
  if (/PRIVATE KEY/.test(text)) {
    throw new SshKeyError('This is a PRIVATE key; only public keys may be used here (the private key never leaves ~/.ssh)');
  }
  const line = text.trim();
  if (line.includes('\n')) throw new SshKeyError(`SSH public key must be a single line (got ${describeValue(line)})`);
  const [prefix, blob, ...rest] = line.split(/\s+/);
  const type = PUBLIC_PREFIX[prefix ?? ''];
  if (!type || !blob) {
    throw new SshKeyError(
      `Not an OpenSSH ed25519/rsa public key: expected "ssh-ed25519 AAAA…" or "ssh-rsa AAAA…" (got ${describeValue(line)})`,
    );
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) throw new SshKeyError(`SSH public key blob is not base64 (got ${describeValue(line)})`);
  let key: sshpk.Key;
  try {
    key = sshpk.parseKey(line, 'ssh');
  } catch {
    throw new SshKeyError(`SSH public key does not decode as an OpenSSH ${prefix} key (got ${describeValue(line)})`);
  }
  if (key.type !== type) throw new SshKeyError(`SSH public key says ${prefix} but its blob holds a ${key.type} key`);
  // The blob must be canonical: re-encoding gives back the same bytes (no trailing garbage).
  const canonicalBlob = key.toString('ssh').split(/\s+/)[1];
  if (canonicalBlob !== blob) throw new SshKeyError(`SSH public key blob has trailing or malformed data (got ${describeValue(line)})`);
  if (type === 'ed25519' && key.size !== 256) throw new SshKeyError('ed25519 public key has the wrong length');
  if (type === 'rsa' && key.size < MIN_RSA_BITS) {
    throw new SshKeyError(`RSA public key has ${key.size} bits; at least ${MIN_RSA_BITS} are required`);
  }
  const comment = rest.join(' ');
  return {
    type,
    openssh: comment ? `${prefix} ${blob} ${comment}` : `${prefix} ${blob}`,
    comment,
    fingerprint: key.fingerprint('sha256').toString(),
    bits: key.size,
  };
}

/** `SHA256:…` fingerprint of an OpenSSH public key line, as `ssh-keygen -lf` prints it. */
export function fingerprint(publicKey: string): string {
  return parsePublicKey(publicKey).fingerprint;
}

/** Parses an OpenSSH private key (as written by `generateEd25519KeyPair` or ssh-keygen, unencrypted). */
export function parsePrivateKey(text: string): { type: string; publicKey: string; fingerprint: string } {
  let key: sshpk.PrivateKey;
  try {
    key = sshpk.parsePrivateKey(text, 'auto');
  } catch {
    // Never echo any part of a private key.
    throw new SshKeyError('The private key file is not a readable (unencrypted) OpenSSH private key');
  }
  const pub = key.toPublic();
  pub.comment = key.comment ?? '';
  return { type: key.type, publicKey: pub.toString('ssh').trim(), fingerprint: pub.fingerprint('sha256').toString() };
}

/** Node `KeyObject`s for an OpenSSH ed25519 private key (to sign) — used by tests and tooling. */
export function ed25519PrivateKeyObject(privateOpenssh: string): crypto.KeyObject {
  const key = sshpk.parsePrivateKey(privateOpenssh, 'openssh');
  if (key.type !== 'ed25519') throw new SshKeyError(`Expected an ed25519 private key, got ${key.type}`);
  const part = (name: string) => key.parts.find((p) => p.name === name)!.data;
  return crypto.createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: part('k').subarray(0, 32).toString('base64url'), x: part('A').toString('base64url') },
    format: 'jwk',
  });
}

/** Node `KeyObject` for an OpenSSH public key line (ed25519 or rsa) — to verify signatures. */
export function publicKeyObject(publicKey: string): crypto.KeyObject {
  const parsed = parsePublicKey(publicKey);
  const key = sshpk.parseKey(parsed.openssh, 'ssh');
  if (key.type === 'ed25519') {
    return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.parts.find((p) => p.name === 'A')!.data.toString('base64url') }, format: 'jwk' });
  }
  return crypto.createPublicKey(key.toString('pkcs8'));
}
