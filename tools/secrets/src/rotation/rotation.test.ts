import type { RotationPolicy } from '@sophia-ai/config';
import { defineNamespace } from '@sophia-ai/config';
import { z } from 'zod';
import { SYNC_MANIFEST, workspaceNamespaces } from '../manifest';
import { keyAge } from './age';
import { commandFor, rotationEntries, RotationPolicyError, type RotationEntry } from './policy';
import { planRotations, runRotations } from './rotate';

const NOW = new Date('2026-12-01T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const ISSUER: RotationPolicy = { maxAgeDays: 90, rotatedBy: 'issuer', issuer: 'the vendor dashboard' };
const SSH: RotationPolicy = { maxAgeDays: 90, rotatedBy: 'platform', command: 'node tools/ssh-keys/bin/sophia-ssh-keys.js rotate --env <env>', runsOn: 'operator' };
const CI_CMD: RotationPolicy = { maxAgeDays: 30, rotatedBy: 'platform', command: 'npx nx run demo:rotate-key --env <env>' };
const GAP: RotationPolicy = { maxAgeDays: 30, rotatedBy: 'platform', procedure: 'bump the counter in <env>, then deploy' };

describe('keyAge', () => {
  const base = { key: 'svc:apiKey', env: 'dev', now: NOW };

  it('reads the origin side first and falls back to the other', () => {
    const both = { escChangedAt: daysAgo(10), githubUpdatedAt: [daysAgo(100)] };
    expect(keyAge({ ...base, policy: ISSUER, origin: 'github', ...both })).toMatchObject({ source: 'github-updated_at', ageDays: 100, overdue: true, changedAt: daysAgo(100) });
    expect(keyAge({ ...base, policy: ISSUER, origin: 'esc', ...both })).toMatchObject({ source: 'esc-revision', ageDays: 10, overdue: false });
    expect(keyAge({ ...base, policy: ISSUER, origin: 'github', escChangedAt: daysAgo(95) })).toMatchObject({ source: 'esc-revision', ageDays: 95, overdue: true });
  });

  it('several GitHub copies: the stalest decides', () => {
    expect(keyAge({ ...base, policy: ISSUER, origin: 'github', githubUpdatedAt: [daysAgo(5), daysAgo(91), 'not a date'] })).toMatchObject({ ageDays: 91, overdue: true });
  });

  it('overdue only past the maximum age; no date is unknown, never fresh', () => {
    expect(keyAge({ ...base, policy: ISSUER, origin: 'esc', escChangedAt: daysAgo(90) }).overdue).toBe(false);
    expect(keyAge({ ...base, policy: ISSUER, origin: 'esc', escChangedAt: daysAgo(91) }).overdue).toBe(true);
    expect(keyAge({ ...base, policy: ISSUER, origin: 'esc' })).toEqual({ key: 'svc:apiKey', source: 'unknown', overdue: false, maxAgeDays: 90, rotatedBy: 'issuer' });
  });

  it('a platform key names its command for the environment; an issuer key has none', () => {
    expect(keyAge({ ...base, env: 'staging', policy: SSH, origin: 'esc', escChangedAt: daysAgo(1) }).rotateCommand).toBe('node tools/ssh-keys/bin/sophia-ssh-keys.js rotate --env staging');
    expect(keyAge({ ...base, policy: ISSUER, origin: 'esc', escChangedAt: daysAgo(1) }).rotateCommand).toBeUndefined();
    expect(commandFor(GAP, 'dev')).toBeUndefined();
  });
});

describe('rotationEntries', () => {
  it('every secret of every namespace and every contract-sourced secret of this workspace has a policy', () => {
    const namespaces = workspaceNamespaces();
    const entries = rotationEntries(namespaces, SYNC_MANIFEST, 'dev');
    const secrets = namespaces.flatMap((ns) => Object.entries(ns.keys).filter(([, k]) => k.secret).map(([k]) => `${ns.name}:${k}`));
    expect(secrets.length).toBeGreaterThan(5);
    for (const key of [...secrets, ...Object.keys(SYNC_MANIFEST.outputs ?? {})]) expect(entries.map((e) => e.key)).toContain(key);
    // The platform-generated keys: the SSH key (its own command) and the stack-made ones (rotate itself, by generation).
    const byKey = new Map(entries.map((e) => [e.key, e]));
    expect(byKey.get('lambda-labs:sshPublicKeys')).toMatchObject({ origin: 'esc', policy: { rotatedBy: 'platform', command: 'node tools/ssh-keys/bin/sophia-ssh-keys.js rotate --env <env>' } });
    expect(byKey.get('portkey:service_keys')?.policy).toMatchObject({ rotatedBy: 'platform', generation: { stack: 'portkey', configKey: 'serviceKeyRotation' } });
    expect(byKey.get('snowflake:private_key')?.policy).toMatchObject({ rotatedBy: 'platform', generation: { stack: 'snowflake', configKey: 'keyRotation', entry: 'ESTUARY_LOADER', retireAfterDays: 7 } });
    // Every generation policy names an optional, rotation-owned key of its stack's namespace (never demanded in ESC).
    for (const e of entries) {
      const gen = e.policy.rotatedBy === 'platform' ? e.policy.generation : undefined;
      if (!gen) continue;
      const spec = namespaces.find((n) => n.name === gen.stack)?.keys[gen.configKey];
      expect({ key: e.key, owner: spec?.owner, optional: spec?.optional }).toEqual({ key: e.key, owner: 'rotation', optional: true });
    }
    expect(byKey.get('lambda-labs:apiKey')).toMatchObject({ origin: 'github', esc: { path: ['values', 'lambda-labs', 'apiKey'] } });
    expect(byKey.get('portkey:apiKey')?.origin).toBe('esc');
  });

  it('a secret without a policy is an error naming the key and the file it belongs in', () => {
    const ns = defineNamespace('demo', { token: { schema: z.string(), secret: true, owner: 'secrets-sync', githubSecret: 'DEMO_TOKEN', description: 'x' } });
    expect(() => rotationEntries([ns], { ...SYNC_MANIFEST, outputs: {} }, 'dev')).toThrow(RotationPolicyError);
    expect(() => rotationEntries([ns], { ...SYNC_MANIFEST, outputs: {} }, 'dev')).toThrow(/demo:token is secret but has no rotation policy .*stacks\/demo\/config\/index.ts/);
    const outputs = { 'portkey:service_keys': { name: 'PORTKEY_{KEY}_API_KEY', scopes: [{ kind: 'environment' as const }] } };
    expect(() => rotationEntries([], { ...SYNC_MANIFEST, outputs }, 'dev')).toThrow(/portkey:service_keys .*manifest.ts outputs/);
  });
});

describe('planRotations / runRotations', () => {
  const entries: RotationEntry[] = [
    { key: 'vendor:apiKey', policy: ISSUER, origin: 'github' },
    { key: 'lambda-labs:sshPublicKeys', policy: SSH, origin: 'esc' },
    { key: 'demo:key', policy: CI_CMD, origin: 'esc' },
    { key: 'stack:keys', policy: GAP, origin: 'github' },
  ];
  const age = (key: string, policy: RotationPolicy, days: number) => keyAge({ key, policy, origin: 'esc', env: 'dev', escChangedAt: daysAgo(days), now: NOW });
  const ages = [age('vendor:apiKey', ISSUER, 400), age('lambda-labs:sshPublicKeys', SSH, 100), age('demo:key', CI_CMD, 31), age('stack:keys[a]', GAP, 31), age('stack:keys[b]', GAP, 31)];

  it('runs overdue platform commands only; issuer keys are asked for, gaps reported, operator commands kept out of CI', async () => {
    const local = planRotations(ages, entries, 'dev', { ci: false });
    expect(local.map((s) => [s.key, s.kind])).toEqual([
      ['vendor:apiKey', 'issuer'],
      ['lambda-labs:sshPublicKeys', 'run'],
      ['demo:key', 'run'],
      ['stack:keys[a]', 'gap'],
      ['stack:keys[b]', 'gap'],
    ]);
    expect(local[0]!.detail).toBe('ask the issuer: the vendor dashboard');
    expect(local[3]!.detail).toBe('no one-command rotation yet: bump the counter in dev, then deploy');
    const ci = planRotations(ages, entries, 'dev', { ci: true });
    expect(ci.find((s) => s.key === 'lambda-labs:sshPublicKeys')).toMatchObject({ kind: 'operator', detail: expect.stringContaining("operator's machine") });

    const calls: string[][] = [];
    const outcomes = await runRotations(ci, async (argv) => {
      calls.push(argv);
      return argv.includes('demo:rotate-key') ? 0 : 1;
    });
    expect(calls).toEqual([['npx', 'nx', 'run', 'demo:rotate-key', '--env', 'dev']]);
    expect(outcomes.filter((o) => o.code !== undefined).map((o) => o.code)).toEqual([0]);
  });

  it('keys within their age plan nothing', () => {
    expect(planRotations([age('demo:key', CI_CMD, 29), age('vendor:apiKey', ISSUER, 10)], entries, 'dev', { ci: false })).toEqual([]);
  });
});
