/*
 * Generation rotations (Portkey service keys, Snowflake loader key pairs) against the ESC and GitHub emulators
 * with a fake runner standing in for `nx run <stack>:up`: the record written once even when `up` fails and the
 * next run retries (the pending marker), the new key carried to GitHub by the sync, phase two (Snowflake's
 * previous key retired after its window) on a later run. Canary values never appear.
 */
import { createGithubEnvironment, DEV_SCOPE, escEdit, escPlain, ORG, SECRETS_ENV, sophiaSecrets, startWorld, type World } from '../testing/world';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const OLD_KEY = 'canary-gen-portkey-ml-api-old-Qw3r8';
const NEW_KEY = 'canary-gen-portkey-ml-api-new-Lk9d2';
const CANARIES = [OLD_KEY, NEW_KEY];
const PORTKEY_UP = ['npx', 'nx', 'run', 'portkey:up', '--env', 'dev', '--yes'];
const SNOWFLAKE_UP = ['npx', 'nx', 'run', 'snowflake:up', '--env', 'dev', '--yes'];

let clock = Date.now();
let w: World;
beforeEach(async () => {
  clock = Date.now() - 200 * DAY;
  w = await startWorld({ now: () => clock });
  Object.assign(w.env, { CI: 'true', GITHUB_ACTIONS: 'true' });
  await createGithubEnvironment(w);
  w.esc.seed(ORG, 'sophia-ai', SECRETS_ENV, 'values: {}\n');
  w.stacks.set('portkey', { service_keys: { 'ml-api': OLD_KEY } });
  expect((await sophiaSecrets(w, ['sync', '--apply', '--direction', 'esc-to-github'])).code).toBe(2);
  clock = Date.now();
});
afterEach(() => w.close());

const record = async (configKey: string, entry: string) => (await escPlain(w, SECRETS_ENV))!.doc.values?.pulumiConfig?.[configKey]?.[entry];

test('portkey service key: recorded once, up fails, the next run resumes without a second bump, then the sync publishes it', async () => {
  const calls: string[][] = [];
  let upWorks = false;
  const runner = async (argv: string[]) => {
    calls.push(argv);
    if (argv.join(' ') !== PORTKEY_UP.join(' ') || !upWorks) return 1;
    // What the real up does: Portkey's rotate API answers a new key, the stack's output carries it.
    w.stacks.set('portkey', { service_keys: { 'ml-api': NEW_KEY } });
    return 0;
  };
  const first = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner });
  expect(first.code).toBe(1);
  expect(first.out).toContain('portkey:service_keys[ml-api]  FAILED (exit 1): rotation 1 recorded in sophia-ai/secrets-dev portkey:serviceKeyRotation.ml-api');
  expect(first.out).not.toMatch(/Sync for dev/);
  expect(await record('portkey:serviceKeyRotation', 'ml-api')).toMatchObject({ rotations: 1, pending: true });
  expect(w.github.secretPlaintext(DEV_SCOPE, 'PORTKEY_ML_API_API_KEY')).toBe(OLD_KEY);

  upWorks = true;
  const second = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner });
  expect(second.out).toContain('portkey:service_keys[ml-api]  rotated: a rotation recorded in sophia-ai/secrets-dev portkey:serviceKeyRotation.ml-api has not been applied yet');
  const after = await record('portkey:serviceKeyRotation', 'ml-api');
  expect(after).toMatchObject({ rotations: 1 });
  expect(after.pending).toBeUndefined();
  expect(second.out).toMatch(/Sync for dev/);
  expect(w.github.secretPlaintext(DEV_SCOPE, 'PORTKEY_ML_API_API_KEY')).toBe(NEW_KEY);
  expect(second.code).toBe(0);

  // Converged: the key is fresh now, a third run rotates nothing and leaves the record alone.
  const third = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner });
  expect(third.out).toContain('No overdue keys in dev.');
  expect(calls.filter((c) => c.join(' ') === PORTKEY_UP.join(' '))).toHaveLength(2);
  expect((await record('portkey:serviceKeyRotation', 'ml-api')).rotations).toBe(1);
  const texts = [first, second, third].flatMap((r) => [r.out, r.err]);
  for (const t of [...texts, (await escPlain(w, SECRETS_ENV))!.text]) for (const c of CANARIES) expect(t).not.toContain(c);
});

test('snowflake loader key: phase two retires the previous key once the recorded window (7 days) has passed', async () => {
  const calls: string[][] = [];
  const runner = async (argv: string[]) => {
    calls.push(argv);
    if (argv.join(' ') === PORTKEY_UP.join(' ')) w.stacks.set('portkey', { service_keys: { 'ml-api': NEW_KEY } });
    return 0;
  };
  const at = (days: number) => new Date(Date.now() - days * DAY).toISOString();
  const path = ['values', 'pulumiConfig', 'snowflake:keyRotation', 'ESTUARY_LOADER'];
  // No snowflake output published here: its age is unknown (never overdue); the retirement is due by its record alone.
  await escEdit(w, SECRETS_ENV, [{ op: 'set', path, value: { rotations: 2, rotatedAt: at(3) } }]);
  const early = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner });
  expect(early.out).not.toMatch(/snowflake:private_key {2}/);
  expect(calls).toEqual([PORTKEY_UP]); // the overdue portkey key only

  const windowStart = at(8);
  await escEdit(w, SECRETS_ENV, [{ op: 'set', path, value: { rotations: 2, rotatedAt: windowStart } }]);
  const due = await sophiaSecrets(w, ['rotate', '--overdue'], undefined, 'dev', { runner });
  expect(due.out).toContain("snowflake:private_key  would run: previous key's window has passed: retired recorded in sophia-ai/secrets-dev snowflake:keyRotation.ESTUARY_LOADER, then npx nx run snowflake:up --env dev --yes");
  const applied = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner });
  expect(applied.code).toBe(0);
  expect(calls.at(-1)).toEqual(SNOWFLAKE_UP);
  expect(await record('snowflake:keyRotation', 'ESTUARY_LOADER')).toEqual({ rotations: 2, rotatedAt: windowStart, retired: true });
  const again = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner });
  expect(again.out).not.toMatch(/snowflake:private_key {2}/);
  for (const t of [early.out, due.out, applied.out, again.out, applied.err]) for (const c of CANARIES) expect(t).not.toContain(c);
});

test('status names the rotate command for each generation key; an invalid record is an error naming where it is', async () => {
  const status = await sophiaSecrets(w, ['status']);
  expect(status.out).toMatch(/portkey:service_keys\[ml-api\] .* OVERDUE +platform +node tools\/secrets\/bin\/sophia-secrets\.js rotate --overdue --apply --env dev/);
  await escEdit(w, SECRETS_ENV, [{ op: 'set', path: ['values', 'pulumiConfig', 'portkey:serviceKeyRotation', 'ml-api'], value: { rotations: -1, rotatedAt: 'x' } }]);
  const bad = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner: async () => 0 });
  expect(bad.code).toBe(1);
  expect(bad.err).toMatch(/rotation record sophia-ai\/secrets-dev portkey:serviceKeyRotation\.ml-api is invalid/);
  await expect(record('portkey:serviceKeyRotation', 'ml-api')).resolves.toEqual({ rotations: -1, rotatedAt: 'x' });
});

test('the intent write acted on by ESC but its answer dropped: the runs converge on one rotation, never two', async () => {
  const runner = async (argv: string[]) => {
    if (argv.join(' ') === PORTKEY_UP.join(' ')) w.stacks.set('portkey', { service_keys: { 'ml-api': NEW_KEY } });
    return 0;
  };
  w.escServer.faults.apply({ drop: { next: 1, method: 'PATCH', path: `/api/esc/environments/${ORG}/sophia-ai/${SECRETS_ENV}` } });
  const first = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner });
  expect(w.escServer.faults.injected.drop).toBe(1);
  const second = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner });
  // The first run saw a failed write (and ran no up); ESC had acted, so the second finds the intent and resumes it.
  expect(first.out).toMatch(/portkey:service_keys\[ml-api\] {2}FAILED \(ESC update failed: .*ECONNRESET/);
  expect(first.code).toBe(1);
  expect(second.out).toContain('portkey:service_keys[ml-api]  rotated: a rotation recorded in sophia-ai/secrets-dev portkey:serviceKeyRotation.ml-api has not been applied yet');
  const after = await record('portkey:serviceKeyRotation', 'ml-api');
  expect(after).toMatchObject({ rotations: 1 });
  expect(after.pending).toBeUndefined();
  expect(w.github.secretPlaintext(DEV_SCOPE, 'PORTKEY_ML_API_API_KEY')).toBe(NEW_KEY);
  for (const t of [first.out, first.err, second.out, second.err]) for (const c of CANARIES) expect(t).not.toContain(c);
});
