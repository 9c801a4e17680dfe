import { fingerprintMarker, fingerprintOf, isSecretMarker } from './fingerprint';

describe('secret fingerprint markers', () => {
  it.each([
    ['[secret]', true, undefined],
    ['[secret:0123456789ab]', true, '0123456789ab'],
    ['[secret:XYZ]', false, undefined],
    ['secret', false, undefined],
    ['[secret:]', false, undefined],
  ])('%s', (text, marker, fingerprint) => {
    expect(isSecretMarker(text)).toBe(marker);
    expect(fingerprintOf(text)).toBe(fingerprint);
  });

  it('round-trips', () => {
    expect(fingerprintOf(fingerprintMarker('abcdef012345'))).toBe('abcdef012345');
  });
});
