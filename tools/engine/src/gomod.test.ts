import { compareGoVersions, goDirective, parseReplaces, wrapperGoMod } from './gomod';

// Shaped like the Pulumi CLI's pkg/go.mod: one local replace (a sibling module) and one non-local.
const CLI_GO_MOD = `module github.com/pulumi/pulumi/pkg/v3

go 1.25.11

replace github.com/pulumi/pulumi/sdk/v3 => ../sdk

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e // fork

require (
	github.com/blang/semver v3.5.1+incompatible
)
`;

const BLOCK_GO_MOD = `module example.com/host/v3
go 1.25
replace (
	github.com/pulumi/pulumi/pkg/v3 => ../../../../pkg
	github.com/pulumi/pulumi/sdk/v3 => ../../..
	example.com/old v1.0.0 => example.com/new v1.2.0
)
`;

describe('parseReplaces', () => {
  it('reads single-line and block directives, local and not', () => {
    expect(parseReplaces(CLI_GO_MOD)).toEqual([
      { from: 'github.com/pulumi/pulumi/sdk/v3', to: '../sdk', local: true },
      { from: 'github.com/atotto/clipboard', to: 'github.com/tgummerer/clipboard', toVersion: 'v0.0.0-20241001131231-d02d263e614e', local: false },
    ]);
    expect(parseReplaces(BLOCK_GO_MOD)).toEqual([
      { from: 'github.com/pulumi/pulumi/pkg/v3', to: '../../../../pkg', local: true },
      { from: 'github.com/pulumi/pulumi/sdk/v3', to: '../../..', local: true },
      { from: 'example.com/old', fromVersion: 'v1.0.0', to: 'example.com/new', toVersion: 'v1.2.0', local: false },
    ]);
  });
  it('finds none where there are none', () => {
    expect(parseReplaces('module x\n\ngo 1.22\n')).toEqual([]);
  });
});

describe('wrapperGoMod', () => {
  const built = { path: 'github.com/pulumi/pulumi/pkg/v3', version: 'v3.248.0' };
  const sdk = { path: 'github.com/pulumi/pulumi/sdk/v3', version: 'v3.248.0' };

  it('requires the module and its siblings at one release and repeats only the non-local replaces', () => {
    const text = wrapperGoMod({ module: 'sophia-ai.local/engine/pulumi', go: '1.25.11', built, requires: [sdk], builtGoMod: CLI_GO_MOD });
    expect(text).toContain('module sophia-ai.local/engine/pulumi\n');
    expect(text).toContain('go 1.25.11\n');
    expect(text).toContain('\tgithub.com/pulumi/pulumi/pkg/v3 v3.248.0\n\tgithub.com/pulumi/pulumi/sdk/v3 v3.248.0\n');
    expect(text).toContain('\tgithub.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e\n');
    expect(text).not.toContain('../sdk');
  });

  it('refuses a local replace that no pinned sibling covers, naming it', () => {
    expect(() => wrapperGoMod({ module: 'w', go: '1.25', built, requires: [], builtGoMod: CLI_GO_MOD })).toThrow(
      /github.com\/pulumi\/pulumi\/sdk\/v3 => \.\.\/sdk/,
    );
  });

  it('writes no replace block when nothing is to be repeated', () => {
    const text = wrapperGoMod({ module: 'w', go: '1.21', built: sdk, requires: [], builtGoMod: 'module github.com/pulumi/pulumi/sdk/v3\n\ngo 1.21\n' });
    expect(text).not.toContain('replace');
  });
});

describe('Go versions', () => {
  it.each([
    ['go1.26.8', '1.25.11', 1],
    ['go1.25.11', '1.25.11', 0],
    ['go1.25', '1.25.11', -1],
    ['go1.24.4', '1.25', -1],
  ])('%s vs %s', (a, b, expected) => expect(compareGoVersions(a, b)).toBe(expected));

  it('reads the go directive', () => {
    expect(goDirective(CLI_GO_MOD)).toBe('1.25.11');
    expect(goDirective('module x\n')).toBeUndefined();
  });
});
