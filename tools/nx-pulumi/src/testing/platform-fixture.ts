// A five-stack platform for the integration tests:
//   esc ← snowflake ← estuary      (snowflake also imports libs/naming)
//   github (Pulumi project "gh-org") ← lambda-labs
// plus decoys that must NOT create edges: a producer importing its own contract, a type-only import,
// a test file importing a contract, and helpers that are not contracts.
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

const contract = (exportName: string, project: string) =>
  `import { defineStackContract } from '../contract';\n\n` +
  `export const ${exportName} = defineStackContract({\n  project: '${project}',\n  description: '${project}',\n  outputs: {},\n});\n`;

export const PLATFORM_PACKAGES: Record<string, string> = {
  'stack-refs': 'libs/stack-refs',
  naming: 'libs/naming',
  esc: 'stacks/esc',
  snowflake: 'stacks/snowflake',
  estuary: 'stacks/estuary',
  github: 'stacks/github',
  'lambda-labs': 'stacks/lambda-labs',
};

export const PLATFORM_FILES: Files = {
  // @nx/js in devDependencies is what turns on Nx's TypeScript import analysis (stack → lib edges).
  'package.json': JSON.stringify({
    name: 'fixture',
    private: true,
    workspaces: ['libs/*', 'tools/*', 'stacks/*'],
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
  'libs/stack-refs/src/index.ts': "export * from './contract';\nexport * from './contracts';\n",
  // The real naming module: the plugin resolves the organisation and stack names with it.
  'libs/stack-refs/src/naming.ts': readFileSync(join(REPO_ROOT, 'libs/stack-refs/src/naming.ts'), 'utf8'),
  'libs/stack-refs/src/contract.ts':
    'export function defineStackContract<T extends { project: string }>(c: T): T {\n  return c;\n}\n' +
    'export class TypedStackReference<T> {\n  constructor(readonly contract: T) {}\n}\n',
  'libs/stack-refs/src/contracts/index.ts':
    "export * from './esc';\nexport * from './snowflake';\nexport * from './github';\n",
  'libs/stack-refs/src/contracts/esc.ts': contract('escStack', 'esc'),
  'libs/stack-refs/src/contracts/snowflake.ts': contract('snowflakeStack', 'snowflake'),
  // Pulumi project name differs from the folder: the edge must still land on Nx project `github`.
  'libs/stack-refs/src/contracts/github.ts': contract('githubStack', 'gh-org'),

  ...stack('esc', 'esc', ['team:platform'], {
    'index.ts': "import { escStack } from '@sophia-ai/stack-refs';\nexport const project = escStack.project;\n",
  }),
  ...stack('snowflake', 'snowflake', ['team:data'], {
    'index.ts':
      "import { snowflakeStack, TypedStackReference } from '@sophia-ai/stack-refs';\n" +
      "import { connection } from './src/esc-config';\nexport const out = [snowflakeStack.project, connection, TypedStackReference];\n",
    'src/esc-config.ts':
      "import { escStack as esc } from '@sophia-ai/stack-refs';\nimport { prefix } from '@sophia-ai/naming';\n" +
      'export const connection = prefix(esc.project);\n',
  }),
  ...stack('estuary', 'estuary', ['team:data'], {
    'index.ts':
      "import type { githubStack } from '@sophia-ai/stack-refs';\nimport { materialize } from './src/materialize';\n" +
      'export const out: typeof githubStack | string = materialize;\n',
    'src/materialize.ts': "import * as refs from '@sophia-ai/stack-refs';\nexport const materialize = refs.snowflakeStack.project;\n",
    'src/materialize.test.ts': "import { githubStack } from '@sophia-ai/stack-refs';\nexport const t = githubStack;\n",
  }),
  ...stack('github', 'gh-org', ['team:platform'], {
    'index.ts': "export const org = 'sophia-ai';\n",
  }),
  ...stack('lambda-labs', 'lambda-labs', ['team:ml'], {
    'index.ts': "import { githubStack as gh } from '@sophia-ai/stack-refs';\nexport const repo = gh.project;\n",
  }),
};
