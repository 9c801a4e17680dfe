import type { SyncTarget } from './manifest';
import { entryAfter, type Observations, type Policy, planTarget, settlePending, type SyncedState } from './plan';

const target = (direction: SyncTarget['direction'], optional = false): SyncTarget => ({
  id: 'svc:key@env:o/r/dev',
  key: 'svc:key',
  optional,
  githubSecret: 'SVC_KEY',
  direction,
  scope: { kind: 'environment', owner: 'o', repository: 'r', environment: 'dev' },
  esc: { env: { org: 'o', project: 'sophia-ai', name: 'secrets-dev' }, path: ['values', 'svc', 'key'] },
});

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T01:00:00Z';
/** ESC side (value always known). */
const esc = (hmac?: string) => (hmac ? { present: true, hmac, bytes: 10, revision: '3' } : { present: false });
/** GitHub seen through its API only: presence and updated_at. */
const ghBlind = (updatedAt?: string) => (updatedAt ? { present: true, updatedAt } : { present: false });
/** GitHub seen inside a workflow (value known). */
const ghValue = (hmac?: string, updatedAt = T0) => (hmac ? { present: true, hmac, bytes: 10, updatedAt } : { present: false });
const synced = (hmac: string | null, updatedAt: string | undefined = T0): SyncedState => ({
  esc: { hmac },
  github: { hmac, ...(updatedAt && hmac ? { updatedAt } : {}) },
  at: T0,
});

type Row = [string, SyncTarget['direction'], Observations, SyncedState | undefined, Policy, string, { side: string; from: string; delete: boolean } | undefined];
const W = (side: string, from: string, del = false) => ({ side, from, delete: del });

// [name, direction, now, ledger, policy, expected action, expected write]
const rows: Row[] = [
  // first sync
  ['first sync esc→github: create in GitHub', 'esc→github', { esc: esc('a'), github: ghBlind() }, undefined, {}, 'create', W('github', 'esc')],
  ['first sync github→esc: create in ESC', 'github→esc', { esc: esc(), github: ghValue('a') }, undefined, {}, 'create', W('esc', 'github')],
  ['first sync, equal values: adopt, nothing written', 'github→esc', { esc: esc('a'), github: ghValue('a') }, undefined, {}, 'adopt', undefined],
  ['first sync, both hold different values: conflict', 'github→esc', { esc: esc('b'), github: ghValue('a') }, undefined, {}, 'conflict', undefined],
  ['first sync, GitHub blind and present: conflict', 'esc→github', { esc: esc('a'), github: ghBlind(T0) }, undefined, {}, 'conflict', undefined],
  ['first sync conflict, --prefer esc overwrites GitHub', 'esc→github', { esc: esc('a'), github: ghBlind(T0) }, undefined, { prefer: 'esc' }, 'update', W('github', 'esc')],
  ['first sync, only the non-owner has it: skip', 'esc→github', { esc: esc(), github: ghBlind(T0) }, undefined, {}, 'skip', undefined],
  ['first sync, only the non-owner has it, --prune: still a skip (never synced, never deleted)', 'esc→github', { esc: esc(), github: ghBlind(T0) }, undefined, { prune: true }, 'skip', undefined],
  ['nothing anywhere, required key: skip (reported)', 'github→esc', { esc: esc(), github: ghValue() }, undefined, {}, 'skip', undefined],
  ['nothing anywhere, optional key: noop', 'github→esc', { esc: esc(), github: ghValue() }, undefined, {}, 'noop', undefined],
  ['github→esc outside the workflow: value unknown → skip', 'github→esc', { esc: esc(), github: ghBlind(T0) }, undefined, {}, 'skip', undefined],
  // steady state
  ['in sync (esc→github, updated_at as recorded)', 'esc→github', { esc: esc('a'), github: ghBlind(T0) }, synced('a'), {}, 'noop', undefined],
  ['in sync: updated_at one second before our Date header', 'esc→github', { esc: esc('a'), github: ghBlind(T0) }, synced('a', '2026-01-01T00:00:01Z'), {}, 'noop', undefined],
  ['an edit one second after our write is drift', 'esc→github', { esc: esc('a'), github: ghBlind('2026-01-01T00:00:01Z') }, synced('a'), {}, 'drift', undefined],
  ['changed in the owner ESC: update GitHub', 'esc→github', { esc: esc('b'), github: ghBlind(T0) }, synced('a'), {}, 'update', W('github', 'esc')],
  ['changed in the owner GitHub: update ESC', 'github→esc', { esc: esc('a'), github: ghValue('b', T1) }, synced('a'), {}, 'update', W('esc', 'github')],
  ['changed in GitHub, outside the workflow: skip', 'github→esc', { esc: esc('a'), github: ghBlind(T1) }, synced('a'), {}, 'skip', undefined],
  ['changed in GitHub (non-owner, updated_at moved): drift', 'esc→github', { esc: esc('a'), github: ghBlind(T1) }, synced('a'), {}, 'drift', undefined],
  ['drift --restore: ESC value back into GitHub', 'esc→github', { esc: esc('a'), github: ghBlind(T1) }, synced('a'), { restore: true }, 'restore', W('github', 'esc')],
  ['changed in ESC (non-owner): drift', 'github→esc', { esc: esc('x'), github: ghValue('a') }, synced('a'), {}, 'drift', undefined],
  ['deleted in ESC (non-owner): drift; --restore recreates', 'github→esc', { esc: esc(), github: ghValue('a') }, synced('a'), { restore: true }, 'restore', W('esc', 'github')],
  ['changed on both: conflict, nothing written', 'esc→github', { esc: esc('b'), github: ghBlind(T1) }, synced('a'), {}, 'conflict', undefined],
  ['conflict --prefer esc', 'esc→github', { esc: esc('b'), github: ghBlind(T1) }, synced('a'), { prefer: 'esc' }, 'update', W('github', 'esc')],
  ['conflict --prefer github, GitHub unreadable: still a conflict', 'esc→github', { esc: esc('b'), github: ghBlind(T1) }, synced('a'), { prefer: 'github' }, 'conflict', undefined],
  ['conflict --prefer esc on a github→esc key writes GitHub', 'github→esc', { esc: esc('x'), github: ghValue('b', T1) }, synced('a'), { prefer: 'esc' }, 'update', W('github', 'esc')],
  ['both changed to the same value: adopt', 'github→esc', { esc: esc('b'), github: ghValue('b', T1) }, synced('a'), {}, 'adopt', undefined],
  // deletions
  ['deleted in the owner: skip without --prune', 'esc→github', { esc: esc(), github: ghBlind(T0) }, synced('a'), {}, 'skip', undefined],
  ['deleted in the owner, --prune: delete the other side', 'esc→github', { esc: esc(), github: ghBlind(T0) }, synced('a'), { prune: true }, 'delete', W('github', 'esc', true)],
  ['deleted in GitHub (owner), --prune: delete in ESC', 'github→esc', { esc: esc('a'), github: ghValue() }, synced('a'), { prune: true }, 'delete', W('esc', 'github', true)],
  ['deleted on both: adopt', 'github→esc', { esc: esc(), github: ghValue() }, synced('a'), {}, 'adopt', undefined],
];

describe('planTarget: the three-way rules', () => {
  it.each(rows)('%s', (_name, direction, obs, entry, policy, action, write) => {
    const item = planTarget(target(direction, _name.includes('optional')), obs, entry, policy);
    expect(item.action).toBe(action);
    expect(item.write).toEqual(write);
    expect(item.reason).not.toBe('');
  });

  it('a plan item carries no value and no hash', () => {
    const item = planTarget(target('esc→github'), { esc: { present: true, hmac: 'deadbeefcafe', bytes: 5 }, github: ghBlind() }, undefined);
    expect(JSON.stringify(item)).not.toContain('deadbeef');
  });

  it('refuses to write a value over 48 KB to GitHub', () => {
    const item = planTarget(target('esc→github'), { esc: { present: true, hmac: 'a', bytes: 48 * 1024 + 1 }, github: ghBlind() }, undefined);
    expect(item.action).toBe('error');
    expect(item.write).toBeUndefined();
    expect(item.reason).toMatch(/48 KB/);
  });
});

describe('settlePending: a crash between the write and the ledger', () => {
  const before = synced('a');
  const announced: SyncedState = { esc: { hmac: 'b', revision: '4' }, github: { hmac: 'b' }, at: T1 };
  const pendingGithub = { ...before, pending: { side: 'github' as const, entry: announced, startedAt: T1 } };

  it('a GitHub write that landed (updated_at ≥ its start) is adopted: no conflict, no second write', () => {
    const obs: Observations = { esc: esc('b'), github: ghBlind('2026-01-01T01:00:01Z') };
    const settled = settlePending(pendingGithub, obs);
    expect(settled?.github).toEqual({ hmac: 'b', updatedAt: '2026-01-01T01:00:01Z' });
    expect(planTarget(target('esc→github'), obs, settled).action).toBe('noop');
    // Without the intent the same observation would be a conflict (both sides moved).
    expect(planTarget(target('esc→github'), obs, before).action).toBe('conflict');
  });

  it('a GitHub write that never happened leaves the old entry: the change is planned again', () => {
    const obs: Observations = { esc: esc('b'), github: ghBlind(T0) };
    const settled = settlePending(pendingGithub, obs);
    expect(settled).toEqual(before);
    expect(planTarget(target('esc→github'), obs, settled).action).toBe('update');
  });

  it('an ESC write is recognised by its HMAC', () => {
    const entry = { ...before, pending: { side: 'esc' as const, entry: announced, startedAt: T1 } };
    expect(settlePending(entry, { esc: esc('b'), github: ghValue('b', T1) })?.esc.hmac).toBe('b');
    expect(settlePending(entry, { esc: esc('a'), github: ghValue('b', T1) })).toEqual(before);
  });

  it('a first-sync intent that never landed leaves no entry', () => {
    const first = { esc: { hmac: null }, github: { hmac: null }, at: '', pending: { side: 'github' as const, entry: announced, startedAt: T1 } };
    expect(settlePending(first, { esc: esc('b'), github: ghBlind() })).toBeUndefined();
  });
});

describe('entryAfter', () => {
  it('records the written value on both sides with the write’s updated_at', () => {
    const obs: Observations = { esc: esc('b'), github: ghBlind(T0) };
    const item = planTarget(target('esc→github'), obs, synced('a'));
    expect(entryAfter(item, obs, synced('a'), T1, { updatedAt: T1 })).toEqual({ esc: { hmac: 'b', revision: '3' }, github: { hmac: 'b', updatedAt: T1 }, at: T1 });
  });

  it('keeps the previous entry for drift and conflicts (they stay visible until resolved)', () => {
    const obs: Observations = { esc: esc('a'), github: ghBlind(T1) };
    const item = planTarget(target('esc→github'), obs, synced('a'));
    expect(item.action).toBe('drift');
    expect(entryAfter(item, obs, synced('a'), T1)).toEqual(synced('a'));
  });

  it('a deletion records absence on both sides', () => {
    const obs: Observations = { esc: esc(), github: ghBlind(T0) };
    const item = planTarget(target('esc→github'), obs, synced('a'), { prune: true });
    expect(entryAfter(item, obs, synced('a'), T1)).toEqual({ esc: { hmac: null }, github: { hmac: null }, at: T1 });
  });
});
