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

jest.setTimeout(180_000);

describe("synth's shortcuts through the SDK's bookkeeping", () => {
  it('the SDK serializer the program uses answers the plan placeholder, without reading the closure', async () => {
    skipProviderSerialization(path.join(WORKSPACE, 'stacks', 'lambda-labs'));
    const serializer = require(require.resolve('@pulumi/pulumi/runtime/closure/serializeClosure', { paths: [path.join(WORKSPACE, 'stacks', 'lambda-labs')] }));
    let read = false;
    const provider = { get create() { read = true; return async () => ({ id: 'x' }); } };
    await expect(serializer.serializeFunction(() => provider, { allowSecrets: true })).resolves.toEqual({ text: '[dynamic provider]', exportName: 'handler', containsSecrets: false });
    expect(read).toBe(false);
  });

  // Every shortcut synth takes through the SDK (this file's, stack-traces.ts, sdk-modules.ts) against the SDK as is.
  it("every stack plans byte for byte as with the SDK's own run (SOPHIA_SYNTH_SDK_AS_IS)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-shortcuts-'));
    try {
      const [asIs, now] = [path.join(dir, 'as-is'), path.join(dir, 'now')];
      const stacks = fs.readdirSync(path.join(WORKSPACE, 'stacks')).filter((d) => fs.existsSync(path.join(WORKSPACE, 'stacks', d, 'Pulumi.yaml')));
      expect(stacks.length).toBeGreaterThanOrEqual(6);
      // Upstream plans first: a stack whose upstream plan is missing fails, and is tried again on the next round.
      const order: string[] = [];
      for (let round = 0; round < stacks.length && order.length < stacks.length; round++) {
        for (const stack of stacks.filter((s) => !order.includes(s))) {
          if ((await synth(stack, asIs, { SOPHIA_SYNTH_SDK_AS_IS: 'true' })) === 0) order.push(stack);
        }
      }
      expect([...order].sort()).toEqual([...stacks].sort());
      for (const stack of order) expect(await synth(stack, now)).toBe(0);
      for (const plan of fs.readdirSync(asIs)) {
        const read = (root: string) => fs.readFileSync(path.join(root, plan, 'local.json'), 'utf8');
        expect({ plan, text: read(now) }).toEqual({ plan, text: read(asIs) });
      }
      expect(fs.readFileSync(path.join(now, 'lambda-labs', 'local.json'), 'utf8')).toContain('"__provider": "[dynamic provider]"');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
