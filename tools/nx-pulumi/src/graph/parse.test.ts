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
  it('returns imported names, resolving aliases to the exported name', () => {
    const text = `import { snowflakeStack, escStack as esc, type OutputSpec } from '@sophia-ai/stack-refs';`;
    expect(stackRefsImports('a.ts', text)).toEqual(['escStack', 'snowflakeStack']);
  });

  it('ignores type-only imports and other packages', () => {
    const text = `
      import type { githubStack } from '@sophia-ai/stack-refs';
      import { lambdaLabsStack } from '@sophia-ai/stack-refs-extra';
      import { portkeyStack } from './local';
      import '@sophia-ai/stack-refs';
    `;
    expect(stackRefsImports('a.ts', text)).toEqual([]);
  });

  it('reads members of a namespace import and subpath imports', () => {
    const text = `
      import * as refs from '@sophia-ai/stack-refs';
      import { escStack } from '@sophia-ai/stack-refs/src/contracts/esc';
      const x = new refs.TypedStackReference(refs.snowflakeStack);
    `;
    expect(stackRefsImports('a.ts', text)).toEqual(['TypedStackReference', 'escStack', 'snowflakeStack']);
  });

  it('does not count the package name appearing only in a comment or string', () => {
    expect(stackRefsImports('a.ts', `// import { escStack } from '@sophia-ai/stack-refs'\nconst s = '@sophia-ai/stack-refs';`)).toEqual([]);
  });
});
