import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { definitionFor, environmentImports, projectOwning, scanEnvironmentImports } from './environments';

const stack = (name: string) => ({ name, root: `stacks/${name}`, pulumiProject: name });

describe('environmentImports', () => {
  it.each([
    ['environment:\n  - sophia-ai/lambda-labs-dev\n', ['sophia-ai/lambda-labs-dev']],
    ['environment:\n  - sophia-ai/a-dev@stable\n  - sophia-ai/b-dev@42\n', ['sophia-ai/a-dev', 'sophia-ai/b-dev']],
    ['config:\n  a:b: 1\n', []],
    ['environment: sophia-ai/a-dev\n', []],
    ['environment: [\n', []],
    ['', []],
  ])('%j → %j', (text, expected) => {
    expect(environmentImports(text)).toEqual(expected);
  });
});

describe('definitionFor', () => {
  const stacks = [stack('data'), stack('data-lake'), stack('lambda-labs')];
  const files = new Set(['stacks/data-lake/esc/dev.yaml', 'stacks/data/esc/lake-dev.yaml', 'stacks/lambda-labs/esc/dev.yaml']);
  const exists = (f: string) => files.has(f);

  it.each([
    ['sophia-ai/lambda-labs-dev', 'stacks/lambda-labs/esc/dev.yaml'],
    // The longest stack name wins; the shorter one is tried when the longer has no such file.
    ['sophia-ai/data-lake-dev', 'stacks/data-lake/esc/dev.yaml'],
    ['sophia-ai/lambda-labs-staging', undefined],
    ['sophia-ai/secrets-dev', undefined],
    ['sophia-ai/unknown-dev', undefined],
  ])('%s → %s', (environment, expected) => {
    expect(definitionFor(environment, stacks, exists)).toBe(expected);
  });
});

describe('projectOwning', () => {
  it('is the project with the deepest root containing the file', () => {
    const roots = { 'lambda-labs': 'stacks/lambda-labs', 'lambda-labs-esc': 'stacks/lambda-labs/esc', esc: 'stacks/esc' };
    expect(projectOwning('stacks/lambda-labs/esc/dev.yaml', roots)).toBe('lambda-labs-esc');
    expect(projectOwning('stacks/lambda-labs/index.ts', roots)).toBe('lambda-labs');
    expect(projectOwning('stacks/lambda-labs-x/a.yaml', roots)).toBeUndefined();
  });
});

describe('scanEnvironmentImports', () => {
  let root: string;
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'env-imports-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds every Pulumi.<env>.yaml import that resolves to a committed definition, with its file', () => {
    write('stacks/a/Pulumi.yaml', 'name: a\n');
    write('stacks/a/Pulumi.dev.yaml', 'environment:\n  - sophia-ai/a-dev\n  - sophia-ai/b-dev@stable\n  - sophia-ai/secrets-dev\n');
    write('stacks/a/Pulumi.local.yaml', 'config:\n  a:x: 1\n');
    write('stacks/a/esc/dev.yaml', 'values: {}\n');
    write('stacks/b/Pulumi.yaml', 'name: b\n');
    write('stacks/b/esc/dev.yaml', 'values: {}\n');
    expect(scanEnvironmentImports(root, [stack('a'), stack('b')])).toEqual([
      { source: 'a', environment: 'sophia-ai/a-dev', sourceFile: 'stacks/a/Pulumi.dev.yaml', definitionFile: 'stacks/a/esc/dev.yaml' },
      { source: 'a', environment: 'sophia-ai/b-dev', sourceFile: 'stacks/a/Pulumi.dev.yaml', definitionFile: 'stacks/b/esc/dev.yaml' },
    ]);
  });
});
