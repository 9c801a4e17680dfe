import { parseContractFile, scanReads } from './reads';

const packages = { '@sophia-ai/snowflake-contract': { snowflakeStack: 'snowflake' }, '@sophia-ai/lambda-labs-contract': { lambdaLabsStack: 'lambda-labs' } };
const reads = (text: string) => scanReads('stacks/x/src/a.ts', text, packages);
const outputs = (text: string) => reads(text).outputReads.map((r) => `${r.producer}.${r.output}:${r.line}`);

describe('scanReads: the outputs a program reads through contracts', () => {
  it.each([
    ['a variable holding the reference', `import { snowflakeStack } from '@sophia-ai/snowflake-contract';\nconst ref = referenceStack(snowflakeStack);\nref.output('host');`, ['snowflake.host:3']],
    ['an aliased import', `import { snowflakeStack as sf } from '@sophia-ai/snowflake-contract';\nconst r = referenceStack(sf, { parent: this });\nr.output('user');`, ['snowflake.user:3']],
    ['a namespace import', `import * as c from '@sophia-ai/snowflake-contract';\nconst r = new TypedStackReference(c.snowflakeStack);\nr.output('role');`, ['snowflake.role:3']],
    ['a reference made only sometimes', `import { snowflakeStack } from '@sophia-ai/snowflake-contract';\nconst sf = cond ? referenceStack(snowflakeStack, {}) : undefined;\nsf!.output('schema');`, ['snowflake.schema:3']],
    [
      'a parameter typed with the contract',
      `import { snowflakeStack } from '@sophia-ai/snowflake-contract';\nfunction f(ref: ReturnType<typeof referenceStack<typeof snowflakeStack>>) {\n  return ref.output('warehouse');\n}`,
      ['snowflake.warehouse:3'],
    ],
    [
      'a class property, assigned in the constructor or declared with its type',
      `import * as c from '@sophia-ai/snowflake-contract';\nclass A {\n  private readonly typed: TypedStackReference<typeof c.snowflakeStack>;\n  constructor() {\n    this.ref = referenceStack(c.snowflakeStack);\n    this.ref.output('host');\n    this.typed.output('user');\n  }\n}`,
      ['snowflake.host:6', 'snowflake.user:7'],
    ],
    ['a reference read at once', `import { lambdaLabsStack } from '@sophia-ai/lambda-labs-contract';\nexport const ip = referenceStack(lambdaLabsStack).output('platform_ip');`, ['lambda-labs.platform_ip:2']],
    ['a webhook URL from an output', `import { lambdaLabsStack } from '@sophia-ai/lambda-labs-contract';\nconst url = fromStackOutput(lambdaLabsStack, 'platform_ip', (ip) => ip);`, ['lambda-labs.platform_ip:2']],
    ['a key that is not a literal (left to the compiler)', `import { snowflakeStack } from '@sophia-ai/snowflake-contract';\nconst ref = referenceStack(snowflakeStack);\nref.output(key);`, []],
    ['an import of something that is not a contract', `import { lambdaLabsFirewall } from '@sophia-ai/lambda-labs-contract';\nconst ref = referenceStack(lambdaLabsFirewall);\nref.output('x');`, []],
    ['`.output` of anything else', `const out = something.output('host');`, []],
  ])('%s', (_name, text, expected) => {
    expect(outputs(text)).toEqual(expected);
  });

  it('finds untyped reads of @pulumi/pulumi (Config, StackReference), named or through the namespace', () => {
    const found = reads(
      [
        `import * as pulumi from '@pulumi/pulumi';`,
        `import { Config as C, StackReference } from '@pulumi/pulumi';`,
        `const a = new pulumi.Config('x');`,
        `const b = new C();`,
        `const r = new StackReference('org/p/dev');`,
        `const s = new pulumi.StackReference('org/p/dev');`,
      ].join('\n'),
    ).untypedReads;
    expect(found.map((r) => `${r.what}:${r.line}`)).toEqual(['config:3', 'config:4', 'stack-reference:5', 'stack-reference:6']);
  });

  it("a class named Config that is not Pulumi's is not a config read", () => {
    expect(reads(`import { Config } from './config';\nconst c = new Config();`).untypedReads).toEqual([]);
  });
});

describe('parseContractFile', () => {
  it('names each contract with its project and declared outputs; other exports are not contracts', () => {
    const text = [
      `export const snowflakeStack = defineStackContract({`,
      `  project: 'snowflake',`,
      `  description: 'd',`,
      `  outputs: { host: { schema: z.string() }, 'private_key': { schema: z.string(), secret: true } },`,
      `} as const);`,
      `export const facts = { port: 22 };`,
    ].join('\n');
    expect(parseContractFile('stacks/snowflake/contract/index.ts', text)).toEqual([
      { file: 'stacks/snowflake/contract/index.ts', exportName: 'snowflakeStack', project: 'snowflake', outputs: ['host', 'private_key'] },
    ]);
  });
});
