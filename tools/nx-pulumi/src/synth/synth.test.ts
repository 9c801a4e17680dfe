import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SynthPlan } from '@sophia-ai/policy';

// Runs the synth CLI as a child process, exactly as the Nx plugin spawns it.
const BIN = path.resolve(__dirname, '../../bin/synth.js');
const FIXTURES = path.join(__dirname, '__fixtures__');
const CANARY = 'CANARY-db-3f9e1a77'; // producer's dbPassword in Pulumi.local.yaml

function synth(stack: string, outDir: string, env?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = [BIN, path.join(FIXTURES, stack), '--out-dir', outDir, ...(env ? ['--env', env] : [])];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: path.resolve(__dirname, '../../../..') }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const readPlan = (outDir: string, project: string, env = 'local') =>
  JSON.parse(fs.readFileSync(path.join(outDir, project, `${env}.json`), 'utf8')) as SynthPlan;

jest.setTimeout(60_000);

describe('synth CLI', () => {
  let outDir: string;
  let producerRun: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
    producerRun = await synth('producer', outDir);
  });
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('writes every resource with parent, dependencies and inputs', () => {
    expect(producerRun.stderr).toBe('');
    expect(producerRun.code).toBe(0);
    const plan = readPlan(outDir, 'producer');
    expect(plan).toMatchObject({ stack: 'producer', project: 'producer', env: 'local', violations: [] });
    const byName = Object.fromEntries(plan.resources.map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(['data', 'data-bucket', 'data-db', 'producer-local']);
    expect(byName['producer-local'].parent).toBeUndefined();
    expect(byName.data.parent).toBe(byName['producer-local'].urn);
    expect(byName['data-bucket'].parent).toBe(byName.data.urn);
    expect(byName['data-db'].dependencies).toEqual([byName['data-bucket'].urn]);
    expect(byName['data-bucket'].inputs).toEqual({ public: false, region: 'us-west-1' });
    // Object config values reach the program JSON-encoded, as with the engine.
    expect(plan.outputs.tier).toBe('small');
    // What only the cloud knows (provider-computed properties) is unknown, as in `pulumi preview`.
    expect(plan.outputs.bucketArn).toBe('[unknown]');
  });

  it('redacts the secret canary from the plan and the terminal', () => {
    const text = fs.readFileSync(path.join(outDir, 'producer', 'local.json'), 'utf8');
    expect(text).not.toContain(CANARY);
    expect(producerRun.stdout).not.toContain(CANARY);
    const plan = readPlan(outDir, 'producer');
    expect(plan.resources.find((r) => r.name === 'data-db')?.inputs.password).toBe('[secret]');
    expect(plan.outputs.adminPassword).toBe('[secret]');
    expect(plan.secretOutputNames).toEqual(['adminPassword']);
    expect(producerRun.stdout).toContain('adminPassword: [secret]');
    expect(producerRun.stdout).toMatch(/pulumi:pulumi:Stack producer-local\n└─ fixture:index:Store data\n {3}├─ fixture:index:Bucket data-bucket/);
  });

  it('prints long outputs in full, one entry per line, never cut mid-word', () => {
    const tree = producerRun.stdout;
    expect(tree).toContain('  regions: [\n    "us-west-1",\n');
    expect(tree).toContain('    "us-midwest-1"\n  ]');
    expect(tree).not.toMatch(/\.\.\.$/m);
  });

  it('feeds upstream outputs to downstream StackReferences, keeping secrets secret', async () => {
    const run = await synth('consumer', outDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const plan = readPlan(outDir, 'consumer');
    const site = plan.resources.find((r) => r.name === 'site');
    const ref = plan.resources.find((r) => r.type === 'pulumi:pulumi:StackReference');
    expect(site?.inputs).toEqual({
      endpoint: 'https://us-west-1.example/data-bucket-id',
      password: '[secret]',
      public: false,
      bucketArn: '[unknown]', // unknown upstream is handed on as the plan's marker text
    });
    expect(site?.dependencies).toEqual([ref?.urn]);
    expect(plan.outputs).toEqual({ upstreamEndpoint: 'https://us-west-1.example/data-bucket-id', upstreamPassword: '[secret]' });
    expect(plan.secretOutputNames).toEqual(['upstreamPassword']);
  });

  it('fails a policy error after writing the plan, listing the violation', async () => {
    const run = await synth('consumer', outDir, 'public');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no-public-sites');
    expect(run.stderr).toContain('site site is public');
    expect(readPlan(outDir, 'consumer', 'public').violations).toEqual([
      expect.objectContaining({ ruleId: 'no-public-sites', severity: 'error' }),
    ]);
  });

  it('lists every problem of typed (libs/config) config, with where each key belongs', async () => {
    const local = await synth('typed', outDir);
    expect(local.code).toBe(1);
    expect(local.stderr).toContain('typed:apiKey: missing');
    expect(local.stderr).toContain('stacks/typed/Pulumi.local.yaml');
    expect(local.stderr).not.toMatch(/\n\s+at /);
    const dev = await synth('typed', outDir, 'dev');
    expect(dev.code).toBe(1);
    expect(dev.stderr).toContain('typed:region: missing');
    expect(dev.stderr).toContain('typed:apiKey: looks like a placeholder');
    expect(dev.stderr).toContain('ESC environment sophia-ai/secrets-dev');
    expect(dev.stderr).toContain('ESC environment imports are not opened offline');
    expect(dev.stderr).not.toContain('changeme');
  });

  it('names the missing config key and the file it belongs in, without a stack trace', async () => {
    const run = await synth('producer', outDir, 'noconfig');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("producer: Missing required configuration variable 'producer:region'");
    expect(run.stderr).toContain('tools/nx-pulumi/src/synth/__fixtures__/producer/Pulumi.noconfig.yaml');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain(CANARY);
  });

  it('refuses encrypted config it cannot decrypt, naming key and file', async () => {
    const run = await synth('producer', outDir, 'dev');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/config key "producer:dbPassword" in \S*producer\/Pulumi\.dev\.yaml is an encrypted secure: value/);
  });

  it("shows the program's own stack trace when it throws", async () => {
    const run = await synth('producer', outDir, 'explode');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('producer exploded on purpose');
    expect(run.stderr).toMatch(/__fixtures__\/producer\/index\.ts:\d+/);
  });

  it('tells how to produce a missing upstream plan', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-empty-'));
    try {
      const run = await synth('consumer', empty);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('sophia-ai/producer/local');
      expect(run.stderr).toContain('npx nx run producer:synth');
      expect(run.stderr).toContain('npx nx run-many -t synth');
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(fs.existsSync(path.join(empty, 'consumer'))).toBe(false);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('stops at a missing upstream plan even when the program waits on the reference (the estuary stack)', async () => {
    // estuary builds its Snowflake endpoint from snowflake's outputs; without the plan those Outputs never settle,
    // and the run used to end in Pulumi's "promises were still active" with no cause.
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-empty-'));
    try {
      const stack = path.resolve(__dirname, '../../../../stacks/estuary');
      const run = await new Promise<{ code: number; stderr: string }>((resolve) =>
        execFile(process.execPath, [BIN, stack, '--out-dir', empty], { cwd: path.resolve(__dirname, '../../../..') }, (err, _stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
        ),
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('needs the synth plan of snowflake (local)');
      expect(run.stderr).toContain('npx nx run snowflake:synth');
      expect(run.stderr).not.toContain('promises were still active');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('synth CLI: bad input is a clear error, never a value or a stack trace', () => {
  let outDir: string;
  beforeAll(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-bad-'));
  });
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));
  const noTrace = /\n\s+at /;

  it.each([
    ['badyaml', /producer\/Pulumi\.badyaml\.yaml:\d+:\d+: invalid YAML: Missing closing "quote/],
    ['dupkey', /producer\/Pulumi\.dupkey\.yaml:4:3: invalid YAML: Map keys must be unique \(key producer:dbPassword\)/],
    ['list', /producer\/Pulumi\.list\.yaml: config: must be a mapping of <project>:<key>: <value> entries, not a list/],
    ['nosuchenv', /producer\/Pulumi\.nosuchenv\.yaml does not exist; the stack's environments are .*\blocal\b/],
  ])('Pulumi.%s.yaml: names file, line and column, never the secret on that line', async (env, expected) => {
    const run = await synth('producer', outDir, env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(expected);
    expect(run.stderr + run.stdout).not.toContain(CANARY);
    expect(run.stderr).not.toMatch(noTrace);
    expect(fs.existsSync(path.join(outDir, 'producer', `${env}.json`))).toBe(false);
  });

  it("prints a program's own error class as its message; --verbose adds the stack trace", async () => {
    const run = await synth('producer', outDir, 'refuse');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('synth failed: producer: producer refuses: region must be one of us-west-1, us-east-1');
    expect(run.stderr).not.toContain('unexpected error');
    expect(run.stderr).not.toMatch(noTrace);
    expect(run.stderr).toContain('--verbose');
    const verbose = await new Promise<{ code: number; stderr: string }>((resolve) => {
      const args = [BIN, path.join(FIXTURES, 'producer'), '--out-dir', outDir, '--env', 'refuse', '--verbose'];
      execFile(process.execPath, args, (err, _stdout, stderr) => resolve({ code: err ? 1 : 0, stderr }));
    });
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/ProducerSpecError: producer refuses[\s\S]*__fixtures__\/producer\/index\.ts:\d+/);
  });

  it('names a corrupt upstream plan file and how to write it again', async () => {
    fs.mkdirSync(path.join(outDir, 'producer'), { recursive: true });
    fs.writeFileSync(path.join(outDir, 'producer', 'local.json'), '{"outputs": {"endpoint": "https://us-west-1.exa');
    const run = await synth('consumer', outDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${path.join(outDir, 'producer', 'local.json')} is not a readable plan (not valid JSON`);
    expect(run.stderr).toContain('npx nx run producer:synth');
    expect(run.stderr).not.toContain('us-west-1.exa');
    expect(run.stderr).not.toMatch(/SyntaxError|\n\s+at /);
  });
});
