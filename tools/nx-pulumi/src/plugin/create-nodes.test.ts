import { readPulumiYaml } from './create-nodes';

describe('readPulumiYaml', () => {
  it('reads name: from Pulumi.yaml', () => {
    expect(readPulumiYaml('name: gh-org\nruntime: nodejs\n', 'github')).toEqual({ pulumiProject: 'gh-org' });
  });
  it('falls back to the folder name when name: is missing or empty', () => {
    expect(readPulumiYaml('runtime: nodejs\n', 'esc').pulumiProject).toBe('esc');
    expect(readPulumiYaml('name: ""\n', 'esc').pulumiProject).toBe('esc');
    expect(readPulumiYaml('', 'esc').pulumiProject).toBe('esc');
  });
  it('reads a pinned backend (a DIY backend decides the organisation)', () => {
    expect(readPulumiYaml('name: x\nbackend:\n  url: file://./state\n', 'x')).toEqual({ pulumiProject: 'x', backendUrl: 'file://./state' });
  });
});
