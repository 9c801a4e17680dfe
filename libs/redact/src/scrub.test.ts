import { headerCredentials, scrubSecrets } from './index';

describe('scrubSecrets', () => {
  it('replaces every occurrence, longest secret first, and leaves very short values alone', () => {
    const text = 'token=CANARY-LONG-9f2 again CANARY-LONG-9f2; part CANARY; id=ab';
    expect(scrubSecrets(text, ['CANARY', 'CANARY-LONG-9f2', 'ab'])).toBe('token=[secret] again [secret]; part [secret]; id=ab');
    expect(scrubSecrets('Bearer CANARY-LONG-9f2', new Set(['CANARY-LONG-9f2']), '[redacted]')).toBe('Bearer [redacted]');
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
