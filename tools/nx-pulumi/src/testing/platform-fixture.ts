// A five-stack platform for the integration tests:
//   esc ← snowflake ← estuary      (snowflake also imports libs/naming)
//   github (Pulumi project "gh-org") ← lambda-labs
//   lambda-labs → lambda-labs-esc ← esc   (lambda-labs' Pulumi.dev.yaml imports the ESC environment defined in
//                                          stacks/lambda-labs/esc/dev.yaml, which the esc stack creates)
// Each producer's contract is its own package, stacks/<s>/contract (@sophia-ai/<s>-contract, Nx project <s>-contract),
// plus decoys that must NOT create stack edges: a producer importing its own contract, a type-only import, a test
// file importing a contract, helpers that are not contracts, and a fact exported by a contract package.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, type Files } from './fixture-workspace';

const stack = (name: string, pulumiName: string, tags: string[], files: Files): Files => ({
  [`stacks/${name}/package.json`]: JSON.stringify({
    name: `@sophia-ai/${name}`,
    version: '0.0.0',
    private: true,
    main: 'index.ts',
    nx: { name, tags },
  }),
  [`stacks/${name}/Pulumi.yaml`]: `name: ${pulumiName}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n`,
  [`stacks/${name}/Pulumi.local.yaml`]: 'config: {}\n',
  [`stacks/${name}/Pulumi.dev.yaml`]: `environment:\n  - ${name}-dev\n`,
  ...Object.fromEntries(Object.entries(files).map(([f, t]) => [`stacks/${name}/${f}`, t])),
});

/** A producer's contract package: `stacks/<folder>/contract`, declaring outputs of Pulumi project `project`. */
const contract = (folder: string, exportName: string, project: string, extra = ''): Files => ({
  [`stacks/${folder}/contract/package.json`]: JSON.stringify({
    name: `@sophia-ai/${folder}-contract`,
    main: 'index.ts',
    nx: { name: `${folder}-contract`, tags: ['type:contract'] },
  }),
  [`stacks/${folder}/contract/index.ts`]:
    `import { defineStackContract } from '@sophia-ai/stack-refs';\n\n` +
    `export const ${exportName} = defineStackContract({\n  project: '${project}',\n  description: '${project}',\n  outputs: {},\n});\n` +
    extra,
});

export const PLATFORM_PACKAGES: Record<string, string> = {
  'stack-refs': 'libs/stack-refs',
  naming: 'libs/naming',
  esc: 'stacks/esc',
  'esc-contract': 'stacks/esc/contract',
  snowflake: 'stacks/snowflake',
  'snowflake-contract': 'stacks/snowflake/contract',
  estuary: 'stacks/estuary',
  github: 'stacks/github',
  'github-contract': 'stacks/github/contract',
  'lambda-labs': 'stacks/lambda-labs',
};

export const PLATFORM_FILES: Files = {
  // @nx/js in devDependencies is what turns on Nx's TypeScript import analysis (stack → lib edges).
  'package.json': JSON.stringify({
    name: 'fixture',
    private: true,
    workspaces: ['libs/*', 'tools/*', 'stacks/*', 'stacks/*/contract'],
    devDependencies: { '@nx/js': '23.2.1', nx: '23.2.1' },
  }),
  'nx.json': JSON.stringify({
    useDaemonProcess: false,
    neverConnectToCloud: true,
    defaultBase: 'main',
    namedInputs: {
      default: ['{projectRoot}/**/*', 'sharedGlobals'],
      sharedGlobals: ['{workspaceRoot}/tsconfig.base.json'],
      production: ['default', '!{projectRoot}/**/*.test.ts'],
    },
    plugins: ['./tools/nx-pulumi'],
  }),
  'tsconfig.base.json': JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true } }),
  'docs/guide.md': '# Guide\n',

  'libs/naming/package.json': JSON.stringify({ name: '@sophia-ai/naming', main: 'src/index.ts', nx: { name: 'naming' } }),
  'libs/naming/src/index.ts': "export const prefix = (s: string) => `sophia-${s}`;\n",

  'libs/stack-refs/package.json': JSON.stringify({ name: '@sophia-ai/stack-refs', main: 'src/index.ts', nx: { name: 'stack-refs' } }),
  'libs/stack-refs/src/index.ts': "export * from './contract';\n",
  // The real naming module: the plugin resolves the organisation and stack names with it.
  'libs/stack-refs/src/naming.ts': readFileSync(join(REPO_ROOT, 'libs/stack-refs/src/naming.ts'), 'utf8'),
  'libs/stack-refs/src/contract.ts':
    'export function defineStackContract<T extends { project: string }>(c: T): T {\n  return c;\n}\n' +
    'export class TypedStackReference<T> {\n  constructor(readonly contract: T) {}\n}\n',

  ...contract('esc', 'escStack', 'esc'),
  ...contract('snowflake', 'snowflakeStack', 'snowflake'),
  // Pulumi project name differs from the folder: the edge must still land on Nx project `github`. `githubFacts`
  // is not a contract: reading it creates no StackReference, so no stack edge (only the import edge to the package).
  ...contract('github', 'githubStack', 'gh-org', 'export const githubFacts = Object.freeze({ webhookPort: 443 });\n'),

  ...stack('esc', 'esc', ['team:platform'], {
    'index.ts':
      "import { escStack } from '@sophia-ai/esc-contract';\nimport { githubFacts } from '@sophia-ai/github-contract';\n" +
      'export const project = [escStack.project, githubFacts.webhookPort];\n',
  }),
  ...stack('snowflake', 'snowflake', ['team:data'], {
    'index.ts':
      "import { snowflakeStack } from '@sophia-ai/snowflake-contract';\nimport { TypedStackReference } from '@sophia-ai/stack-refs';\n" +
      "import { connection } from './src/esc-config';\nexport const out = [snowflakeStack.project, connection, TypedStackReference];\n",
    'src/esc-config.ts':
      "import { escStack as esc } from '@sophia-ai/esc-contract';\nimport { prefix } from '@sophia-ai/naming';\n" +
      'export const connection = prefix(esc.project);\n',
  }),
  ...stack('estuary', 'estuary', ['team:data'], {
    'index.ts':
      "import type { githubStack } from '@sophia-ai/github-contract';\nimport { materialize } from './src/materialize';\n" +
      'export const out: typeof githubStack | string = materialize;\n',
    'src/materialize.ts': "import * as refs from '@sophia-ai/snowflake-contract';\nexport const materialize = refs.snowflakeStack.project;\n",
    'src/materialize.test.ts': "import { githubStack } from '@sophia-ai/github-contract';\nexport const t = githubStack;\n",
  }),
  ...stack('github', 'gh-org', ['team:platform'], {
    'index.ts': "export const org = 'sophia-ai';\n",
  }),
  ...stack('lambda-labs', 'lambda-labs', ['team:ml'], {
    'index.ts': "import { githubStack as gh } from '@sophia-ai/github-contract';\nexport const repo = gh.project;\n",
    'esc/project.json': JSON.stringify({ name: 'lambda-labs-esc', tags: ['type:esc-definitions', 'team:ml'] }),
    'esc/dev.yaml': 'imports:\n  - secrets-dev\nvalues:\n  pulumiConfig: {}\n',
  }),
  // The environments stack reads every definition it creates (as stacks/esc does).
  'stacks/esc/package.json': JSON.stringify({
    name: '@sophia-ai/esc',
    version: '0.0.0',
    private: true,
    main: 'index.ts',
    nx: { name: 'esc', tags: ['team:platform'], implicitDependencies: ['*-esc'] },
  }),
};
