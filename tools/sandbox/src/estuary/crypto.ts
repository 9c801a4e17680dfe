/**
 * The emulator's secrets: sops-style config encryption (what config-encryption.estuary.dev does: every field
 * the connector's schema marks `secret: true` is encrypted and renamed with the `_sops` suffix, and a `sops`
 * object is added) and signed, expiring access tokens (JWT-shaped, so clients can read `exp`).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export const SOPS_SUFFIX = '_sops';
const ENC = /^ENC\[AES256_GCM,data:([A-Za-z0-9+/=]*),iv:([A-Za-z0-9+/=]+),tag:([A-Za-z0-9+/=]+),type:str\]$/;

export const isEncryptedValue = (v: unknown): boolean => typeof v === 'string' && ENC.test(v);

export class EmulatorKeys {
  private readonly dataKey = randomBytes(32);
  private readonly signingKey = randomBytes(32);

  encryptValue(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.dataKey, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${cipher.getAuthTag().toString('base64')},type:str]`;
  }

  /** The plain value of an ENC[...] string made by this emulator (tests: the secret arrived intact). */
  decryptValue(enc: string): string {
    const m = ENC.exec(enc);
    if (!m) throw new Error('not an encrypted value');
    const decipher = createDecipheriv('aes-256-gcm', this.dataKey, Buffer.from(m[2]!, 'base64'));
    decipher.setAuthTag(Buffer.from(m[3]!, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(m[1]!, 'base64')), decipher.final()]).toString('utf8');
  }

  /** An access token for `sub`, valid until `exp` (seconds). */
  issueToken(sub: string, exp: number): string {
    const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, exp, role: 'authenticated' })}`;
    return `${body}.${createHmac('sha256', this.signingKey).update(body).digest('base64url')}`;
  }

  /** The claims of a token this emulator signed, or undefined. */
  verifyToken(token: string): { sub: string; exp: number } | undefined {
    const [h, p, s] = token.split('.');
    if (!h || !p || !s || createHmac('sha256', this.signingKey).update(`${h}.${p}`).digest('base64url') !== s) return undefined;
    return JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { sub: string; exp: number };
  }
}

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; oneOf?: Schema[]; anyOf?: Schema[]; secret?: boolean; airbyte_secret?: boolean };

/** Properties of an object schema, with the branches of a oneOf/anyOf merged (credentials' auth_type variants). */
function propertiesOf(schema: Schema | undefined): Record<string, Schema> {
  if (!schema) return {};
  return Object.assign({}, schema.properties ?? {}, ...[...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].map(propertiesOf));
}

const isSecretField = (s: Schema | undefined) => s?.secret === true || s?.airbyte_secret === true;

/** `config` with every field the schema marks secret encrypted under `<name>_sops`, plus the `sops` object. */
export function encryptConfig(keys: EmulatorKeys, config: unknown, schema: Schema, now: number): Record<string, unknown> {
  const walk = (value: unknown, s: Schema | undefined): unknown => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const props = propertiesOf(s);
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) =>
        isSecretField(props[k]) && typeof v === 'string' ? [`${k}${SOPS_SUFFIX}`, keys.encryptValue(v)] : [k, walk(v, props[k])],
      ),
    );
  };
  const encrypted = walk(config, schema) as Record<string, unknown>;
  return { ...encrypted, sops: { encrypted_suffix: SOPS_SUFFIX, lastmodified: new Date(now).toISOString(), mac: keys.encryptValue('mac'), version: '3.7.3' } };
}

/**
 * JSON pointers of fields the schema marks secret that hold a plain value (not `<name>_sops` with ENC[...]):
 * what the control plane refuses to publish.
 */
export function plaintextSecrets(config: unknown, schema: Schema, base = ''): string[] {
  if (!config || typeof config !== 'object' || Array.isArray(config)) return [];
  const props = propertiesOf(schema);
  return Object.entries(config as Record<string, unknown>).flatMap(([k, v]) => {
    if (k === 'sops') return [];
    if (k.endsWith(SOPS_SUFFIX)) return isEncryptedValue(v) ? [] : [`${base}/${k}`];
    if (isSecretField(props[k])) return [`${base}/${k}`];
    return plaintextSecrets(v, props[k] ?? {}, `${base}/${k}`);
  });
}

/** Whether the field at `pointer` (schema names, no suffix) is present, plainly or encrypted. */
export function hasField(config: unknown, path: string[]): boolean {
  let cur: unknown = config;
  for (const [i, seg] of path.entries()) {
    if (!cur || typeof cur !== 'object') return false;
    const o = cur as Record<string, unknown>;
    if (i === path.length - 1) return seg in o || `${seg}${SOPS_SUFFIX}` in o;
    cur = o[seg];
  }
  return true;
}
