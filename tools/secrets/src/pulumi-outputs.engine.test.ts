/**
 * The real Pulumi engine, end to end: a stand-in `portkey` stack (a one-file program in a throwaway file://
 * backend that exports the portkey contract's outputs, `service_keys` secret) is `up`-ed; then the sync CLI,
 * spawned as in CI, reads it with `pulumi stack output --json --show-secrets` from stacks/portkey and carries the
 * canary service key to the GitHub emulator. The canary reaches the stand-in only through its process
 * environment, so no argv of the test holds it either.
 *
 *   PULUMI_INTEGRATION=1 npx jest tools/secrets/src/pulumi-outputs.engine.test.ts
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngineSandbox, describeOnEngine, DIY_ORG, type EngineSandbox } from '@sophia-ai/pulumi-testing';
import { createGithubEnvironment, DEV_SCOPE, ENV, escPlain, LEDGER_ENV, ORG, SECRETS_ENV, startWorld, type World } from './testing/world';

const WORKSPACE = path.resolve(__dirname, '../../..');
const STACK = `${DIY_ORG}/portkey/${ENV}`;
const CANARY = 'canary_engine_portkey_service_key_Rv3Nd8Kq';

const STANDIN_INDEX = `import { declareOutputs } from '@sophia-ai/stack-refs';
import { portkeyStack } from '@sophia-ai/portkey-contract';
const key = process.env.STANDIN_SERVICE_KEY;
if (!key) throw new Error('STANDIN_SERVICE_KEY is not set');
export = declareOutputs(portkeyStack, {
  workspaces: {}, providers: {}, gateway_configs: {},
  // Plain here: declareOutputs makes it secret, as the contract says.
  service_keys: { 'ml-api': key },
});
`;

describeOnEngine('contract-sourced secrets on the real Pulumi engine', (cli) => {
  let sandbox: EngineSandbox;
  let w: World;
  let standin: string;
  let wrapperDir: string;
  let calls: string;
  let logs = '';
  jest.setTimeout(600_000);

  beforeAll(async () => {
    sandbox = createEngineSandbox(cli);
    // The sync runs `pulumi stack output` in stacks/portkey, which reads the committed Pulumi.dev.yaml (another
    // suite's `stack init` writes its salt there meanwhile): taking turns for the working tree (unchanged here).
    sandbox.preserve(path.join(WORKSPACE, 'stacks', 'portkey', `Pulumi.${ENV}.yaml`));
    w = await startWorld();
    await createGithubEnvironment(w);
    w.esc.seed(ORG, 'sophia-ai', SECRETS_ENV, 'values: {}\n');
    standin = fs.mkdtempSync(path.join(os.tmpdir(), 'portkey-standin-'));
    fs.writeFileSync(path.join(standin, 'Pulumi.yaml'), 'name: portkey\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n');
    fs.writeFileSync(path.join(standin, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true, esModuleInterop: true } }));
    fs.writeFileSync(path.join(standin, 'index.ts'), STANDIN_INDEX);
    fs.symlinkSync(path.join(WORKSPACE, 'node_modules'), path.join(standin, 'node_modules'));
    // A `pulumi` first on PATH that records the argv the sync gives it, then runs the real CLI.
    wrapperDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulumi-wrapper-'));
    calls = path.join(wrapperDir, 'calls.jsonl');
    fs.writeFileSync(
      path.join(wrapperDir, 'pulumi'),
      `#!${process.execPath}\nconst { spawnSync } = require('node:child_process');\nrequire('node:fs').appendFileSync(${JSON.stringify(calls)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd() }) + '\\n');\nprocess.exitCode = spawnSync(${JSON.stringify(cli.path)}, process.argv.slice(2), { stdio: 'inherit' }).status ?? 1;\n`,
      { mode: 0o755 },
    );
    const run = async (...args: string[]) => {
      const r = await sandbox.pulumi([...args, '--stack', STACK, '--cwd', standin], { env: { STANDIN_SERVICE_KEY: CANARY } });
      logs += r.stdout + r.stderr;
    };
    await sandbox.pulumi(['stack', 'init', STACK, '--cwd', standin, '--non-interactive']);
    await run('up', '--yes', '--non-interactive', '--skip-preview');
  });
  afterAll(async () => {
    await w?.close();
    sandbox?.dispose();
    for (const d of [standin, wrapperDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  const spawnSync = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string; argv: string[] }>((resolve) => {
      // ESC (its emulator) is Pulumi Cloud's, under sophia-ai; the stacks live in the DIY backend's only organisation.
      const argv = [path.join(__dirname, '..', 'bin', 'sophia-secrets.js'), ...args, '--env', ENV, '--store', 'pulumi-cloud', '--org', ORG];
      const env = { ...sandbox.env, ...w.env, PATH: `${wrapperDir}${path.delimiter}${sandbox.env.PATH ?? ''}` };
      execFile(process.execPath, argv, { env }, (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr, argv }));
    });

  it('carries the stack’s service key to GitHub, and the canary is nowhere else', async () => {
    // The engine holds it as a secret: the state has ciphertext only.
    expect(sandbox.stateText()).not.toContain(CANARY);
    const plan = await spawnSync(['sync']);
    expect(plan.stdout).toMatch(/PORTKEY_ML_API_API_KEY .* stack→github .* create .* first sync: stack portkey owns it/);
    expect(plan.stdout).toMatch(/SNOWFLAKE_LOADER_PRIVATE_KEY .* skip .* unknown: stack snowflake\/dev not deployed yet/);
    expect(w.github.secretPlaintext(DEV_SCOPE, 'PORTKEY_ML_API_API_KEY')).toBeUndefined();

    const applied = await spawnSync(['sync', '--apply']);
    expect(applied.stdout).toMatch(/PORTKEY_ML_API_API_KEY .* create .* done/);
    expect(w.github.secretPlaintext(DEV_SCOPE, 'PORTKEY_ML_API_API_KEY')).toBe(CANARY);
    const again = await spawnSync(['sync', '--apply']);
    expect(again.stdout).toMatch(/PORTKEY_ML_API_API_KEY .* noop .* in sync/);

    // The sync ran the CLI with names only, in stacks/portkey, for the DIY backend's organisation.
    const recorded = fs.readFileSync(calls, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { argv: string[]; cwd: string });
    expect(recorded.filter((c) => c.argv.includes(STACK))[0]).toEqual({ argv: ['stack', 'output', '--json', '--show-secrets', '--non-interactive', '--stack', STACK], cwd: path.join(WORKSPACE, 'stacks', 'portkey') });
    const audit = fs.readdirSync(path.join(w.dir, 'audit')).map((f) => fs.readFileSync(path.join(w.dir, 'audit', f), 'utf8'));
    const texts = [
      ...[plan, applied, again].flatMap((r) => [r.stdout, r.stderr, r.argv.join(' ')]),
      ...recorded.map((c) => c.argv.join(' ')),
      ...audit,
      (await escPlain(w, LEDGER_ENV))!.text,
      w.esc.stored(ORG, 'sophia-ai', LEDGER_ENV)!,
      (await escPlain(w, SECRETS_ENV))!.text,
      logs,
    ];
    for (const t of texts) expect(t).not.toContain(CANARY);
  });
});
