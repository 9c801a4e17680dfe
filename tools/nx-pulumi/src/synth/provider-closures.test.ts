import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { skipProviderSerialization } from './provider-closures';

const WORKSPACE = path.resolve(__dirname, '../../../..');
const BIN = path.join(WORKSPACE, 'tools', 'nx-pulumi', 'bin', 'synth.js');

function synth(stack: string, outDir: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve) => {
    const args = [BIN, path.join(WORKSPACE, 'stacks', stack), '--env', 'local', '--out-dir', outDir];
    execFile(process.execPath, args, { cwd: WORKSPACE, env: { ...process.env, ...env } }, (err) => resolve(err ? 1 : 0));
  });
}

jest.setTimeout(60_000);

describe("synth's shortcuts through the SDK's bookkeeping", () => {
  it('the SDK serializer the program uses answers the plan placeholder, without reading the closure', async () => {
    skipProviderSerialization(path.join(WORKSPACE, 'stacks', 'lambda-labs'));
    const serializer = require(require.resolve('@pulumi/pulumi/runtime/closure/serializeClosure', { paths: [path.join(WORKSPACE, 'stacks', 'lambda-labs')] }));
    let read = false;
    const provider = { get create() { read = true; return async () => ({ id: 'x' }); } };
    await expect(serializer.serializeFunction(() => provider, { allowSecrets: true })).resolves.toEqual({ text: '[dynamic provider]', exportName: 'handler', containsSecrets: false });
    expect(read).toBe(false);
  });

  it("a stack of dynamic resources (lambda-labs) plans byte for byte as with the SDK's own run (SOPHIA_SYNTH_SDK_AS_IS)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-closures-'));
    try {
      const [serialized, skipped] = [path.join(dir, 'serialized'), path.join(dir, 'skipped')];
      expect(await synth('lambda-labs', serialized, { SOPHIA_SYNTH_SDK_AS_IS: 'true' })).toBe(0);
      expect(await synth('lambda-labs', skipped)).toBe(0);
      const plan = (root: string) => fs.readFileSync(path.join(root, 'lambda-labs', 'local.json'), 'utf8');
      expect(plan(skipped)).toBe(plan(serialized));
      expect(plan(skipped)).toContain('"__provider": "[dynamic provider]"');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
