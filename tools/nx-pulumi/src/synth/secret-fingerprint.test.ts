import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildPlan, type RecordedResource } from '@sophia-ai/pulumi-testing';
import type { SynthPlan } from '@sophia-ai/policy';
import { fingerprintPlanSecrets, planSecretKey, PLAN_SECRET_KEY_ENV, secretFingerprint } from './secret-fingerprint';

const BIN = path.resolve(__dirname, '../../bin/synth.js');
const PRODUCER = path.join(__dirname, '__fixtures__', 'producer');
const CANARIES = ['CANARY-db-3f9e1a77', 'CANARY-db-rotated-5c21b0e4']; // dbPassword in Pulumi.local.yaml / Pulumi.rotated.yaml
const KEY = 'a1'.repeat(32);
const OTHER_KEY = '5e'.repeat(32);
const FINGERPRINT = /^\[secret:[0-9a-f]{12}\]$/;

// The SDK's wire form of a secret (rpc.ts specialSigKey / specialSecretSig), as the mock monitor records it.
const secret = (value: unknown) => ({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value });

function planOf(inputs: Record<string, unknown>): { plan: SynthPlan; resources: RecordedResource[] } {
  const resources: RecordedResource[] = [
    { urn: 'urn:pulumi:local::p::t:index:Db::db', type: 't:index:Db', name: 'db', dependencies: [], propertyDependencies: {}, inputs, custom: true, operation: 'register' },
  ];
  return { plan: buildPlan({ stack: 'p', project: 'p', env: 'local', resources }), resources };
}

describe('fingerprintPlanSecrets', () => {
  const key = Buffer.from(KEY, 'hex');
  const fingerprinted = (inputs: Record<string, unknown>) => {
    const { plan, resources } = planOf(inputs);
    fingerprintPlanSecrets(plan, resources, key);
    return plan.resources[0].inputs;
  };

  it('replaces each secret marker, at any depth, by a keyed fingerprint of its value', () => {
    const inputs = fingerprinted({ password: secret('hunter2-canary'), nested: { token: secret('tok-canary') }, list: [secret('item-canary'), 'plain'] });
    expect(inputs.password).toMatch(FINGERPRINT);
    expect((inputs.nested as any).token).toMatch(FINGERPRINT);
    expect((inputs.list as any)[0]).toMatch(FINGERPRINT);
    expect((inputs.list as any)[1]).toBe('plain');
    expect(JSON.stringify(inputs)).not.toMatch(/canary/);
  });

  it('gives the same value the same fingerprint and a different value (or key) a different one', () => {
    const a = fingerprinted({ password: secret('value-one') }).password;
    expect(fingerprinted({ password: secret('value-one') }).password).toBe(a);
    expect(fingerprinted({ password: secret('value-two') }).password).not.toBe(a);
    expect(secretFingerprint(Buffer.from(OTHER_KEY, 'hex'), 'value-one')).not.toBe(a);
  });

  it('leaves a plain "[secret]" string and a partly unknown secret as the bare marker', () => {
    const unknown = { '1b47061264138c4ac30d75fd1eb44270': 'x' }; // not a wrapper: a program's own data
    const inputs = fingerprinted({ literal: '[secret]', other: unknown });
    expect(inputs.literal).toBe('[secret]');
    expect(secretFingerprint(key, { id: '[unknown]' })).toBe('[secret]');
  });

  it('reads the key from the environment and refuses a malformed one without echoing it', () => {
    expect(planSecretKey({})).toBeUndefined();
    expect(planSecretKey({ [PLAN_SECRET_KEY_ENV]: KEY })?.toString('hex')).toBe(KEY);
    expect(() => planSecretKey({ [PLAN_SECRET_KEY_ENV]: 'short-key-canary' })).toThrow(/64 hex characters/);
    expect(() => planSecretKey({ [PLAN_SECRET_KEY_ENV]: 'short-key-canary' })).not.toThrow(/canary/);
  });
});

function synth(env: string, outDir: string, key?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv = { ...process.env, ...(key ? { [PLAN_SECRET_KEY_ENV]: key } : {}) };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, PRODUCER, '--env', env, '--out-dir', outDir], { cwd: path.resolve(__dirname, '../../../..'), env: childEnv }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

jest.setTimeout(60_000);

describe('synth CLI with SOPHIA_PLAN_SECRET_KEY', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-fp-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('writes fingerprints that change with the value and never the value itself', async () => {
    const [one, two] = [tmp(), tmp()];
    const runs = await Promise.all([synth('local', one, KEY), synth('rotated', one, KEY), synth('local', two, OTHER_KEY)]);
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      for (const canary of CANARIES) expect(run.stdout).not.toContain(canary);
    }
    const read = (dir: string, env: string) => fs.readFileSync(path.join(dir, 'producer', `${env}.json`), 'utf8');
    const password = (text: string) => (JSON.parse(text) as SynthPlan).resources.find((r) => r.name === 'data-db')!.inputs.password as string;
    for (const text of [read(one, 'local'), read(one, 'rotated')]) for (const canary of CANARIES) expect(text).not.toContain(canary);
    const local = password(read(one, 'local'));
    expect(local).toMatch(FINGERPRINT);
    expect(password(read(one, 'rotated'))).toMatch(FINGERPRINT);
    expect(password(read(one, 'rotated'))).not.toBe(local); // rotated secret: a different fingerprint
    // Stack outputs keep the marker (downstream StackReferences read it).
    expect((JSON.parse(read(one, 'local')) as SynthPlan).outputs.adminPassword).toBe('[secret]');
    expect(password(read(two, 'local'))).not.toBe(local); // another run's key: fingerprints mean nothing across runs
  });

  it('same key, same value: the same fingerprint in two runs', async () => {
    const [a, b] = [tmp(), tmp()];
    await Promise.all([synth('local', a, KEY), synth('local', b, KEY)]);
    const text = (d: string) => fs.readFileSync(path.join(d, 'producer', 'local.json'), 'utf8');
    expect(text(a)).toBe(text(b));
  });

  it('fails on a malformed key, naming the variable and not the value', async () => {
    const run = await synth('local', tmp(), 'not-a-key-canary');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(PLAN_SECRET_KEY_ENV);
    expect(run.stderr).not.toContain('not-a-key-canary');
  });
});
