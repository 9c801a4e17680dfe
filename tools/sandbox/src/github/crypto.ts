/**
 * The sealed-box scheme of GitHub Actions secrets (docs "Encrypting secrets for the REST API"): each scope has a
 * Curve25519 keypair; clients seal the UTF-8 value with `crypto_box_seal` to the public key and send it base64
 * (ORIGINAL variant) with the key's `key_id`. The emulator keeps the private keys and opens what it receives.
 */
import { randomInt } from 'node:crypto';
import sodium from 'libsodium-wrappers';

export interface ScopeKey {
  /** Numeric string like GitHub's (e.g. `568250167242549743`). */
  key_id: string;
  /** Base64 (ORIGINAL) Curve25519 public key. */
  key: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

export const sodiumReady = () => sodium.ready;

/** A fresh keypair (call after `sodiumReady()`). */
export function newScopeKey(): ScopeKey {
  const pair = sodium.crypto_box_keypair();
  const key_id = `${randomInt(1, 10)}${Array.from({ length: 17 }, () => randomInt(0, 10)).join('')}`;
  return { key_id, key: sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL), publicKey: pair.publicKey, privateKey: pair.privateKey };
}

/** Opens a base64 sealed box; `undefined` when it is not base64 or not sealed to this key. */
export function openSealed(encryptedValue: string, key: ScopeKey): Uint8Array | undefined {
  try {
    return sodium.crypto_box_seal_open(sodium.from_base64(encryptedValue, sodium.base64_variants.ORIGINAL), key.publicKey, key.privateKey);
  } catch {
    return undefined;
  }
}

/** What a client does: seals `plaintext` to a scope's base64 public key (tests and examples use it). */
export async function sealForGithub(publicKeyBase64: string, plaintext: string | Uint8Array): Promise<string> {
  await sodium.ready;
  const sealed = sodium.crypto_box_seal(typeof plaintext === 'string' ? sodium.from_string(plaintext) : plaintext, sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL));
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}
