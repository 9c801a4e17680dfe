import * as crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  decodePublicKeyBase64,
  ed25519PrivateKeyObject,
  encodePublicKeyBase64,
  fingerprint,
  generateEd25519KeyPair,
  normalizePublicKey,
  parsePrivateKey,
  parsePublicKey,
  publicKeyObject,
  SshKeyError,
} from './index';

// Vectors produced by OpenSSH's ssh-keygen (`ssh-keygen -lf`).
const ED_VECTOR = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPWDydS/NIviCU9981KQSOvTN3gnaS1DuyDTKhaDTC96 vector@test';
const ED_VECTOR_FP = 'SHA256:GnYXF5NfZZHo0QlIsla28NVDpZOvUsnlNx8mmAcaioE';
const RSA_VECTOR =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDu2H0xv6CtUAD2TSY56ffAwHCOhbyZWrkrOW2F1DiWQ69QyzVcq7Q5K3nZVe9opvxbYjnLdov6/kHkly1esK75YdLTh1nBL7QcFBPb2Yl1NGVxabd7fTsEIAzPgFktP5WU11ODD9H59iH9UtdD3Rq6GZXlDWxI7sZxo78wQ5uzzExQLh/lrfg6PfYzGKY0tMtmWBTs84e1+D8m91cO8Pf6AJQldtlrNT+YOBFmwg8QuCV5g+cDbajHQ8m2ZkCemCPPH88yWwFDJB6VzFA9fvzzVy6oc8WMDmFotpWS3QcutDB2yG9ouGiNet0v9ZyvMKID9T3En75ODD7ZutPHphJz rsa@test';
const RSA_VECTOR_FP = 'SHA256:7u9JVrGMMBWlc7Ww4QDyqF/Sv8QFIr2TKj4WhgdBW7Q';

describe('generateEd25519KeyPair', () => {
  const pair = generateEd25519KeyPair('operator@laptop');

  it('emits OpenSSH private and public formats', () => {
    expect(pair.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n$/);
    expect(pair.publicKey).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43} operator@laptop$/);
    expect(pair.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('round-trips through Node crypto: sign with the private key, verify with the parsed public key', () => {
    const message = Buffer.from('sophia-ai lambda boot check');
    const signature = crypto.sign(null, message, ed25519PrivateKeyObject(pair.privateKey));
    expect(crypto.verify(null, message, publicKeyObject(pair.publicKey), signature)).toBe(true);
    expect(crypto.verify(null, Buffer.from('tampered'), publicKeyObject(pair.publicKey), signature)).toBe(false);
    const other = generateEd25519KeyPair();
    expect(crypto.verify(null, message, publicKeyObject(other.publicKey), signature)).toBe(false);
  });

  it('private key parses back to the same public key and fingerprint', () => {
    const back = parsePrivateKey(pair.privateKey);
    expect(back.type).toBe('ed25519');
    expect(back.publicKey).toBe(pair.publicKey);
    expect(back.fingerprint).toBe(pair.fingerprint);
  });

  it('fingerprint is SHA-256 of the key blob, unpadded base64 (independent computation)', () => {
    const blob = Buffer.from(pair.publicKey.split(' ')[1]!, 'base64');
    const expected = 'SHA256:' + crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
    expect(pair.fingerprint).toBe(expected);
  });

  const sshKeygen = (() => {
    try {
      execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
      return true;
    } catch (e) {
      return (e as { status?: number }).status !== undefined && (e as NodeJS.ErrnoException).code !== 'ENOENT';
    }
  })();
  (sshKeygen ? it : it.skip)('OpenSSH ssh-keygen reads the private key and derives the same public key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sshinj-'));
    const file = path.join(dir, 'id');
    fs.writeFileSync(file, pair.privateKey, { mode: 0o600 });
    const derived = execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' }).trim();
    expect(derived.split(' ').slice(0, 2)).toEqual(pair.publicKey.split(' ').slice(0, 2));
    fs.writeFileSync(file + '.pub', pair.publicKey + '\n');
    expect(execFileSync('ssh-keygen', ['-lf', file + '.pub'], { encoding: 'utf8' })).toContain(pair.fingerprint);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('parsePublicKey / fingerprint', () => {
  it('matches ssh-keygen fingerprints for known ed25519 and rsa vectors', () => {
    expect(fingerprint(ED_VECTOR)).toBe(ED_VECTOR_FP);
    expect(fingerprint(RSA_VECTOR)).toBe(RSA_VECTOR_FP);
    expect(parsePublicKey(RSA_VECTOR)).toMatchObject({ type: 'rsa', bits: 2048, comment: 'rsa@test' });
    expect(parsePublicKey(`  ${ED_VECTOR}\n`).openssh).toBe(ED_VECTOR);
  });

  it.each([
    ['empty', ''],
    ['an unsupported type', 'ssh-dss AAAAB3NzaC1kc3MAAACBAP== x'],
    ['a blob that is not base64', 'ssh-ed25519 not*base64 c'],
    ['a blob of another type', 'ssh-ed25519 ' + RSA_VECTOR.split(' ')[1]],
    ['a truncated blob', 'ssh-ed25519 ' + ED_VECTOR.split(' ')[1]!.slice(0, 40)],
    ['two lines', ED_VECTOR + '\n' + ED_VECTOR],
    ['garbage', 'hello world'],
  ])('rejects %s', (_what, value) => {
    expect(() => parsePublicKey(value)).toThrow(SshKeyError);
  });

  it('rejects a private key without echoing it', () => {
    const { privateKey } = generateEd25519KeyPair();
    let message = '';
    try {
      parsePublicKey(privateKey);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/PRIVATE key/);
    const body = privateKey.split('\n')[1]!;
    expect(message).not.toContain(body.slice(0, 20));
  });

  it('error messages never contain the whole value', () => {
    const long = 'ssh-ed25519 ' + 'Q'.repeat(300) + ' canary-comment-7f3a';
    expect(() => parsePublicKey(long)).toThrow(SshKeyError);
    try {
      parsePublicKey(long);
    } catch (e) {
      expect((e as Error).message).not.toContain('canary-comment-7f3a');
      expect((e as Error).message.length).toBeLessThan(200);
    }
  });
});

describe('base64 transport', () => {
  it('round-trips OpenSSH lines', () => {
    const b64 = encodePublicKeyBase64(ED_VECTOR);
    expect(b64).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(decodePublicKeyBase64(b64)).toBe(ED_VECTOR);
    expect(normalizePublicKey(b64)).toBe(ED_VECTOR);
    expect(normalizePublicKey(ED_VECTOR)).toBe(ED_VECTOR);
  });

  it.each([
    ['empty', ''],
    ['not base64', 'this is not base64!'],
    ['bad padding', 'c3NoLWVkMjU1MTk=='],
    ['binary garbage', Buffer.from([0, 1, 2, 250, 251, 252, 3, 4, 5]).toString('base64')],
    ['text that is not a key', Buffer.from('hello world').toString('base64')],
    ['an rsa key too short', Buffer.from('ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAQQDB c').toString('base64')],
    ['the raw OpenSSH line instead of base64', ED_VECTOR],
  ])('rejects %s with SshKeyError', (_what, value) => {
    expect(() => decodePublicKeyBase64(value)).toThrow(SshKeyError);
  });

  it('rejects a base64 private key and does not echo it', () => {
    const { privateKey } = generateEd25519KeyPair();
    const b64 = Buffer.from(privateKey).toString('base64');
    expect(() => decodePublicKeyBase64(b64)).toThrow(/PRIVATE key/);
    try {
      decodePublicKeyBase64(b64);
    } catch (e) {
      expect((e as Error).message).not.toContain(b64.slice(20, 60));
    }
  });

  it('property: any generated key survives encode → decode, and any random bytes are rejected or a valid key', () => {
    const keys = Array.from({ length: 5 }, (_, i) => generateEd25519KeyPair(`k${i}`).publicKey);
    fc.assert(
      fc.property(fc.constantFrom(...keys), (k) => decodePublicKeyBase64(encodePublicKeyBase64(k)) === k),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const b64 = Buffer.from(bytes).toString('base64');
        try {
          decodePublicKeyBase64(b64);
          return false; // random bytes are never a valid key
        } catch (e) {
          return e instanceof SshKeyError && !(e as Error).message.includes(b64.length > 40 ? b64 : '\u0000');
        }
      }),
      { numRuns: 300 },
    );
  });
});
