/**
 * A stack born from `nx g @sophia-ai/nx-pulumi:stack <name> --api` works on the real Pulumi engine as generated:
 * its dynamic provider creates the planned item at its emulator, a second `up` changes nothing, `refresh` after an
 * out-of-band delete notices it, and `destroy` leaves the account empty. The canary key is in no output or state
 * in plain text. `PULUMI_INTEGRATION=1` (see libs/pulumi-testing describeOnEngine).
 */
import * as path from 'node:path';
import { createEngineSandbox, describeOnEngine, DIY_ORG, type EngineSandbox } from '@sophia-ai/pulumi-testing';
import { serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox';
import { createWorkspace, type Workspace } from '../../testing/generated-workspace';

const NAME = 'ledger-api';
const CANARY_KEY = 'canary_ledger_engine_Pq4Zt8Wn1Kx6';

interface GeneratedEmulator {
  items(): Array<{ id: string; name: string }>;
  reset(): void;
}

describeOnEngine('a generated --api stack on the real engine', (cli) => {
  let ws: Workspace;
  let sandbox: EngineSandbox;
  let server: RunningEmulator;
  let emulator: GeneratedEmulator;
  let stackDir: string;
  const stack = `${DIY_ORG}/${NAME}/local`;
  jest.setTimeout(600_000);

  const pulumi = (args: string[]) => sandbox.pulumi([...args, '--stack', stack, '--cwd', stackDir, '--non-interactive']);

  beforeAll(async () => {
    ws = createWorkspace();
    ws.generate(NAME, ['--team', 'ml', '--api']);
    stackDir = path.join(ws.root, 'stacks', NAME);
    // The generated emulator, from the generated workspace (TypeScript, compiled by Jest like any test import).
    const mod = require(path.join(ws.root, 'tools', 'sandbox', 'src', NAME, 'emulator')) as Record<string, new (o: { apiKeys: string[] }) => GeneratedEmulator>;
    emulator = new mod.LedgerApiEmulator!({ apiKeys: [CANARY_KEY] });
    server = await serveEmulator(emulator as never);
    sandbox = createEngineSandbox(cli, { LEDGER_API_API_URL: server.url });
    await pulumi(['stack', 'init']);
    await pulumi(['config', 'set', '--secret', `${NAME}:apiKey`, CANARY_KEY]);
  });
  afterAll(async () => {
    sandbox?.dispose();
    await server?.close();
    ws?.dispose();
  });

  it('up creates exactly the planned item; a second up changes nothing', async () => {
    await pulumi(['up', '--yes']);
    expect(emulator.items().map((i) => i.name)).toEqual(['sophia-ai-local-main']);
    await pulumi(['up', '--yes', '--expect-no-changes']);
    expect(emulator.items()).toHaveLength(1);
    const outputs = JSON.parse((await pulumi(['stack', 'output', '--json'])).stdout);
    expect(outputs).toEqual({ names: ['sophia-ai-local-main'] });
  });

  it('refresh notices an out-of-band delete, and the next up creates the item again', async () => {
    emulator.reset();
    await pulumi(['refresh', '--yes', '--run-program']);
    await pulumi(['up', '--yes']);
    expect(emulator.items()).toHaveLength(1);
  });

  it('destroy leaves the account empty; the canary is in no state file in plain text', async () => {
    expect(sandbox.stateText()).not.toContain(CANARY_KEY);
    await pulumi(['destroy', '--yes']);
    expect(emulator.items()).toHaveLength(0);
  });
});
