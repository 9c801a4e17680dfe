import { ExpectedError } from './expected-error';

class SampleSpecError extends ExpectedError {}

describe('ExpectedError', () => {
  it('is an Error named after its class, with the marker the Pulumi language host looks for', () => {
    const e = new SampleSpecError('spec has 1 problem');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('SampleSpecError');
    expect(e.message).toBe('spec has 1 problem');
    expect((e as unknown as { __pulumiRunError?: boolean }).__pulumiRunError).toBe(true);
    // the marker is not enumerable: it never shows when the error is printed or serialised
    expect(Object.keys(e)).not.toContain('__pulumiRunError');
  });
  it('a plain Error carries no marker (a bug keeps its stack trace)', () => {
    expect((new Error('x') as unknown as { __pulumiRunError?: boolean }).__pulumiRunError).toBeUndefined();
  });
});
