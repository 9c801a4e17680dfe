import * as crypto from 'node:crypto';
import fc from 'fast-check';
import { isPlaceholder, placeholderReason, type ValueKind } from './placeholders';

// [value, kind, expected reason pattern or undefined when the value must pass]
const CASES: Array<[string, ValueKind, RegExp | undefined]> = [
  ['', 'text', /empty/],
  ['   ', 'key', /empty/],
  ['changeme', 'text', /placeholder word/],
  ['CHANGEME', 'key', /placeholder word/],
  ['change-me-please-now', 'key', /placeholder wording/],
  ['TODO', 'text', /placeholder word/],
  ['TODO: ask ops for the key', 'text', /placeholder wording/],
  ['TBD', 'text', /placeholder word/],
  ['xxx', 'text', /placeholder word|x characters/],
  ['xxxxxxxxxxxxxxxxxxxxxxxx', 'key', /repeated|x characters/],
  ['sk-xxxxxxxxxxxxxxxxxxxx', 'key', /x characters/],
  ['<your-api-key>', 'key', /<\.\.\.> placeholder|placeholder wording/],
  ['<LAMBDA_API_KEY>', 'key', /<\.\.\.> placeholder/],
  ['${LAMBDA_API_KEY}', 'key', /\$\{\.\.\.\} template/],
  ['${{ secrets.LAMBDA_API_KEY }}', 'key', /template/],
  ['{{ lambda_api_key }}', 'key', /\{\{\.\.\.\}\} template/],
  ['$LAMBDA_API_KEY', 'key', /\$VARIABLE/],
  ['%API_KEY%', 'text', /%VARIABLE%/],
  ['example', 'text', /placeholder word/],
  ['AKIAIOSFODNN7EXAMPLE', 'key', /placeholder wording/],
  ['your-snowflake-password-here', 'key', /placeholder wording/],
  ['aaaaaaaaaaaaaaaa', 'key', /repeated/],
  ['0000000000000000', 'key', /repeated/],
  ['********', 'text', /repeated|mask/],
  ['abcdefghijkl', 'text', /sequential/],
  ['0123456789', 'key', /sequential/],
  ['abcabcabcabcabcabcabc', 'key', /entropy/],
  ['short1', 'key', /too short/],
  ['not-a-real-key-at-all', 'key', /placeholder wording/],
  // Real-looking values that must pass.
  ['secret_sophia-ai_8f3b2c7d91e64a05b7c2d9e1f0a3b4c5', 'key', undefined],
  ['ghp_R7d9Kq2LmX4vB8nT1sW6yZ0cF3hJ5gA9eP2u', 'key', undefined],
  ['sk-proj-Vb3nQ8xL2mK7pR9tW4yZ1cF6hJ0gD5sA', 'key', undefined],
  ['c8b9e2f4-7a1d-4e3b-9f6c-2d8a5b1e7c40', 'key', undefined],
  ['us-west-1', 'text', undefined],
  ['gpu_1x_a100_sxm4', 'text', undefined],
  ['sophia-ai-production', 'text', undefined],
  ['https://api.lambdalabs.com/api/v1', 'text', undefined],
];

describe('placeholderReason', () => {
  it('has at least 20 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(20));

  it.each(CASES)('%j (%s) → %s', (value, kind, expected) => {
    const reason = placeholderReason(value, kind);
    if (expected === undefined) expect(reason).toBeUndefined();
    else expect(reason).toMatch(expected);
    expect(isPlaceholder(value, kind)).toBe(expected !== undefined);
  });

  it('never quotes the value in its reason', () => {
    for (const [value, kind] of CASES) {
      const reason = placeholderReason(value, kind);
      if (reason && value.trim().length > 3) expect(reason).not.toContain(value.trim());
    }
  });

  it('property: random 256-bit hex and base64 keys pass as real keys', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        expect(placeholderReason(Buffer.from(bytes).toString('hex'), 'key')).toBeUndefined();
      }),
      { numRuns: 300 },
    );
    for (let i = 0; i < 50; i++) expect(placeholderReason(crypto.randomBytes(24).toString('base64'), 'key')).toBeUndefined();
  });
});
