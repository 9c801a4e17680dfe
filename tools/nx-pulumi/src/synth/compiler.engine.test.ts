/**
 * Synth is fast because each stack's own tsconfig.json sets ts-node's SWC mode (`"ts-node": {"swc": true}`). That is
 * only honest if the real engine compiles the program the very same way: this suite loads every stack under the
 * real Pulumi engine (its Node.js language host, `@pulumi/pulumi/cmd/run`) and under synth, with a probe preloaded
 * into the node process that runs the program, and compares how ts-node was set up in each.
 *
 *   PULUMI_INTEGRATION=1 npx jest tools/nx-pulumi/src/synth/compiler.engine.test.ts
 *
 * The program is stopped right after it is loaded: an empty config file makes its first line (loadConfig) fail,
 * or, for a stack that needs no key (esc), its first bridged provider, whose plugin cannot be installed on these
 * machines; either way the probe has recorded how the program was compiled.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createEngineSandbox, describeOnEngine, DIY_ORG, type EngineSandbox } from '@sophia-ai/pulumi-testing';

const WORKSPACE = path.resolve(__dirname, '../../../..');
const PROBE = path.join(__dirname, 'testing', 'compiler-probe.js');
const SYNTH = path.join(WORKSPACE, 'tools', 'nx-pulumi', 'bin', 'synth.js');
const STACKS = readdirSync(path.join(WORKSPACE, 'stacks')).filter((d) => {
  try {
    return readFileSync(path.join(WORKSPACE, 'stacks', d, 'Pulumi.yaml'), 'utf8').length > 0;
  } catch {
    return false;
  }
});

interface ProbeRecord {
  swc: boolean;
  transpileOnly: boolean;
  swcLoaded: boolean;
  project: string;
  target: number;
  module: number;
  compiled: string[];
}

/** The probe record of the process that compiled `entry` (the language host may run other node processes). */
function recordFor(dir: string, entry: string): ProbeRecord {
  const records = readdirSync(dir).map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as ProbeRecord);
  const found = records.find((r) => r.compiled.includes(entry));
  if (!found) throw new Error(`no process compiled ${entry} (probe records: ${records.length})`);
  return found;
}

describeOnEngine('every stack is compiled by the engine exactly as synth compiles it', (cli) => {
  let sandbox: EngineSandbox;
  let scratch: string;
  // Long enough to wait for the working tree: other suites rewrite the stack files this one synthesises.
  jest.setTimeout(600_000);

  beforeAll(() => {
    sandbox = createEngineSandbox(cli);
    // `stack init` adds an encryption salt to each Pulumi.dev.yaml (put back at dispose). Preserving them all first
    // also holds the working tree until the end, so synth reads each Pulumi.local.yaml as committed.
    sandbox.preserve(...STACKS.map((stack) => path.join(WORKSPACE, 'stacks', stack, 'Pulumi.dev.yaml')));
    scratch = mkdtempSync(path.join(tmpdir(), 'compiler-probe-'));
    writeFileSync(path.join(scratch, 'empty.yaml'), 'config: {}\n');
  });
  afterAll(() => {
    sandbox?.dispose();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it.each(STACKS)('%s: SWC on the engine and in synth, from the stack tsconfig', async (stack) => {
    const stackDir = path.join(WORKSPACE, 'stacks', stack);
    const entry = path.join(stackDir, 'index.ts');
    const probeEnv = (dir: string) => ({ NODE_OPTIONS: `--require ${PROBE}`, COMPILER_PROBE_DIR: dir });

    const engineDir = path.join(scratch, `${stack}-engine`);
    mkdirSync(engineDir);
    // A stack name must be an environment.
    const name = `${DIY_ORG}/${stack}/dev`;
    await sandbox.pulumi(['stack', 'init', name, '--cwd', stackDir, '--non-interactive']);
    const preview = await sandbox.pulumi(
      ['preview', '--stack', name, '--cwd', stackDir, '--non-interactive', '--config-file', path.join(scratch, 'empty.yaml')],
      { allowFailure: true, env: probeEnv(engineDir) },
    );
    // It failed where it should, after the engine loaded the program: at its config loader (empty config), or,
    // for a stack whose keys all have defaults (esc), at the first bridged provider, whose plugin is not here.
    expect(preview.code).not.toBe(0);
    expect(`${preview.stdout}${preview.stderr}`).toMatch(/config|required|no resource plugin/i);
    const onEngine = recordFor(engineDir, entry);

    const synthDir = path.join(scratch, `${stack}-synth`);
    mkdirSync(synthDir);
    // One plan folder for all: a stack that reads another's outputs (estuary → snowflake) needs its plan first.
    const plans = path.join(scratch, 'plans');
    const synth = (dir: string, env: NodeJS.ProcessEnv = {}) =>
      sandbox.run(process.execPath, [SYNTH, dir, '--env', 'local', '--out-dir', plans], { cwd: WORKSPACE, env, allowFailure: true });
    let run = await synth(stackDir, probeEnv(synthDir));
    const upstream = /needs the synth plan of ([\w-]+) \(local\)/.exec(run.stdout + run.stderr)?.[1];
    if (run.code !== 0 && upstream) {
      expect((await synth(path.join(WORKSPACE, 'stacks', upstream))).code).toBe(0);
      rmSync(synthDir, { recursive: true, force: true });
      mkdirSync(synthDir);
      run = await synth(stackDir, probeEnv(synthDir));
    }
    expect({ stack, code: run.code, output: run.code === 0 ? '' : run.stdout + run.stderr }).toEqual({ stack, code: 0, output: '' });
    const inSynth = recordFor(synthDir, entry);

    expect(onEngine).toMatchObject({ swc: true, transpileOnly: true, swcLoaded: true });
    const setup = ({ swc, transpileOnly, project, target, module }: ProbeRecord) => ({ swc, transpileOnly, project, target, module });
    expect(setup(inSynth)).toEqual(setup(onEngine));
    expect(onEngine.project).toBe(path.join(stackDir, 'tsconfig.json'));
    // --preserve-config: the stack's Pulumi.dev.yaml is the committed file (put back exactly at dispose).
    await sandbox.pulumi(['stack', 'rm', name, '--yes', '--force', '--preserve-config', '--cwd', stackDir], { allowFailure: true });
  });
});
