import { decodePublicKeyBase64 } from './transport';
import { z } from 'zod';

/**
 * One base64-encoded OpenSSH public key (ed25519 or rsa ≥ 2048), decoded and validated strictly. The issue
 * message explains what is wrong without echoing the value.
 */
export const sshPublicKeyBase64Schema = z.string().superRefine((value, ctx) => {
  // The two usual paste mistakes get their own words (the decoder would only say "not valid base64").
  if (/PRIVATE KEY-----/.test(value)) {
    ctx.addIssue({ code: 'custom', message: 'this is a PRIVATE key; only the base64 of a public key (.pub) belongs here — keep the private key in ~/.ssh' });
    return;
  }
  if (/^\s*(ssh-ed25519|ssh-rsa) /.test(value)) {
    ctx.addIssue({ code: 'custom', message: 'this is an OpenSSH public key line, not its base64 form (`sophia-ssh-keys show` prints the Base64 line; `push` stores it)' });
    return;
  }
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
