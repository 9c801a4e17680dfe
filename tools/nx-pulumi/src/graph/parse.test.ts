import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseContracts, stackRefsImports } from './parse';

describe('parseContracts', () => {
  it('maps each exported defineStackContract constant to its project', () => {
    const text = `
      import { defineStackContract } from '../contract';
      export const snowflakeStack = defineStackContract({ description: 'x', project: 'snowflake', outputs: {} });
      export const other = refs.defineStackContract({ project: \`gh-org\`, outputs: {} }) as const;
    `;
    expect(parseContracts('c.ts', text)).toEqual({ snowflakeStack: 'snowflake', other: 'gh-org' });
  });

  it('ignores unexported constants, other calls, computed projects and comments', () => {
    const text = `
      const hidden = defineStackContract({ project: 'hidden', outputs: {} });
      export const notAContract = somethingElse({ project: 'x' });
      export const computed = defineStackContract({ project: name, outputs: {} });
      // export const commented = defineStackContract({ project: 'nope' });
      export function defineLater() { return defineStackContract({ project: 'fn' }); }
    `;
    expect(parseContracts('c.ts', text)).toEqual({});
  });

  it('parses every real contract in libs/stack-refs to the project named by its file', () => {
    const dir = resolve(__dirname, '../../../../libs/stack-refs/src/contracts');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const projects = Object.values(parseContracts(f, readFileSync(join(dir, f), 'utf8')));
      expect(projects).toEqual([basename(f, '.ts')]);
    }
  });
});

describe('stackRefsImports', () => {
  const names = (text: string) => stackRefsImports('a.ts', text);

  it('returns imported names, resolving aliases to the exported name', () => {
    expect(names(`import { snowflakeStack, escStack as esc, type OutputSpec } from '@sophia-ai/stack-refs';`)).toEqual({
      names: ['escStack', 'snowflakeStack'],
    });
  });

  it('ignores type-only imports and other packages', () => {
    const text = `
      import type { githubStack } from '@sophia-ai/stack-refs';
      import { lambdaLabsStack } from '@sophia-ai/stack-refs-extra';
      import { portkeyStack } from './local';
      import '@sophia-ai/stack-refs';
      export type { githubStack as G } from '@sophia-ai/stack-refs';
    `;
    expect(names(text)).toEqual({ names: [] });
  });

  it('reads members of a namespace import and subpath imports', () => {
    const text = `
      import * as refs from '@sophia-ai/stack-refs';
      import { escStack } from '@sophia-ai/stack-refs/src/contracts/esc';
      const x = new refs.TypedStackReference(refs.snowflakeStack);
      type T = typeof refs;
    `;
    expect(names(text)).toEqual({ names: ['TypedStackReference', 'escStack', 'snowflakeStack'] });
  });

  it('does not count the package name appearing only in a comment or string', () => {
    expect(names(`// import { escStack } from '@sophia-ai/stack-refs'\nconst s = '@sophia-ai/stack-refs';`)).toEqual({ names: [] });
  });

  // Each of these gave no edge before: no deploy order and no affected widening, silently.
  it.each([
    ['a barrel re-export', `export { githubStack, lambdaLabsStack as lambda } from '@sophia-ai/stack-refs';`, ['githubStack', 'lambdaLabsStack']],
    ['destructuring a namespace', `import * as refs from '@sophia-ai/stack-refs';\nconst { githubStack, 'snowflakeStack': sf } = refs;`, ['githubStack', 'snowflakeStack']],
    ['an alias of a namespace, declared after use', `import * as refs from '@sophia-ai/stack-refs';\nexport const f = () => r.githubStack;\nconst r = refs;`, ['githubStack']],
    ['an alias of an alias', `import * as refs from '@sophia-ai/stack-refs';\nconst a = refs; const b = a;\nb['lambdaLabsStack'];`, ['lambdaLabsStack']],
    ['a default import', `import refs from '@sophia-ai/stack-refs';\nrefs.githubStack;`, ['githubStack']],
    ['import = require', `import refs = require('@sophia-ai/stack-refs');\nrefs.githubStack;`, ['githubStack']],
    ['require, destructured', `const { githubStack } = require('@sophia-ai/stack-refs');`, ['githubStack']],
    ['await import, destructured', `async function f() { const { snowflakeStack } = await import('@sophia-ai/stack-refs'); }`, ['snowflakeStack']],
  ])('resolves %s', (_label, text, expected) => {
    expect(names(text)).toEqual({ names: expected });
  });

  it.each([
    ['export *', `export * from '@sophia-ai/stack-refs';`, /a\.ts:1: re-exports all of @sophia-ai\/stack-refs/],
    ['export * as', `export * as refs from '@sophia-ai/stack-refs';`, /a\.ts:1: re-exports all/],
    ['a computed member', `import * as refs from '@sophia-ai/stack-refs';\nconst k = 'x';\nrefs[k];`, /a\.ts:3: cannot tell which stack contracts "refs" gives here/],
    ['the namespace passed on', `import * as refs from '@sophia-ai/stack-refs';\nuse(refs);`, /a\.ts:2: .*"refs"/],
    ['a rest binding', `import * as refs from '@sophia-ai/stack-refs';\nconst { githubStack, ...rest } = refs;`, /a\.ts:2: cannot tell .*\.\.\.rest/],
    ['an unassigned require', `use(require('@sophia-ai/stack-refs'));`, /a\.ts:1: loads @sophia-ai\/stack-refs without naming/],
  ])('names the file and line it cannot resolve: %s', (_label, text, expected) => {
    expect(names(text).unresolved).toMatch(expected);
  });
});
