import { describeValue, parsePublicKey, SshKeyError } from './keys';

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Base64 transport form of a public key (what ESC holds): base64 of the one-line OpenSSH text. */
export function encodePublicKeyBase64(publicKey: string): string {
  const parsed = parsePublicKey(publicKey);
  return Buffer.from(parsed.openssh, 'utf8').toString('base64');
}

/**
 * Strictly decodes a base64 transport value back to a validated OpenSSH public key line.
 * Rejects non-canonical base64, non-text payloads, private keys and anything that is not ed25519/rsa.
 * Errors never echo the whole value.
 */
export function decodePublicKeyBase64(value: string): string {
  if (typeof value !== 'string') throw new SshKeyError('Base64 SSH public key must be a string');
  const trimmed = value.trim();
  if (!trimmed) throw new SshKeyError('Base64 SSH public key is empty');
  if (!STRICT_BASE64.test(trimmed)) {
    throw new SshKeyError(`Base64 SSH public key is not valid base64 (${describeValue(trimmed)})`);
  }
  const bytes = Buffer.from(trimmed, 'base64');
  if (bytes.toString('base64') !== trimmed) {
    throw new SshKeyError(`Base64 SSH public key is not canonical base64 (${describeValue(trimmed)})`);
  }
  const text = bytes.toString('utf8');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
  if (!Buffer.from(text, 'utf8').equals(bytes) || /[\x00-\x08\x0e-\x1f\x7f]/.test(text)) {
    throw new SshKeyError(`Base64 SSH public key decodes to binary data, not an OpenSSH public key line (${describeValue(trimmed)})`);
  }
  if (/PRIVATE KEY/.test(text)) {
    throw new SshKeyError('Base64 value decodes to a PRIVATE key; only public keys may be stored or transported');
  }
  try {
    return parsePublicKey(text).openssh;
  } catch (e) {
    throw new SshKeyError(`Base64 SSH public key decodes to something that is not a valid public key: ${(e as Error).message}`);
  }
}

/** Accepts either form (an OpenSSH line or its base64 transport form) and returns the validated OpenSSH line. */
export function normalizePublicKey(value: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : value;
  if (typeof trimmed === 'string' && (/^ssh-[a-z0-9-]+\s/.test(trimmed) || /PRIVATE KEY/.test(trimmed))) {
    return parsePublicKey(trimmed).openssh;
  }
  return decodePublicKeyBase64(trimmed);
}
