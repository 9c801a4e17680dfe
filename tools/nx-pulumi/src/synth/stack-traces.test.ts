import { UNRECORDED_SDK_TRACE, unrecordedSdkTraces } from './stack-traces';

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

  it('records one line for the traces the SDK takes in debuggablePromise, maps every other', () => {
    const seen = mapping();
    unrecordedSdkTraces({});
    expect(debuggablePromise()).toBe(UNRECORDED_SDK_TRACE);
    expect(programCode()).toBe('mapped bug');
    expect(seen).toEqual(['programCode']);
  });

  it("records none of the SDK's resource source positions (Resource.callsites), which a mock monitor discards", () => {
    const { Resource } = require('@pulumi/pulumi/resource') as { Resource: { callsites(): Array<{ file?: string }> } };
    const seen = mapping();
    Error.prepareStackTrace = (error, frames) => (seen.push(frames[0]?.getFunctionName() ?? ''), `Error\n    at callsites (${__filename}:1:1)`);
    expect(Resource.callsites()).toEqual([{ file: __filename, line: 1, column: 1 }]);
    unrecordedSdkTraces({});
    expect(Resource.callsites()).toEqual([]);
    expect(seen).toEqual(['callsites']);
  });

  it('leaves every trace mapped when PULUMI_DEBUG_PROMISE_LEAKS asks for the leak report', () => {
    const seen = mapping();
    unrecordedSdkTraces({ PULUMI_DEBUG_PROMISE_LEAKS: 'true' });
    expect(debuggablePromise()).toBe('mapped sdk');
    expect(programCode()).toBe('mapped bug');
    expect(seen).toEqual(['debuggablePromise', 'programCode']);
  });
});
