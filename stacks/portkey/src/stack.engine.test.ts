/**
 * The real Pulumi engine, end to end: `nx run portkey:<target>` (our executor → the pulumi CLI → the Node.js
 * language host → the dynamic providers) against the Portkey emulator, with a throwaway file:// state backend.
 *
 *   PULUMI_INTEGRATION=1 npx jest stacks/portkey/src/stack.engine.test.ts
 *
 * Without PULUMI_INTEGRATION=1 or without a CLI the suite is reported as skipped, with the reason in its title.
 */
import * as path from 'node:path';
import { createEngineSandbox, describeOnEngine, DIY_ORG, stackConfigFromFile, type EngineSandbox } from '@sophia-ai/pulumi-testing';
import { serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox/src/core/server';
import { PortkeyEmulator, SANDBOX_PORTKEY_USERS } from '@sophia-ai/sandbox/src/portkey/emulator';

const WORKSPACE = path.resolve(__dirname, '../../..');
const STACK_DIR = path.resolve(__dirname, '..');
const STACK = `${DIY_ORG}/portkey/local`;
const NX = path.join(path.dirname(require.resolve('nx/package.json')), require('nx/package.json').bin.nx);
// Canary AI provider keys: set as secrets, they must reach the emulator and never the state in plain text.
const OPENAI_KEY = 'canary_engine_openai_Wz5Qm8Tr3Kv1';
const ANTHROPIC_KEY = 'canary_engine_anthropic_Bx7Ln2Hd9Fy4';
const [, LEAD, RESEARCHER] = SANDBOX_PORTKEY_USERS;

describeOnEngine('portkey on the real Pulumi engine', (cli) => {
  let emulator: PortkeyEmulator;
  let server: RunningEmulator;
  let sandbox: EngineSandbox;
  const apiKey = stackConfigFromFile(STACK_DIR, 'local').config['portkey:apiKey']!;

  // Only this stack's own tasks: the local stack imports no ESC environment, and the task dependency `up` has on
  // esc:up (which needs the bridged pulumiservice plugin, not installed here) is not what this suite checks.
  // Everything the deploys printed, checked for keys at the end.
  const logs: string[] = [];
  const serviceKeysSeen: string[] = [];
  const nx = async (...args: string[]) => {
    const r = await sandbox.run(process.execPath, [NX, ...args, '--outputStyle=static', '--excludeTaskDependencies'], { cwd: WORKSPACE });
    logs.push(r.stdout, r.stderr);
    return r;
  };
  const pulumi = (...args: string[]) => sandbox.pulumi([...args, '--stack', STACK, '--cwd', STACK_DIR]);
  const outputs = async () => JSON.parse((await pulumi('stack', 'output', '--json')).stdout);

  jest.setTimeout(900_000);

  beforeAll(async () => {
    emulator = new PortkeyEmulator({ apiKeys: [apiKey] });
    server = await serveEmulator(emulator);
    sandbox = createEngineSandbox(cli, { PORTKEY_API_URL: server.url, PORTKEY_POLL_INTERVAL_MS: '50' });
    // `stack init` writes an encryption salt into Pulumi.local.yaml, `config set` values: the file is put back.
    sandbox.preserve(path.join(STACK_DIR, 'Pulumi.local.yaml'));
    await sandbox.pulumi(['stack', 'init', STACK, '--cwd', STACK_DIR, '--non-interactive']);
    // As ESC delivers them in every real environment: secrets.
    await pulumi('config', 'set', '--secret', 'portkey:apiKey', apiKey);
    await pulumi('config', 'set', '--secret', 'portkey:integrationKeys', JSON.stringify({ openai: OPENAI_KEY, anthropic: ANTHROPIC_KEY }));
  });

  afterAll(async () => {
    await sandbox?.pulumi(['stack', 'rm', STACK, '--yes', '--force', '--cwd', STACK_DIR], { allowFailure: true });
    sandbox?.dispose();
    await server?.close();
  });

  /** Memberships at the API: [workspace name, user email, role], sorted. */
  const memberships = () =>
    emulator.workspaces().flatMap((w) => [...w.members.values()].map((m) => [w.name, emulator.orgUsers().find((u) => u.id === m.user_id)!.email, m.role])).sort();

  it('up makes the workspaces with their members, integrations with their keys, budgeted providers and the fallback config, and exports them', async () => {
    await nx('run', 'portkey:up', '--stack', STACK, '--yes');
    expect(emulator.workspaces().map((w) => w.name).sort()).toEqual(['sophia-ai-local-production', 'sophia-ai-local-research']);
    expect(memberships()).toEqual([
      ['sophia-ai-local-production', LEAD!.email, 'manager'], ['sophia-ai-local-research', LEAD!.email, 'admin'], ['sophia-ai-local-research', RESEARCHER!.email, 'member'],
    ]);
    expect(emulator.integrations().map((i) => [i.slug, i.key]).sort()).toEqual([['sophia-ai-local-anthropic', ANTHROPIC_KEY], ['sophia-ai-local-openai', OPENAI_KEY]]);
    expect(emulator.providers().map((p) => [p.slug, p.usage_limits?.credit_limit, p.usage_limits?.alert_threshold]).sort()).toEqual([
      ['sophia-ai-local-production-anthropic', 500, 400], ['sophia-ai-local-production-openai', 1000, 800], ['sophia-ai-local-research-openai', 100, 80],
    ]);
    const openai = emulator.integrations().find((i) => i.slug === 'sophia-ai-local-openai')!;
    expect([...openai.access.values()].map((a) => [a.enabled, a.usage_limits?.[0]?.credit_limit]).sort()).toEqual([[true, 2000], [true, 300]]);
    const [config] = emulator.configs();
    expect(config!.config).toMatchObject({ strategy: { mode: 'fallback' }, targets: [{ provider: '@sophia-ai-local-production-openai' }, { provider: '@sophia-ai-local-production-anthropic' }] });
    const out = await outputs();
    expect(out.workspaces.research).toEqual({ id: emulator.workspaces().find((w) => w.name.endsWith('research'))!.id, slug: expect.stringMatching(/^ws-/), name: 'sophia-ai-local-research' });
    expect(out.gateway_configs).toEqual({ 'production-fallback': config!.slug });
    expect(out.service_keys).toBe('[secret]');
    expect(emulator.serviceKeys().map((k) => k.name)).toEqual(['sophia-ai-local-backend']);
    expect(emulator.policies().map((p) => [p.kind, p.fields.name, p.status]).sort()).toEqual([
      ['rate-limits', 'sophia-ai-local-research-per-key-rate', 'active'], ['usage-limits', 'sophia-ai-local-research-per-key', 'active'],
    ]);
  });

  it('no key reaches the state in plain text', () => {
    const state = sandbox.stateText();
    expect(state).toContain('"ciphertext"');
    for (const secret of [apiKey, OPENAI_KEY, ANTHROPIC_KEY, emulator.serviceKeys()[0]!.key]) expect(state).not.toContain(secret);
  });

  it('a second up changes nothing', async () => {
    await nx('run', 'portkey:up', '--stack', STACK, '--yes', '--args=--expect-no-changes');
  });

  it('a budget change updates the provider in place (same id at the API)', async () => {
    const before = emulator.providers().find((p) => p.slug === 'sophia-ai-local-research-openai')!;
    await pulumi('config', 'set', '--path', 'portkey:gateway.providers.research-openai.usageLimit.creditLimit', '200');
    await pulumi('config', 'set', '--path', 'portkey:gateway.providers.research-openai.usageLimit.alertThreshold', '160');
    const r = await nx('run', 'portkey:up', '--stack', STACK, '--yes');
    expect(r.stdout).toMatch(/1 updated/);
    expect(r.stdout).not.toMatch(/replaced|created/);
    const after = emulator.providers().find((p) => p.slug === 'sophia-ai-local-research-openai')!;
    expect(after.id).toBe(before.id);
    expect(after.usage_limits).toMatchObject({ credit_limit: 200, alert_threshold: 160 });
  });

  it("a member's role change updates the membership in place (no remove and add)", async () => {
    await pulumi('config', 'set', '--path', `portkey:gateway.workspaces.research.members["${RESEARCHER!.email}"]`, 'manager');
    const r = await nx('run', 'portkey:up', '--stack', STACK, '--yes');
    expect(r.stdout).toMatch(/1 updated/);
    expect(r.stdout).not.toMatch(/replaced|created|deleted/);
    expect(memberships()).toEqual([
      ['sophia-ai-local-production', LEAD!.email, 'manager'], ['sophia-ai-local-research', LEAD!.email, 'admin'], ['sophia-ai-local-research', RESEARCHER!.email, 'manager'],
    ]);
  });

  it('refresh after out-of-band deletes drops the provider and the membership; the next up makes them again', async () => {
    const gone = emulator.providers().find((p) => p.slug === 'sophia-ai-local-production-anthropic')!;
    const headers = { 'x-portkey-api-key': apiKey };
    await fetch(`${server.url}/v1/providers/${gone.slug}`, { method: 'DELETE', headers });
    const production = emulator.workspaces().find((w) => w.name === 'sophia-ai-local-production')!;
    await fetch(`${server.url}/v1/admin/workspaces/${production.id}/users/${LEAD!.id}`, { method: 'DELETE', headers });
    const refreshed = await nx('run', 'portkey:refresh', '--stack', STACK, '--yes');
    expect(refreshed.stdout).toMatch(/2 deleted/);
    await nx('run', 'portkey:up', '--stack', STACK, '--yes');
    expect(emulator.providers().map((p) => p.slug)).toContain('sophia-ai-local-production-anthropic');
    expect(memberships()).toContainEqual(['sophia-ai-local-production', LEAD!.email, 'manager']);
    await nx('run', 'portkey:up', '--stack', STACK, '--yes', '--args=--expect-no-changes');
  });

  it('bumping rotation rotates the service key in place: a new key in the secret output, the old one still accepted', async () => {
    const before = emulator.serviceKeys()[0]!;
    const oldKey = before.key;
    await pulumi('config', 'set', '--path', 'portkey:gateway.serviceKeys.backend.rotation', '1');
    await nx('run', 'portkey:up', '--stack', STACK, '--yes');
    const [after] = emulator.serviceKeys();
    serviceKeysSeen.push(oldKey, after!.key);
    expect(after!.id).toBe(before.id);
    const shown = JSON.parse((await pulumi('stack', 'output', 'service_keys', '--show-secrets', '--json')).stdout);
    expect(shown).toEqual({ backend: after!.key });
    expect(after!.key).not.toBe(oldKey);
    expect([emulator.acceptsGatewayKey(oldKey), emulator.acceptsGatewayKey(after!.key)]).toEqual([true, true]);
    expect(sandbox.stateText()).not.toContain(after!.key);
  });

  it('destroy leaves nothing in the organisation', async () => {
    await nx('run', 'portkey:destroy', '--stack', STACK, '--yes');
    expect([emulator.workspaces(), emulator.integrations(), emulator.providers(), emulator.configs(), emulator.serviceKeys()]).toEqual([[], [], [], [], []]);
    // The API's delete of a policy archives it.
    expect(emulator.policies().map((p) => [p.kind, p.status]).sort()).toEqual([['rate-limits', 'archived'], ['usage-limits', 'archived']]);
  });

  it('no key appeared in any deploy log (up, refresh, destroy)', () => {
    expect(logs.length).toBeGreaterThan(10);
    const text = logs.join('\n');
    for (const secret of [apiKey, OPENAI_KEY, ANTHROPIC_KEY, ...serviceKeysSeen]) expect(text).not.toContain(secret);
  });
});
