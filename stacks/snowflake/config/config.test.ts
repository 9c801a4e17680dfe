import { validateConfig } from '@sophia-ai/config';
import { snowflakeConfig } from '.';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7q4Zr\n-----END PRIVATE KEY-----\n';
const base: Record<string, string> = {
  'snowflake:organizationName': 'SOPHIAAI',
  'snowflake:accountName': 'PROD_EU',
  'snowflake:adminUser': 'PULUMI_DEPLOYER',
  'snowflake:adminPrivateKey': PEM,
  'snowflake:ingestBucketUrl': 's3://sophia-ai-ingest/raw/',
  'snowflake:ingestAwsRoleArn': 'arn:aws:iam::123456789012:role/snowflake-ingest',
};
const run = (over: Record<string, string | undefined> = {}) =>
  validateConfig(snowflakeConfig, (k) => (k in over ? over[k] : base[k]), 'dev');

describe('snowflake config namespace', () => {
  it('accepts a complete config and fills defaults', () => {
    const r = run();
    expect(r.ok && r.values).toMatchObject({ adminRole: 'ACCOUNTADMIN', monitorNotifyUsers: [], accountName: 'PROD_EU' });
  });

  it('accepts a key with literal \\n escapes (single-line secret stores)', () => {
    const r = run({ 'snowflake:adminPrivateKey': PEM.replace(/\n/g, '\\n') });
    expect(r.ok && r.values.adminPrivateKey).toBe(PEM);
  });

  it('rejects a non-PKCS#8 key without echoing it, and says where it belongs', () => {
    const r = run({ 'snowflake:adminPrivateKey': '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAu6uGa9\n-----END RSA PRIVATE KEY-----' });
    expect(r.ok).toBe(false);
    const p = !r.ok ? r.problems[0]! : undefined;
    expect(p?.message).toMatch(/PKCS#8/);
    expect(p?.message).not.toContain('MIIEpAIBAAKCAQEAu6uGa9');
    expect(p?.belongsIn).toMatch(/sophia-ai\/secrets-dev.*SNOWFLAKE_ADMIN_PRIVATE_KEY/);
  });

  it('flags placeholders and bad identifiers, all at once', () => {
    const r = run({ 'snowflake:adminPrivateKey': 'changeme', 'snowflake:accountName': 'prod-eu', 'snowflake:adminUser': undefined });
    expect(!r.ok && r.problems.map((p) => [p.key, p.kind])).toEqual([
      ['accountName', 'invalid'],
      ['adminUser', 'missing'],
      ['adminPrivateKey', 'placeholder'],
    ]);
  });

  it('marks only credentials secret and owned by the sync tool', () => {
    const secret = Object.entries(snowflakeConfig.keys).filter(([, s]) => 'secret' in s && s.secret).map(([k]) => k);
    expect(secret).toEqual(['adminPrivateKey', 'adminPrivateKeyPassphrase']);
    for (const [key, spec] of Object.entries(snowflakeConfig.keys)) {
      // keyRotation: the rotation record, written by `sophia-secrets rotate` (not a credential, not committed config).
      const owner = secret.includes(key) ? 'secrets-sync' : key === 'keyRotation' ? 'rotation' : 'esc-stack';
      expect({ key, owner: spec.owner }).toEqual({ key, owner });
    }
  });
});
