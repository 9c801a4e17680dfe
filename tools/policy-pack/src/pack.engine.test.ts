/**
 * The policy pack on the real Pulumi engine: `nx run portkey:preview --policyPack=tools/policy-pack` (our executor →
 * `pulumi preview --policy-pack` → the launcher tools/engine installs → @pulumi/policy → the synth rules) on a
 * production stack of portkey, against a throwaway file:// backend. A provider without a budget breaks
 * portkey-production-provider-budgets and fails the preview, naming the rule and the resource; the compliant
 * config passes. No emulator: a preview of creates calls no API.
 *
 *   PULUMI_INTEGRATION=1 npx jest tools/policy-pack/src/pack.engine.test.ts
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { createEngineSandbox, describeOnEngine, DIY_ORG, type EngineSandbox, type RunResult } from '@sophia-ai/pulumi-testing';

const WORKSPACE = path.resolve(__dirname, '../../..');
const STACK_DIR = path.join(WORKSPACE, 'stacks/portkey');
const STACK = `${DIY_ORG}/portkey/production`;
const NX = path.join(path.dirname(require.resolve('nx/package.json')), require('nx/package.json').bin.nx);
const API_KEY = 'canary_policy_admin_Qx4Lm9Tz2Wv7';
const INTEGRATION_KEYS = { openai: 'canary_policy_openai_Hb3Nd8Ks1Yp6', anthropic: 'canary_policy_anthropic_Rf5Jc2Vg9Lt4' };
const SECRETS = [API_KEY, ...Object.values(INTEGRATION_KEYS)];

describeOnEngine('the policy pack on the real Pulumi engine', (cli) => {
  let sandbox: EngineSandbox;
  let dir: string;
  const logs: string[] = [];
  const configFile = (name: string) => path.join(dir, `${name}.yaml`);

  /** The local stack's settings as a production stack's config file (secrets set encrypted below), `edit`ed. */
  function writeConfig(name: string, salt: string, edit: (config: Record<string, any>) => void): void {
    const local = parse(readFileSync(path.join(STACK_DIR, 'Pulumi.local.yaml'), 'utf8')) as { config: Record<string, any> };
    const config = local.config;
    delete config['portkey:apiKey'];
    delete config['portkey:integrationKeys'];
    edit(config);
    writeFileSync(configFile(name), stringify({ encryptionsalt: salt, config }));
  }
  const pulumi = (...args: string[]) => sandbox.pulumi([...args, '--stack', STACK, '--cwd', STACK_DIR]);
  const preview = async (config: string): Promise<RunResult> => {
    const r = await sandbox.run(
      process.execPath,
      [NX, 'run', 'portkey:preview', '--stack', STACK, '--policyPack=tools/policy-pack', `--config-file=${configFile(config)}`, '--outputStyle=static', '--excludeTaskDependencies', '--skipNxCache'],
      { cwd: WORKSPACE, allowFailure: true },
    );
    logs.push(r.stdout, r.stderr);
    return r;
  };

  jest.setTimeout(600_000);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'policy-pack-engine-'));
    sandbox = createEngineSandbox(cli);
    // `stack init` writes the stack's encryption salt into Pulumi.production.yaml (ESC-backed, committed): it is
    // moved into this test's own config files and the committed file put back at once (and again at dispose).
    const committed = path.join(STACK_DIR, 'Pulumi.production.yaml');
    const original = readFileSync(committed, 'utf8');
    sandbox.preserve(committed);
    let salt: string;
    try {
      await sandbox.pulumi(['stack', 'init', STACK, '--cwd', STACK_DIR, '--non-interactive', '--no-select']);
      salt = (parse(readFileSync(committed, 'utf8')) as { encryptionsalt: string }).encryptionsalt;
    } finally {
      writeFileSync(committed, original);
    }
    writeConfig('compliant', salt, () => undefined);
    writeConfig('no-budget', salt, (config) => {
      delete config['portkey:gateway'].providers['research-openai'].usageLimit;
    });
    for (const name of ['compliant', 'no-budget']) {
      await pulumi('config', 'set', '--secret', 'portkey:apiKey', API_KEY, '--config-file', configFile(name));
      await pulumi('config', 'set', '--secret', 'portkey:integrationKeys', JSON.stringify(INTEGRATION_KEYS), '--config-file', configFile(name));
    }
  });

  afterAll(async () => {
    await sandbox?.pulumi(['stack', 'rm', STACK, '--yes', '--force', '--preserve-config', '--cwd', STACK_DIR], { allowFailure: true });
    sandbox?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a production provider without a budget fails the preview, with the rule and the resource named', async () => {
    const r = await preview('no-budget');
    expect(r.code).not.toBe(0);
    expect(r.stdout).toContain('--policy-pack');
    expect(r.stdout).toMatch(/\[mandatory\]\s+portkey-production-provider-budgets\s+\(pulumi-nodejs:dynamic\/portkey:Provider: portkey-provider-research-openai\)/);
    expect(r.stdout).toContain('provider sophia-ai-production-research-openai has no usage limit (set usageLimit.creditLimit)');
    // only that one: the other providers have their budgets, and every other rule passes
    expect(r.stdout.match(/\[mandatory\]/g)).toHaveLength(1);
  });

  it('the compliant config passes the same pack', async () => {
    const r = await preview('compliant');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Policy Packs run:\s+Name\s+Version\s+sophia-ai\|local\|\S+\/tools\/policy-pack\s+0\.1\.0/);
    expect(r.stdout).not.toMatch(/\[mandatory\]|\[advisory\]/);
  });

  it('no secret value in anything the previews printed', () => {
    const text = logs.join('\n');
    for (const s of SECRETS) expect(text).not.toContain(s);
  });
});
