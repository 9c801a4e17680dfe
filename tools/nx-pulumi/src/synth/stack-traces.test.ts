import { plainTracesForSdkPromises } from './stack-traces';

describe("the SDK's bookkeeping traces in synth", () => {
  const original = Error.prepareStackTrace;
  afterEach(() => {
    Error.prepareStackTrace = original;
  });

  // Stands in for source-map-support's hook (what ts-node installs): marks every trace it formats.
  const mapping = () => {
    const seen: string[] = [];
    Error.prepareStackTrace = (error, frames) => {
      seen.push(frames[0]?.getFunctionName() ?? '');
      return `mapped ${error.message}`;
    };
    return seen;
  };

  // Named as in @pulumi/pulumi runtime/debuggable.js: the trace is taken in its first frame.
  function debuggablePromise(): string {
    return new Error('sdk').stack!;
  }
  function programCode(): string {
    return new Error('bug').stack!;
  }

  it('skips the mapping for traces the SDK takes in debuggablePromise, keeps it for every other', () => {
    const seen = mapping();
    plainTracesForSdkPromises({});
    const sdk = debuggablePromise();
    expect(sdk.split('\n')[0]).toBe('Error: sdk');
    expect(sdk.split('\n')[1]).toMatch(/^ {4}at debuggablePromise \(.*stack-traces\.test\.ts:\d+:\d+\)$/);
    expect(programCode()).toBe('mapped bug');
    expect(seen).toEqual(['programCode']);
  });

  it('leaves every trace mapped when PULUMI_DEBUG_PROMISE_LEAKS asks for the leak report', () => {
    const seen = mapping();
    plainTracesForSdkPromises({ PULUMI_DEBUG_PROMISE_LEAKS: 'true' });
    expect(debuggablePromise()).toBe('mapped sdk');
    expect(seen).toEqual(['debuggablePromise']);
  });
});
