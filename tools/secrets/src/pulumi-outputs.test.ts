import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pulumiStackOutputs, stackOrganization } from './pulumi-outputs';

const ROOT = path.resolve(__dirname, '../../..');
let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-outputs-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A `pulumi` that prints `stdout`, writes `stderr` and exits with `code`. */
function fakePulumi(stdout: string, stderr: string, code: number): NodeJS.ProcessEnv {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'pulumi'), `#!${process.execPath}\nprocess.stdout.write(${JSON.stringify(stdout)});\nprocess.stderr.write(${JSON.stringify(stderr)});\nprocess.exitCode = ${code};\n`, { mode: 0o755 });
  return { PATH: bin, HOME: dir };
}

describe('pulumiStackOutputs', () => {
  it('a stack the backend does not have is “not deployed”', async () => {
    const read = pulumiStackOutputs({ env: fakePulumi('', "error: no stack named 'sophia-ai/portkey/dev' found\n", 255) });
    await expect(read('portkey', 'dev')).resolves.toEqual({ deployed: false });
  });

  it('the outputs, parsed from stdout', async () => {
    const read = pulumiStackOutputs({ env: fakePulumi('{"service_keys":{"ml-api":"canary-Rd1"}}', '', 0) });
    await expect(read('portkey', 'dev')).resolves.toEqual({ deployed: true, outputs: { service_keys: { 'ml-api': 'canary-Rd1' } } });
  });

  it.each([
    ['no CLI anywhere', () => ({ PATH: path.join(dir, 'nothing'), HOME: dir }), /^no Pulumi CLI to read stack portkey\/dev \(neither on PATH nor in .*npm run engine:install\)$/],
    ['another CLI failure: its error line, naming the stack', () => fakePulumi('', 'error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions\n', 255), /^pulumi stack output --stack sophia-ai\/portkey\/dev failed: error: PULUMI_ACCESS_TOKEN must be set/],
    ['stdout that is not JSON: never shown', () => fakePulumi('canary-not-json-Rd2', '', 0), /^pulumi stack output --stack sophia-ai\/portkey\/dev did not print a JSON object \(its output is not shown\)$/],
  ])('%s is an error', async (_name, env, message) => {
    const read = pulumiStackOutputs({ env: env() });
    await expect(read('portkey', 'dev')).rejects.toThrow(message);
  });
});

describe('stackOrganization: as the Nx targets resolve it', () => {
  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['a file:// backend: the DIY organisation', { PULUMI_BACKEND_URL: 'file:///tmp/state' }, 'organization'],
    ['SOPHIA_PULUMI_ORG', { SOPHIA_PULUMI_ORG: 'acme' }, 'acme'],
    ['nothing set: nx.json, else sophia-ai', {}, 'sophia-ai'],
  ])('%s', (_name, env, org) => {
    expect(stackOrganization(ROOT, 'portkey', env)).toBe(org);
  });
});
