/**
 * The chain the preview and drift workflows run, on the REAL Pulumi CLI through real Nx and the nx-pulumi executor
 * (a fixture workspace on a fresh file:// backend): `nx run <stack>:preview --jsonDir` and `nx run <stack>:refresh
 * --jsonDir --args="--preview-only --expect-no-changes"` write pulumi's --json result, which this tool reads into
 * a PR comment and a drift state. A secret (masked by pulumi) and an unmarked value (the cloud's answer) used as
 * canaries reach neither the comment nor the issue. `npm run test:engine` (PULUMI_INTEGRATION=1).
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createEngineSandbox, describeOnEngine, type EngineSandbox } from '@sophia-ai/pulumi-testing';
import { createFixture, type Fixture } from '@sophia-ai/nx-pulumi/src/testing/fixture-workspace';
import { PLATFORM_FILES, PLATFORM_PACKAGES } from '@sophia-ai/nx-pulumi/src/testing/platform-fixture';
import { driftState, renderDriftIssue } from './drift';
import { renderPreviewComment } from './preview-comment';
import { readOutcomes } from './results';

jest.setTimeout(300_000);

const SECRET = 'canary-delivery-secret-5be1';
const CLOUD_VALUE = 'canary-delivery-cloud-77d0';

/** One dynamic resource whose size comes from THING_SIZE; its read() returns the cloud's endpoint when DRIFT is set. */
const PROGRAM = `import * as pulumi from '@pulumi/pulumi';
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) { return { id: String(inputs.name), outs: inputs }; },
  async diff(_id, olds, news) {
    const changed = Object.keys(news).filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
    return { changes: changed.length > 0, replaces: changed.includes('name') ? ['name'] : [] };
  },
  async update(_id, _olds, news) { return { outs: news }; },
  async read(id, props) { return { id, props: process.env.DRIFT ? { ...props, endpoint: process.env.DRIFT } : props }; },
};
class Thing extends pulumi.dynamic.Resource {
  constructor(name: string, args: Record<string, pulumi.Input<unknown>>) { super(provider, name, args); }
}
new Thing('thing', { name: 'thing', size: Number(process.env.THING_SIZE ?? '1'), endpoint: 'https://api.example', token: pulumi.secret(process.env.THING_TOKEN ?? '') });
export const org = 'sophia-ai';
`;

describeOnEngine('pulumi --json through the executor into comments and drift states', (cli) => {
  let fx: Fixture;
  let sandbox: EngineSandbox;
  let env: NodeJS.ProcessEnv;
  const nx = (args: string[], extra: NodeJS.ProcessEnv = {}) => fx.nx(args, { ...env, THING_TOKEN: SECRET, ...extra });

  beforeAll(() => {
    fx = createFixture(PLATFORM_FILES, PLATFORM_PACKAGES);
    fx.write({ 'stacks/github/index.ts': PROGRAM });
    sandbox = createEngineSandbox(cli);
    const pick = (k: string) => [k, sandbox.env[k]];
    env = {
      ...Object.fromEntries(['PULUMI_BACKEND_URL', 'PULUMI_HOME', 'PULUMI_CONFIG_PASSPHRASE', 'PULUMI_SKIP_UPDATE_CHECK', 'PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION'].map(pick)),
      PATH: `${cli.binDir}:${fx.bareBin}`,
    };
    const up = nx(['run', 'github:up', '--env', 'local', '--yes']);
    if (up.code !== 0) throw new Error(`up failed:\n${up.stdout}\n${up.stderr}`);
  });
  afterAll(() => {
    sandbox?.dispose();
    fx?.cleanup();
  });

  it('preview --jsonDir: the result file is read into the comment (counts, changed property), no secret in file or comment', () => {
    const r = nx(['run', 'github:preview', '--env', 'local', '--jsonDir=dist/preview'], { THING_SIZE: '2' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/> pulumi preview .*--diff --json/);
    const file = join(fx.root, 'dist/preview/github.json');
    expect(readFileSync(file, 'utf8')).not.toContain(SECRET);
    const [outcome, ...others] = readOutcomes(join(fx.root, 'dist/preview'));
    expect(others).toEqual([]);
    expect(outcome).toMatchObject({ stack: 'github', result: { counts: { create: 0, update: 1, delete: 0, replace: 0 }, resources: [{ action: 'update', name: 'thing', properties: ['size'] }] } });
    const body = renderPreviewComment({ outcome: outcome!, env: 'local', planDiff: 'P' });
    expect(body).toContain('- ~ `pulumi-nodejs:dynamic:Resource` `thing`: `size`');
    expect(body).not.toContain(SECRET);
  });

  it('refresh --preview-only --expect-no-changes --jsonDir: drifted while the cloud differs, clean when it does not', () => {
    const drift = (extra: NodeJS.ProcessEnv) => nx(['run', 'github:refresh', '--env', 'local', '--jsonDir=dist/drift', '--args=--preview-only --expect-no-changes'], { CI: 'true', ...extra });
    const drifted = drift({ DRIFT: CLOUD_VALUE });
    expect(drifted.code).not.toBe(0); // --expect-no-changes
    const [outcome] = readOutcomes(join(fx.root, 'dist/drift'));
    expect(driftState(outcome!)).toBe('drifted');
    const issue = renderDriftIssue(outcome!, 'local');
    expect(issue.body + issue.title).not.toMatch(new RegExp(`${SECRET}|${CLOUD_VALUE}`));

    expect(drift({}).code).toBe(0);
    expect(driftState(readOutcomes(join(fx.root, 'dist/drift'))[0]!)).toBe('clean');
  });
});
