import { z } from 'zod';
import { defineStackContract } from '@sophia-ai/stack-refs';
import { defineNamespace } from '@sophia-ai/config';
import { type ManifestSpec, resolveManifest, SYNC_MANIFEST, type SyncTarget, workspaceNamespaces } from './manifest';
import { planTarget } from './plan';
import { expandSource, expandSources, resolveStackSources, type StackSource } from './stack-sources';

const github = { owner: 'sophia-ai', repository: 'infra' };
const SCOPE = 'env:sophia-ai/infra/dev';
const gateway = defineStackContract({
  project: 'gateway',
  description: 'x',
  outputs: {
    service_keys: { schema: z.record(z.string(), z.string()), secret: true, description: 'x' },
    private_key: { schema: z.string().startsWith('-----BEGIN'), secret: true, description: 'x' },
    slugs: { schema: z.record(z.string(), z.string()), description: 'x' },
  },
});
const contracts = { gateway };
const ns = defineNamespace('gateway', { apiKey: { schema: z.string(), secret: true, owner: 'secrets-sync', githubSecret: 'GATEWAY_ADMIN_API_KEY', description: 'x' } });
const keys: ManifestSpec['keys'] = { 'gateway:apiKey': { direction: 'esc→github', scopes: [{ kind: 'environment' }] } };
const env = [{ kind: 'environment' as const }];

function sources(outputs: ManifestSpec['outputs']): StackSource[] {
  const spec: ManifestSpec = { github, keys, outputs };
  return resolveStackSources(spec, resolveManifest(spec, [ns], 'dev', 'sophia-ai'), 'dev', contracts);
}

describe('the workspace manifest’s contract-sourced secrets', () => {
  it('name secret outputs of the real contracts and resolve in every environment', () => {
    for (const e of ['local', 'dev', 'staging', 'production']) {
      const targets = resolveManifest(SYNC_MANIFEST, workspaceNamespaces(), e, 'sophia-ai');
      const got = resolveStackSources(SYNC_MANIFEST, targets, e);
      expect(got.map((s) => [s.key, s.map, s.name])).toEqual([
        ['portkey:service_keys', true, 'PORTKEY_{KEY}_API_KEY'],
        ['snowflake:private_key', false, 'SNOWFLAKE_LOADER_PRIVATE_KEY'],
      ]);
    }
  });
});

describe('resolveStackSources checks against the contract, naming the entry and the fix', () => {
  it.each<[string, ManifestSpec['outputs'], RegExp]>([
    ['an output the contract does not declare', { 'gateway:nope': { name: 'X', scopes: env } }, /outputs.gateway:nope: stacks\/gateway\/contract\/index.ts declares no output "nope"/],
    ['a stack without a contract', { 'other:service_keys': { name: 'X_{KEY}', scopes: env } }, /no contract for stack other/],
    ['a non-secret output', { 'gateway:slugs': { name: 'SLUG_{KEY}', scopes: env } }, /outputs.gateway:slugs: the output is not secret/],
    ['a map output without {KEY}', { 'gateway:service_keys': { name: 'GATEWAY_KEYS', scopes: env } }, /is a map; name must contain \{KEY\} once/],
    ['a scalar output with {KEY}', { 'gateway:private_key': { name: 'KEY_{KEY}', scopes: env } }, /is one value; name must be a fixed GitHub secret name/],
    ['a name against GitHub’s rules', { 'gateway:private_key': { name: 'GITHUB_PRIVATE_KEY', scopes: env } }, /GITHUB_PRIVATE_KEY must not start with GITHUB_/],
    ['a map rule that matches a namespace key’s GitHub secret', { 'gateway:service_keys': { name: 'GATEWAY_{KEY}_API_KEY', scopes: env } }, /env:sophia-ai\/infra\/dev: GitHub secret GATEWAY_ADMIN_API_KEY of gateway:apiKey is also claimed by outputs.gateway:service_keys/],
    ['a fixed name a namespace key already has', { 'gateway:private_key': { name: 'GATEWAY_ADMIN_API_KEY', scopes: env } }, /GATEWAY_ADMIN_API_KEY of gateway:apiKey is also claimed by outputs.gateway:private_key/],
    ['two outputs claiming the same names', { 'gateway:private_key': { name: 'GW_PK_API', scopes: env }, 'gateway:service_keys': { name: 'GW_{KEY}_API', scopes: env } }, /outputs.gateway:service_keys \(GW_\{KEY\}_API\) and outputs.gateway:private_key \(GW_PK_API\) claim the same GitHub secret names/],
  ])('%s', (_name, outputs, message) => {
    expect(() => sources(outputs)).toThrow(message);
  });

  it('a name in another scope is no collision', () => {
    expect(sources({ 'gateway:private_key': { name: 'GATEWAY_ADMIN_API_KEY', scopes: [{ kind: 'repository' }] } })).toHaveLength(1);
  });
});

describe('expandSource: the plan rows of a stack’s outputs', () => {
  const [keysSource, pemSource] = sources({
    'gateway:service_keys': { name: 'GW_{KEY}_API_KEY', scopes: env },
    'gateway:private_key': { name: 'GW_PRIVATE_KEY', scopes: env },
  }).sort((a) => (a.map ? -1 : 1)) as [StackSource, StackSource];
  const CANARY = 'canary-gateway-service-key-Ex1';

  it('a map output: one target per entry, named by the rule; a removed entry the ledger knows stays as “no value”', () => {
    const got = expandSource(keysSource, { deployed: true, outputs: { service_keys: { 'ml-api': CANARY, etl: 'canary-etl-2' } } }, 'dev', [`gateway:service_keys[old.svc]@${SCOPE}`, `gateway:apiKey@${SCOPE}`]);
    expect(got.rows).toEqual([]);
    expect(got.targets.map((t) => [t.id, t.githubSecret, t.direction])).toEqual([
      [`gateway:service_keys[ml-api]@${SCOPE}`, 'GW_ML_API_API_KEY', 'stack→github'],
      [`gateway:service_keys[etl]@${SCOPE}`, 'GW_ETL_API_KEY', 'stack→github'],
      [`gateway:service_keys[old.svc]@${SCOPE}`, 'GW_OLD_SVC_API_KEY', 'stack→github'],
    ]);
    expect([...got.values.values()]).toEqual([CANARY, 'canary-etl-2', undefined]);
    expect(got.targets[0]!.stack).toEqual({ project: 'gateway', output: 'service_keys', entry: 'ml-api' });
  });

  it('a scalar output: one target under its fixed name', () => {
    const got = expandSource(pemSource, { deployed: true, outputs: { private_key: '-----BEGIN PRIVATE KEY-----canary' } }, 'dev', []);
    expect(got.targets.map((t) => [t.id, t.githubSecret])).toEqual([[`gateway:private_key@${SCOPE}`, 'GW_PRIVATE_KEY']]);
  });

  it.each<[string, Parameters<typeof expandSource>[1], string, RegExp]>([
    ['a stack not deployed yet: skipped, the plan still runs', { deployed: false }, 'skip', /^unknown: stack gateway\/dev not deployed yet \(npx nx run gateway:up --env dev\)/],
    ['a deployed stack without the output', { deployed: true, outputs: { slugs: {} } }, 'error', /^stack gateway\/dev has no output "service_keys"/],
    ['an output that does not match its contract', { deployed: true, outputs: { service_keys: { a: 42 } } }, 'error', /does not match its contract: a: /],
    ['a failed read', new Error('no Pulumi CLI to read stack gateway/dev'), 'error', /reading the outputs of stack gateway\/dev: no Pulumi CLI/],
  ])('%s', (_name, outputs, action, reason) => {
    const got = expandSource(keysSource, outputs, 'dev', []);
    expect(got.targets).toEqual([]);
    expect(got.rows).toEqual([{ id: `gateway:service_keys@${SCOPE}`, key: 'gateway:service_keys', githubSecret: 'GW_{KEY}_API_KEY', scope: SCOPE, action, reason: expect.stringMatching(reason) }]);
  });

  it('entries whose names collide, or break GitHub’s rules, are error rows that never show the value', () => {
    const got = expandSource(keysSource, { deployed: true, outputs: { service_keys: { 'a-b': CANARY, a_b: CANARY, 'x y': CANARY } } }, 'dev', []);
    expect(got.targets.map((t) => t.githubSecret)).toEqual(['GW_A_B_API_KEY']);
    expect(got.rows.map((r) => [r.githubSecret, r.action, r.reason])).toEqual([
      ['GW_A_B_API_KEY', 'error', 'entries a-b and a_b of service_keys both become GW_A_B_API_KEY; rename one in stacks/gateway'],
      ['GW_X Y_API_KEY', 'error', expect.stringMatching(/may contain only letters, digits and _/)],
    ]);
    expect(JSON.stringify(got.rows)).not.toContain(CANARY);
  });

  it('more secrets in a scope than GitHub allows (with the namespace keys there): error rows, no targets', async () => {
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`svc${i}`, `canary-${i}`]));
    const namespaceTarget = resolveManifest({ github, keys }, [ns], 'dev', 'sophia-ai');
    const got = await expandSources([keysSource], async () => ({ deployed: true, outputs: { service_keys: many } }), 'dev', [], namespaceTarget);
    expect(got.targets).toEqual([]);
    expect(got.rows).toHaveLength(100);
    expect(got.rows[0]!.reason).toBe(`${SCOPE} would hold 101 secrets, GitHub allows 100 in a environment`);
    const fits = await expandSources([keysSource], async () => ({ deployed: true, outputs: { service_keys: many } }), 'dev', []);
    expect([fits.targets.length, fits.rows.length]).toEqual([100, 0]);
  });

  describe('the three-way rules, with the stack as the owning side', () => {
    const [target] = expandSource(keysSource, { deployed: true, outputs: { service_keys: { 'ml-api': CANARY } } }, 'dev', []).targets as [SyncTarget];
    const synced = { esc: { hmac: 'h1' }, github: { hmac: 'h1', updatedAt: '2026-01-01T00:00:00Z' }, at: '2026-01-01T00:00:00Z' };
    const gh = (updatedAt = '2026-01-01T00:00:00Z') => ({ present: true, updatedAt });
    it.each<[string, Parameters<typeof planTarget>[1], Parameters<typeof planTarget>[2], Parameters<typeof planTarget>[3], string, RegExp]>([
      ['first sync', { esc: { present: true, hmac: 'h1' }, github: { present: false } }, undefined, {}, 'create', /^first sync: stack gateway owns it, GitHub has none$/],
      ['rotated in the stack', { esc: { present: true, hmac: 'h2' }, github: gh() }, synced, {}, 'update', /^changed in stack gateway \(the owner\)$/],
      ['edited in GitHub: drift', { esc: { present: true, hmac: 'h1' }, github: gh('2026-02-01T00:00:00Z') }, synced, {}, 'drift', /changed in GitHub, which does not own it — --restore puts back stack gateway's/],
      ['drift with --restore', { esc: { present: true, hmac: 'h1' }, github: gh('2026-02-01T00:00:00Z') }, synced, { restore: true }, 'restore', /restored from stack gateway/],
      ['removed from the stack, without --prune', { esc: { present: false }, github: gh() }, synced, {}, 'skip', /deleted in stack gateway \(the owner\) — --prune deletes it/],
      ['both changed, --prefer github: never written into the stack', { esc: { present: true, hmac: 'h2' }, github: gh('2026-02-01T00:00:00Z') }, synced, { prefer: 'github' }, 'conflict', /--prefer github cannot win: stack gateway owns the value and is never written/],
      ['both changed, --prefer esc: the stack wins', { esc: { present: true, hmac: 'h2' }, github: gh('2026-02-01T00:00:00Z') }, synced, { prefer: 'esc' }, 'update', /stack gateway wins/],
    ])('%s', (_name, obs, entry, policy, action, reason) => {
      const item = planTarget(target, obs, entry, policy);
      expect(item).toMatchObject({ action, reason: expect.stringMatching(reason) });
      if (item.write) expect(item.write.side).toBe('github');
    });
  });
});
