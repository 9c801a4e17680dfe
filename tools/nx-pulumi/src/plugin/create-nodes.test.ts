import { pulumiProjectName } from './create-nodes';

describe('pulumiProjectName', () => {
  it('reads name: from Pulumi.yaml', () => {
    expect(pulumiProjectName('name: gh-org\nruntime: nodejs\n', 'github')).toBe('gh-org');
  });
  it('falls back to the folder name when name: is missing or empty', () => {
    expect(pulumiProjectName('runtime: nodejs\n', 'esc')).toBe('esc');
    expect(pulumiProjectName('name: ""\n', 'esc')).toBe('esc');
    expect(pulumiProjectName('', 'esc')).toBe('esc');
  });
});
