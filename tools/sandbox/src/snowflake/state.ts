/**
 * The account: its users with their registered public keys (RSA_PUBLIC_KEY, RSA_PUBLIC_KEY_2, as
 * `ALTER USER … SET RSA_PUBLIC_KEY = '…'` sets them) and the statements run, by handle, for
 * `GET /api/v2/statements/{handle}`.
 */
import { createHash, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { ApiError } from './errors';

/** What tests and `serve` register: a user and up to two public keys (PEM, or the base64 body Snowflake takes). */
export interface UserRegistration {
  name: string;
  rsaPublicKey?: string;
  rsaPublicKey2?: string;
}

interface RegisteredKey {
  key: KeyObject;
  /** `SHA256:<base64>`, as DESCRIBE USER shows it in RSA_PUBLIC_KEY_FP. */
  fingerprint: string;
}

export interface UserRecord {
  name: string;
  rsaPublicKey?: RegisteredKey;
  rsaPublicKey2?: RegisteredKey;
}

export interface StatementRecord {
  handle: string;
  /** Who ran it: another user's handle is not found. */
  user: string;
  statement: string;
  createdOn: number;
}

/** `SHA256:` + base64 of the SHA-256 of the public key's DER SubjectPublicKeyInfo (RSA_PUBLIC_KEY_FP); a private key names its public half. */
export function publicKeyFingerprint(key: KeyObject): string {
  const spki = (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(spki).digest('base64')}`;
}

/** A public key as registered: PEM, or the one-line base64 body `ALTER USER … SET RSA_PUBLIC_KEY` takes. */
function registeredKey(text: string, which: string, user: string): RegisteredKey {
  const pem = text.includes('-----BEGIN') ? text : `-----BEGIN PUBLIC KEY-----\n${text.replace(/\s+/g, '')}\n-----END PUBLIC KEY-----\n`;
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new Error(`${which} of user ${user}: not an RSA public key (PEM or its base64 body)`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`${which} of user ${user}: not an RSA key`);
  return { key, fingerprint: publicKeyFingerprint(key) };
}

export class SnowflakeState {
  readonly users = new Map<string, UserRecord>();
  readonly statements = new Map<string, StatementRecord>();

  constructor(private readonly now: () => number) {}

  /** Creates or replaces a user's keys (names upper-cased, as unquoted identifiers are). */
  register(u: UserRegistration): UserRecord {
    if (typeof u?.name !== 'string' || u.name === '') throw new Error('a user registration needs a name');
    const name = u.name.toUpperCase();
    const record: UserRecord = {
      name,
      rsaPublicKey: u.rsaPublicKey ? registeredKey(u.rsaPublicKey, 'RSA_PUBLIC_KEY', name) : undefined,
      rsaPublicKey2: u.rsaPublicKey2 ? registeredKey(u.rsaPublicKey2, 'RSA_PUBLIC_KEY_2', name) : undefined,
    };
    this.users.set(name, record);
    return record;
  }

  publicKeyWithFingerprint(user: UserRecord, fingerprint: string): KeyObject | undefined {
    return [user.rsaPublicKey, user.rsaPublicKey2].find((k) => k?.fingerprint === fingerprint)?.key;
  }

  run(user: UserRecord, statement: string): StatementRecord {
    const record = { handle: randomUUID(), user: user.name, statement, createdOn: this.now() };
    this.statements.set(record.handle, record);
    return record;
  }

  statement(user: UserRecord, handle: string): StatementRecord {
    const s = this.statements.get(handle);
    if (!s || s.user !== user.name) throw new ApiError(422, '000709', `Statement ${handle} not found`, { sqlState: '02000', statementHandle: handle, createdOn: this.now() });
    return s;
  }
}
