import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { contractImports, parseContracts } from './parse';

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

  it("parses every real stack's contract to the project named by its folder", () => {
    const stacks = resolve(__dirname, '../../../../stacks');
    const folders = readdirSync(stacks).filter((s) => existsSync(join(stacks, s, 'contract/index.ts')));
    expect(folders.length).toBeGreaterThan(0);
    for (const s of folders) {
      const projects = Object.values(parseContracts(s, readFileSync(join(stacks, s, 'contract/index.ts'), 'utf8')));
      expect(projects).toEqual([s]);
    }
  });
});

describe('contractImports', () => {
  const PACKAGES = ['@sophia-ai/c-contract', '@sophia-ai/other-contract'];
  /** The names taken from @sophia-ai/c-contract (the cases below use that package only). */
  const names = (text: string) => {
    const { modules, unresolved } = contractImports('a.ts', text, PACKAGES);
    expect(Object.keys(modules).filter((m) => m !== '@sophia-ai/c-contract')).toEqual([]);
    return unresolved ? { names: modules['@sophia-ai/c-contract'] ?? [], unresolved } : { names: modules['@sophia-ai/c-contract'] ?? [] };
  };

  it('keeps the names of each package apart', () => {
    const text = `import { snowflakeStack } from '@sophia-ai/c-contract';\nimport * as o from '@sophia-ai/other-contract';\no.githubStack;`;
    expect(contractImports('a.ts', text, PACKAGES)).toEqual({
      modules: { '@sophia-ai/c-contract': ['snowflakeStack'], '@sophia-ai/other-contract': ['githubStack'] },
    });
  });

  it('returns imported names, resolving aliases to the exported name', () => {
    expect(names(`import { snowflakeStack, escStack as esc, type OutputSpec } from '@sophia-ai/c-contract';`)).toEqual({
      names: ['escStack', 'snowflakeStack'],
    });
  });

  it('ignores type-only imports and other packages', () => {
    const text = `
      import type { githubStack } from '@sophia-ai/c-contract';
      import { lambdaLabsStack } from '@sophia-ai/c-contract-extra';
      import { portkeyStack } from './local';
      import { declareOutputs } from '@sophia-ai/stack-refs';
      import '@sophia-ai/c-contract';
      export type { githubStack as G } from '@sophia-ai/c-contract';
    `;
    expect(names(text)).toEqual({ names: [] });
  });

  it('reads members of a namespace import and subpath imports', () => {
    const text = `
      import * as refs from '@sophia-ai/c-contract';
      import { escStack } from '@sophia-ai/c-contract/esc';
      const x = new refs.TypedStackReference(refs.snowflakeStack);
      type T = typeof refs;
    `;
    expect(names(text)).toEqual({ names: ['TypedStackReference', 'escStack', 'snowflakeStack'] });
  });

  it('does not count the package name appearing only in a comment or string', () => {
    expect(names(`// import { escStack } from '@sophia-ai/c-contract'\nconst s = '@sophia-ai/c-contract';`)).toEqual({ names: [] });
  });

  // Each of these gave no edge before: no deploy order and no affected widening, silently.
  it.each([
    ['a barrel re-export', `export { githubStack, lambdaLabsStack as lambda } from '@sophia-ai/c-contract';`, ['githubStack', 'lambdaLabsStack']],
    ['destructuring a namespace', `import * as refs from '@sophia-ai/c-contract';\nconst { githubStack, 'snowflakeStack': sf } = refs;`, ['githubStack', 'snowflakeStack']],
    ['an alias of a namespace, declared after use', `import * as refs from '@sophia-ai/c-contract';\nexport const f = () => r.githubStack;\nconst r = refs;`, ['githubStack']],
    ['an alias of an alias', `import * as refs from '@sophia-ai/c-contract';\nconst a = refs; const b = a;\nb['lambdaLabsStack'];`, ['lambdaLabsStack']],
    ['a default import', `import refs from '@sophia-ai/c-contract';\nrefs.githubStack;`, ['githubStack']],
    ['import = require', `import refs = require('@sophia-ai/c-contract');\nrefs.githubStack;`, ['githubStack']],
    ['require, destructured', `const { githubStack } = require('@sophia-ai/c-contract');`, ['githubStack']],
    ['await import, destructured', `async function f() { const { snowflakeStack } = await import('@sophia-ai/c-contract'); }`, ['snowflakeStack']],
  ])('resolves %s', (_label, text, expected) => {
    expect(names(text)).toEqual({ names: expected });
  });

  it.each([
    ['export *', `export * from '@sophia-ai/c-contract';`, /a\.ts:1: re-exports all of @sophia-ai\/c-contract/],
    ['export * as', `export * as refs from '@sophia-ai/c-contract';`, /a\.ts:1: re-exports all/],
    ['a computed member', `import * as refs from '@sophia-ai/c-contract';\nconst k = 'x';\nrefs[k];`, /a\.ts:3: cannot tell which stack contracts "refs" gives here/],
    ['the namespace passed on', `import * as refs from '@sophia-ai/c-contract';\nuse(refs);`, /a\.ts:2: .*"refs"/],
    ['a rest binding', `import * as refs from '@sophia-ai/c-contract';\nconst { githubStack, ...rest } = refs;`, /a\.ts:2: cannot tell .*\.\.\.rest/],
    ['an unassigned require', `use(require('@sophia-ai/c-contract'));`, /a\.ts:1: loads @sophia-ai\/c-contract without naming/],
  ])('names the file and line it cannot resolve: %s', (_label, text, expected) => {
    expect(names(text).unresolved).toMatch(expected);
  });
});
