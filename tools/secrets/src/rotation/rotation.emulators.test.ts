/*
 * Rotation tracking against the ESC and GitHub emulators on one controllable clock: values written 200 days ago,
 * an unrelated ESC edit 50 days ago, then `status` (ages, overdue, commands) and `rotate --overdue` (dry run,
 * --apply with a fake runner, then the sync; CI keeps operator commands out). Canary values never appear.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PulumiCloudEscStore } from '@sophia-ai/esc-store';
import { createGithubEnvironment, DEV_SCOPE, ESC_TOKEN, escEdit, escPlain, LEDGER_ENV, ORG, SECRETS_ENV, sophiaSecrets, startWorld, type World } from '../testing/world';
import { EscHistoryWalker } from './esc-history';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const SCOPE = { kind: 'environment' as const, owner: 'sophia-ai', repository: 'sophia-ai-infrastructure', environment: 'dev' };
const PORTKEY = 'canary-rot-portkey-admin-Hq7w2';
const PORTKEY_2 = 'canary-rot-portkey-admin-new-Vb3k9';
const LAMBDA = 'canary-rot-lambda-api-key-Rt5m1';
const ESTUARY = 'canary-rot-estuary-refresh-token-Kp0z4';
const SERVICE_KEY = 'canary-rot-portkey-ml-api-Zc6n8';
const CANARIES = [PORTKEY, PORTKEY_2, LAMBDA, ESTUARY, SERVICE_KEY];
const SSH_KEY = 'c3NoLWVkMjU1MTkgQUFBQUMzTnphQzFsWkRJMU5URTVBQUFBSU9nWk0gb3BlcmF0b3I=';

let clock = Date.now();
let w: World;
const T0 = () => Date.now() - 200 * DAY;
beforeEach(async () => {
  clock = T0();
  w = await startWorld({ now: () => clock });
  Object.assign(w.env, { CI: 'false', GITHUB_ACTIONS: 'false' });
  await createGithubEnvironment(w);
  w.esc.seed(ORG, 'sophia-ai', SECRETS_ENV, `values:\n  portkey:\n    apiKey:\n      fn::secret: ${PORTKEY}\n`);
  w.esc.seed(ORG, 'sophia-ai', 'lambda-labs-dev', `values:\n  pulumiConfig:\n    lambda-labs:sshPublicKeys:\n      - ${SSH_KEY}\n`);
  w.stacks.set('portkey', { service_keys: { 'ml-api': SERVICE_KEY } });
  await w.person.put(SCOPE, 'LAMBDA_API_KEY', LAMBDA);
  expect((await sophiaSecrets(w, ['sync', '--apply'], { LAMBDA_API_KEY: LAMBDA })).code).toBe(2);
  // 150 days later someone sets another key in the same environment: a new revision, not a new portkey:apiKey.
  clock = Date.now() - 50 * DAY;
  await escEdit(w, SECRETS_ENV, [{ op: 'set', path: ['values', 'estuary', 'refreshToken'], value: ESTUARY, secret: true }]);
  clock = Date.now();
});
afterEach(() => w.close());

const jsonOf = (out: string) => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const agesOf = (out: string) => new Map(jsonOf(out).filter((l) => l.type === 'age').map((l) => [l.key as string, l]));
const auditLog = () => fs.readdirSync(path.join(w.dir, 'audit')).map((f) => fs.readFileSync(path.join(w.dir, 'audit', f), 'utf8')).join('');
async function expectNoCanary(texts: string[]) {
  const all = [...texts, auditLog(), (await escPlain(w, LEDGER_ENV))!.text];
  for (const t of all) for (const c of CANARIES) expect(t).not.toContain(c);
}

test('status: each key aged from ESC revisions or GitHub updated_at, overdue ones with who rotates them and how', async () => {
  const json = await sophiaSecrets(w, ['status', '--json']);
  expect(json.code).toBe(3); // overdue keys need attention; nothing else is wrong
  const ages = agesOf(json.out);
  const t0Day = new Date(T0()).toISOString().slice(0, 10);
  // esc→github: ESC's oldest revision with this value, though a later revision touched the environment.
  expect(ages.get('portkey:apiKey')).toMatchObject({ source: 'esc-revision', ageDays: 200, maxAgeDays: 90, overdue: true, rotatedBy: 'issuer' });
  expect(String(ages.get('portkey:apiKey')!.changedAt).slice(0, 10)).toBe(t0Day);
  // github→esc: GitHub's updated_at (the person set it there).
  expect(ages.get('lambda-labs:apiKey')).toMatchObject({ source: 'github-updated_at', ageDays: 200, overdue: true, rotatedBy: 'issuer' });
  // set only in ESC 50 days ago: the fallback side, within its 90 days.
  expect(ages.get('estuary:refreshToken')).toMatchObject({ source: 'esc-revision', ageDays: 50, overdue: false });
  // platform keys: the SSH key's command; the stack-made key (published 200 days ago) is rotated by rotate itself.
  expect(ages.get('lambda-labs:sshPublicKeys')).toMatchObject({ source: 'esc-revision', ageDays: 200, overdue: true, rotatedBy: 'platform', rotateCommand: 'node tools/ssh-keys/bin/sophia-ssh-keys.js rotate --env dev' });
  expect(ages.get('portkey:service_keys[ml-api]')).toMatchObject({ source: 'github-updated_at', ageDays: 200, overdue: true, rotatedBy: 'platform', rotateCommand: 'node tools/secrets/bin/sophia-secrets.js rotate --overdue --apply --env dev' });
  expect(ages.get('github:token')).toMatchObject({ source: 'unknown', overdue: false });
  expect(jsonOf(json.out).at(-1)).toMatchObject({ type: 'summary', exitCode: 3 });

  const text = await sophiaSecrets(w, ['status']);
  expect(text.out).toMatch(/SECRET +SCOPE +DIRECTION +ACTION +LAST IN SYNC +REASON/);
  expect(text.out).toMatch(/Rotation \(4 overdue of \d+\)/);
  expect(text.out).toMatch(/lambda-labs:sshPublicKeys +\S+ +esc-revision +200d +90d +OVERDUE +platform +node tools\/ssh-keys\/bin\/sophia-ssh-keys\.js rotate --env dev/);
  expect(text.out).toMatch(/portkey:apiKey +\S+ +esc-revision +200d +90d +OVERDUE +issuer +ask the issuer: a Portkey organisation admin/);
  expect(text.out).toMatch(/portkey:service_keys\[ml-api\] .* OVERDUE +platform +node tools\/secrets\/bin\/sophia-secrets\.js rotate --overdue --apply --env dev/);
  expect(text.out).toMatch(/estuary:refreshToken +\S+ +esc-revision +50d +90d +ok +issuer$/m);
  expect(text.out).not.toMatch(/Pending decisions/);
  // Someone edits an ESC-owned secret in GitHub: drift, waiting for a decision, listed above the ages.
  await w.person.put(SCOPE, 'PORTKEY_API_KEY', PORTKEY_2);
  const drifted = await sophiaSecrets(w, ['status']);
  expect(drifted.out).toMatch(/Pending decisions \(1\): PORTKEY_API_KEY drift in env:sophia-ai\/sophia-ai-infrastructure\/dev — see --prefer \/ --restore\n\nRotation/);
  expect(drifted.code).toBe(3);
  // The walk read stored definitions (ciphertext) only: no revision was decrypted or opened for it.
  const versionReads = w.escServer.requests.filter((r) => /\/versions\//.test(r.path));
  expect(versionReads.length).toBeGreaterThan(0);
  expect(versionReads.every((r) => r.method === 'GET' && /\/versions\/\d+$/.test(r.path))).toBe(true);
  await expectNoCanary([json.out, json.err, text.out, text.err, drifted.out, drifted.err]);
});

test('rotate --overdue: dry run lists; --apply runs platform commands with names only, then syncs; issuer keys are never rotated', async () => {
  const calls: string[][] = [];
  const runner = async (argv: string[]) => {
    calls.push(argv);
    // The rotation's effect, as a rotation writes it: a new value in ESC that the sync then carries to GitHub.
    await escEdit(w, SECRETS_ENV, [{ op: 'set', path: ['values', 'portkey', 'apiKey'], value: PORTKEY_2, secret: true }]);
    return 0;
  };
  const dry = await sophiaSecrets(w, ['rotate', '--overdue'], undefined, 'dev', { runner });
  expect(dry.code).toBe(3);
  expect(calls).toEqual([]);
  expect(dry.out).toContain('lambda-labs:sshPublicKeys  would run: node tools/ssh-keys/bin/sophia-ssh-keys.js rotate --env dev');
  expect(dry.out).toMatch(/portkey:apiKey\s{2}issuer: ask the issuer: /);
  expect(dry.out).toMatch(/lambda-labs:apiKey\s{2}issuer: ask the issuer: /);
  expect(dry.out).toMatch(/portkey:service_keys\[ml-api\] {2}would run: rotation 1 recorded in sophia-ai\/secrets-dev portkey:serviceKeyRotation\.ml-api, then npx nx run portkey:up --env dev --yes/);
  expect(dry.out).toContain('Then (with --apply): sophia-secrets sync --env dev --direction esc-to-github --apply');
  expect(w.github.secretPlaintext(DEV_SCOPE, 'PORTKEY_API_KEY')).toBe(PORTKEY);

  const applied = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner });
  expect(calls).toEqual([
    ['node', 'tools/ssh-keys/bin/sophia-ssh-keys.js', 'rotate', '--env', 'dev'],
    ['npx', 'nx', 'run', 'portkey:up', '--env', 'dev', '--yes'],
  ]);
  expect(applied.out).toContain('lambda-labs:sshPublicKeys  rotated: node tools/ssh-keys/bin/sophia-ssh-keys.js rotate --env dev');
  expect(applied.out).toMatch(/Sync for dev/);
  expect(applied.out).toMatch(/PORTKEY_API_KEY .* update /);
  expect(w.github.secretPlaintext(DEV_SCOPE, 'PORTKEY_API_KEY')).toBe(PORTKEY_2);
  // The issuer's key in GitHub is as the person left it.
  expect(w.github.secretPlaintext(DEV_SCOPE, 'LAMBDA_API_KEY')).toBe(LAMBDA);
  expect(applied.code).toBe(3); // issuer keys are still overdue
  await expectNoCanary([dry.out, dry.err, applied.out, applied.err, ...calls.map((c) => c.join(' '))]);
});

test('rotate in CI: the operator-only SSH rotation is listed, not run; a failing command is an error', async () => {
  Object.assign(w.env, { CI: 'true' });
  const calls: string[][] = [];
  const ci = await sophiaSecrets(w, ['rotate', '--overdue', '--apply', '--json'], undefined, 'dev', { runner: async (argv) => (calls.push(argv), 0) });
  // The stack-made key rotates in CI (no operator machine); the SSH key does not.
  expect(calls).toEqual([['npx', 'nx', 'run', 'portkey:up', '--env', 'dev', '--yes']]);
  expect(jsonOf(ci.out).find((l) => l.key === 'lambda-labs:sshPublicKeys')).toMatchObject({ type: 'rotation', kind: 'operator', detail: expect.stringContaining("operator's machine") });
  expect(ci.code).toBe(3);

  Object.assign(w.env, { CI: 'false' });
  const failed = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner: async () => 7 });
  expect(failed.code).toBe(1);
  expect(failed.out).toContain('lambda-labs:sshPublicKeys  FAILED (exit 7)');
  expect(failed.out).not.toMatch(/Sync for dev/);

  const noFlag = await sophiaSecrets(w, ['rotate']);
  expect(noFlag.code).toBe(1);
  expect(noFlag.err).toMatch(/pass --overdue/);
});

test('an unreadable ESC history is an error naming the environment; GitHub dates still count', async () => {
  w.escServer.faults.apply({ serverError: { path: '/versions/', status: 403, next: 100 } });
  const status = await sophiaSecrets(w, ['status', '--json']);
  expect(status.code).toBe(1);
  const lines = jsonOf(status.out);
  // One line per environment, not per key.
  expect(lines.filter((l) => l.type === 'error').map((l) => String(l.message).replace(/: ESC list revisions.*$/, '')).sort()).toEqual([
    "the ESC history of sophia-ai/lambda-labs-dev is unreadable (its keys' ages fall back to GitHub's dates)",
    "the ESC history of sophia-ai/secrets-dev is unreadable (its keys' ages fall back to GitHub's dates)",
  ]);
  expect(lines.find((l) => l.type === 'error')?.message).toMatch(/403/);
  expect(agesOf(status.out).get('lambda-labs:apiKey')).toMatchObject({ source: 'github-updated_at', overdue: true });
  expect(agesOf(status.out).get('portkey:apiKey')).toMatchObject({ source: 'github-updated_at' });
  const rotate = await sophiaSecrets(w, ['rotate', '--overdue']);
  expect(rotate.code).toBe(1);
  expect(rotate.err).toMatch(/the ESC history of sophia-ai\/lambda-labs-dev is unreadable/);
  await expectNoCanary([status.out, status.err, rotate.out, rotate.err]);
});

test('ESC history walk: an unrelated edit keeps the date, a value change moves it, maxReads bounds the walk', async () => {
  const store = new PulumiCloudEscStore({ apiUrl: w.escServer.url, token: ESC_TOKEN, org: ORG, attempts: 1 });
  const ref = { org: ORG, project: 'sophia-ai', name: SECRETS_ENV };
  const path = ['values', 'portkey', 'apiKey'];
  const first = await new EscHistoryWalker(store).changedAt(ref, path);
  expect(new Date(first!.at).getTime()).toBeLessThan(Date.now() - 199 * DAY);
  expect(first!.bounded).toBe(false);
  expect(await new EscHistoryWalker(store).changedAt(ref, ['values', 'portkey', 'nothing'])).toBeUndefined();
  expect(await new EscHistoryWalker(store).changedAt({ ...ref, name: 'absent-dev' }, path)).toBeUndefined();

  clock = Date.now() - 3 * DAY;
  await escEdit(w, SECRETS_ENV, [{ op: 'set', path, value: PORTKEY_2, secret: true }]);
  for (let i = 0; i < 3; i++) await escEdit(w, SECRETS_ENV, [{ op: 'set', path: ['values', 'note'], value: `unrelated ${i}` }]);
  clock = Date.now();
  const moved = await new EscHistoryWalker(store).changedAt(ref, path);
  expect(Math.round((Date.now() - new Date(moved!.at).getTime()) / DAY)).toBe(3);
  const bounded = await new EscHistoryWalker(store, 2).changedAt(ref, path);
  expect(bounded!.bounded).toBe(true);
  expect(new Date(bounded!.at).getTime()).toBeGreaterThanOrEqual(new Date(moved!.at).getTime());
});
