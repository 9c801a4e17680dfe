import { classifyGoFailure } from './go-errors';

const M = 'github.com/pulumi/pulumi-github/provider/v6';
const V = 'v6.15.0';

describe('classifyGoFailure', () => {
  it.each([
    [
      'a proxy refusal names module, version and the status, without the URL',
      `go: ${M}@${V}: reading https://proxy.example/${M}/@v/${V}.info: 403 Forbidden\n\tserver response: This module version is not available.`,
      'refused',
      `the Go module proxy does not serve ${M}@${V} (403 Forbidden: This module version is not available.)`,
    ],
    ['an unknown revision is a refusal too', `go: ${M}@${V}: invalid version: unknown revision ${V}`, 'refused', `does not serve ${M}@${V}`],
    ['no network', `go: ${M}@${V}: Get "https://proxy.example/x": dial tcp: lookup proxy.example: no such host`, 'unreachable', 'check GOPROXY'],
    ['a toolchain too old', `go: ${M}@${V} requires go >= 1.25.11 (running go 1.24.1; GOTOOLCHAIN=local)`, 'toolchain', 'needs Go 1.25.11 or newer'],
    ['a compile error keeps the compiler output', './main.go:3:1: syntax error: non-declaration statement', 'build', 'syntax error'],
  ])('%s', (_title, output, kind, message) => {
    const failure = classifyGoFailure(M, V, output);
    expect(failure.kind).toBe(kind);
    expect(failure.message).toContain(message);
    expect(failure.message).not.toContain('https://');
  });
});
