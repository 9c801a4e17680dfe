/**
 * Lint enforces the project kinds' boundaries (eslint.config.mjs, Nx tags `type:*`): probes written as if they sat
 * in a stack and in a library are linted with the workspace's own config, so the rule is shown to fire.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
jest.setTimeout(120_000);

/** The boundary rule's messages for `code` linted as `file` (a child eslint: its config is ESM, jest's runtime is not). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const r = spawnSync(process.execPath, [ESLINT, '--stdin', '--stdin-filename', file, '-f', 'json'], { cwd: ROOT, input: code, encoding: 'utf8' });
  if (!r.stdout.trim().startsWith('[')) throw new Error(`eslint failed (${r.status}):\n${r.stderr}`);
  const results = JSON.parse(r.stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
  return results.flatMap((x) => x.messages).filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it("a stack may not import another stack's program", async () => {
    expect(await boundaryErrors('stacks/snowflake/src/probe.ts', "import * as gh from '@sophia-ai/github';\nexport const x = gh;\n")).toEqual([
      expect.stringMatching(/Imports of apps are forbidden/),
    ]);
  });

  it("a stack may import libraries and another stack's contract", async () => {
    const code = "import { lambdaLabsStack } from '@sophia-ai/lambda-labs-contract';\nimport { loadConfig } from '@sophia-ai/config';\nexport const x = [lambdaLabsStack, loadConfig];\n";
    expect(await boundaryErrors('stacks/github/src/probe.ts', code)).toEqual([]);
  });

  it('a library may not import a tool', async () => {
    expect(await boundaryErrors('libs/http/src/probe.ts', "import { startSandbox } from '@sophia-ai/sandbox';\nexport const x = startSandbox;\n")).toEqual([
      expect.stringMatching(/type:lib|Circular dependency/),
    ]);
  });

  it("a stack's tests may start the sandbox's emulators", async () => {
    expect(await boundaryErrors('stacks/portkey/src/probe.test.ts', "import { startSandbox } from '@sophia-ai/sandbox';\nexport const x = startSandbox;\n")).toEqual([]);
  });
});
