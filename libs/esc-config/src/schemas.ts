import { decodePublicKeyBase64 } from '@sophia-ai/ssh-injection';
import { z } from 'zod';

/**
 * One base64-encoded OpenSSH public key (ed25519 or rsa ≥ 2048), decoded and validated strictly. The issue
 * message explains what is wrong without echoing the value.
 */
export const sshPublicKeyBase64Schema = z.string().superRefine((value, ctx) => {
  try {
    decodePublicKeyBase64(value);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
  }
});

/** `sshPublicKeys`: base64 OpenSSH public keys, newest first, at least one, no duplicates. */
export const sshPublicKeysSchema = z
  .array(sshPublicKeyBase64Schema)
  .min(1, 'at least one SSH public key is required')
  .refine((keys) => new Set(keys).size === keys.length, 'contains the same key twice');
