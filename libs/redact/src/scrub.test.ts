import { headerCredentials, REDACTED_PLACEHOLDER, scrubSecrets, SECRET_PLACEHOLDER } from './index';

describe('scrubSecrets', () => {
  it('replaces every occurrence, the longest secret first, with [secret] by default', () => {
    const text = 'token canary-abc-123 and canary-abc-123-extended, again canary-abc-123';
    expect(scrubSecrets(text, ['canary-abc-123', 'canary-abc-123-extended'])).toBe(
      `token ${SECRET_PLACEHOLDER} and ${SECRET_PLACEHOLDER}, again ${SECRET_PLACEHOLDER}`,
    );
  });

  it('leaves values under 4 characters alone (they would mangle ordinary text) and takes any marker', () => {
    expect(scrubSecrets('a port 22 and key s3cr3t', ['22', 's3cr3t'], REDACTED_PLACEHOLDER)).toBe('a port 22 and key [redacted]');
  });
});

describe('headerCredentials', () => {
  it('gives the whole value, the credentials after the scheme, and a Basic password decoded', () => {
    const basic = `Basic ${Buffer.from('svc-user:canary-pass-77').toString('base64')}`;
    const found = headerCredentials({ authorization: 'Bearer canary-token-42', 'x-other': basic });
    expect(found).toEqual(expect.arrayContaining(['Bearer canary-token-42', 'canary-token-42', basic, 'svc-user:canary-pass-77', 'canary-pass-77']));
    const echoed = 'denied for canary-token-42 (user svc-user, password canary-pass-77)';
    expect(scrubSecrets(echoed, found)).not.toMatch(/canary/);
  });

  it('a value without a scheme is only itself', () => {
    expect(headerCredentials({ 'x-api-key': 'canary-key-9' })).toEqual(['canary-key-9']);
  });
});
