import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Config mistakes as a user meets them: `nx run lambda-labs:synth --env <env>` runs tools/nx-pulumi/bin/synth.js on
// the stack, whose first line is loadConfig(lambdaLabsConfig). The fixture stack is exactly that line.
const WORKSPACE = path.resolve(__dirname, '../../..');
const SYNTH = path.join(WORKSPACE, 'tools/nx-pulumi/bin/synth.js');
const STACK = path.join(__dirname, '__fixtures__', 'lambda-config');
const CANARY = 'CANARY';

jest.setTimeout(60_000);

function synth(env: string, outDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SYNTH, STACK, '--env', env, '--out-dir', outDir], { cwd: WORKSPACE }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('lambda-labs config mistakes through synth (spawned)', () => {
  let outDir: string;
  beforeAll(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-labs-config-cli-'));
  });
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('the sample config loads', async () => {
    const run = await synth('local', outDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('reports every mistake at once: unknown key with a suggestion, plain-text secret, range, private key, CIDR, type, tag key pattern', async () => {
    const run = await synth('mistakes', outDir);
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n');
    const about = (key: string) => lines.find((l) => l.includes(`- lambda-labs:${key}:`)) ?? `(no line for ${key})`;
    expect(about('regoin')).toMatch(/unknown key \(did you mean lambda-labs:region\?\); it belongs in ESC environment sophia-ai\/lambda-labs-mistakes/);
    expect(about('instanceCount')).toContain('must be between 1 and 8');
    expect(about('sshPublicKeys')).toMatch(/0: this is a PRIVATE key; only the base64 of a public key \(\.pub\) belongs here/);
    expect(about('allowedSshCidrs')).toMatch(/0: must be an IPv4 address or CIDR/);
    expect(about('allowOpenSsh')).toContain('expected boolean');
    expect(about('tags')).toContain('Team: invalid key: must match /^[a-z][a-z0-9-:]+$/');
    // Outside local a secret written in plain text would sit unencrypted in the state.
    expect(about('apiKey')).toMatch(/is set in plain text.*pulumi config set --secret.*sophia-ai\/secrets-mistakes/);
    expect(run.stderr).toContain('has 7 problems');
    expect(run.stderr + run.stdout).not.toContain(CANARY);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(outDir, 'lambda-labs', 'mistakes.json'))).toBe(false);
  });

  it('an out-of-range number names the range, not "expected number, received string"', async () => {
    const run = await synth('range', outDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('lambda-labs:instanceCount: invalid: must be between 1 and 8');
    expect(run.stderr).not.toContain('received string');
  });
});
