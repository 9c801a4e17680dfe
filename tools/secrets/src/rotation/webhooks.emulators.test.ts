/*
 * GitHub webhook secrets through `rotate` against the ESC and GitHub emulators, a fake runner standing in for
 * `nx run github:up`: no record → age unknown, nothing rotated; an overdue record → one bump even when `up` fails
 * and the next run retries; 7 days later the previous secret is retired. The secrets themselves never pass through.
 */
import { createGithubEnvironment, escEdit, escPlain, ORG, SECRETS_ENV, sophiaSecrets, startWorld, type World } from '../testing/world';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const HOOK = 'sophia-ml-models/ml-events';
const KEY = `github:webhook_secrets[${HOOK}]`;
const PATH = ['values', 'pulumiConfig', 'github:webhookSecretRotation', HOOK];
const GITHUB_UP = ['npx', 'nx', 'run', 'github:up', '--env', 'dev', '--yes'];
const CANARIES = ['canary-webhook-current-Hn4q8Zr2', 'canary-webhook-previous-Tw7m1Xc5', 'canary-webhook-portkey-Pq2s9'];
const at = (days: number) => new Date(Date.now() - days * DAY).toISOString();

let w: World;
beforeEach(async () => {
  w = await startWorld();
  Object.assign(w.env, { CI: 'true', GITHUB_ACTIONS: 'true' });
  await createGithubEnvironment(w);
  w.esc.seed(ORG, 'sophia-ai', SECRETS_ENV, 'values: {}\n');
  w.stacks.set('portkey', { service_keys: { 'ml-api': CANARIES[2] } });
  w.stacks.set('github', { webhook_secrets: { [HOOK]: CANARIES[0] }, webhook_previous_secrets: { [HOOK]: CANARIES[1] } });
  expect((await sophiaSecrets(w, ['sync', '--apply', '--direction', 'esc-to-github'])).code).toBe(2);
});
afterEach(() => w.close());

const record = async () => (await escPlain(w, SECRETS_ENV))!.doc.values?.pulumiConfig?.['github:webhookSecretRotation']?.[HOOK];
const noCanary = (texts: string[]) => {
  for (const t of texts) for (const c of CANARIES) expect(t).not.toContain(c);
};

test('no record: the age is unknown (the first deploy is recorded nowhere), status says so, rotate runs nothing', async () => {
  const status = await sophiaSecrets(w, ['status']);
  expect(status.out).toMatch(/github:webhook_secrets +- +unknown +- +180d +unknown +platform/);
  const calls: string[][] = [];
  const rotate = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner: async (argv) => (calls.push(argv), 0) });
  expect(rotate.out).toContain('No overdue keys in dev.');
  expect(calls).toEqual([]);

  // The documented first rotation: a record with no rotation yet, dated old, is found overdue and rotated once.
  await escEdit(w, SECRETS_ENV, [{ op: 'set', path: PATH, value: { rotations: 0, rotatedAt: at(400) } }]);
  const first = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner: async (argv) => (calls.push(argv), 0) });
  expect(first.out).toContain(`${KEY}  rotated: rotation 1 recorded`);
  expect(calls).toEqual([GITHUB_UP]);
  expect(await record()).toEqual({ rotations: 1, rotatedAt: expect.any(String) });
  noCanary([status, rotate, first].flatMap((r) => [r.out, r.err]));
});

test('overdue by its record: one bump although the first up fails, then phase two retires the previous secret after 7 days', async () => {
  await escEdit(w, SECRETS_ENV, [{ op: 'set', path: PATH, value: { rotations: 1, rotatedAt: at(200), retired: true } }]);
  const status = await sophiaSecrets(w, ['status']);
  expect(status.out).toMatch(/github:webhook_secrets\[sophia-ml-models\/ml-events\] .* OVERDUE +platform +node tools\/secrets\/bin\/sophia-secrets\.js rotate --overdue --apply --env dev/);

  const calls: string[][] = [];
  let upWorks = false;
  const runner = async (argv: string[]) => (calls.push(argv), argv.join(' ') === GITHUB_UP.join(' ') && upWorks ? 0 : 1);
  const first = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner });
  expect(first.code).toBe(1);
  expect(first.out).toContain(`${KEY}  FAILED (exit 1): rotation 2 recorded in sophia-ai/secrets-dev github:webhookSecretRotation.${HOOK}, then npx nx run github:up --env dev --yes`);
  expect(await record()).toMatchObject({ rotations: 2, pending: true });

  upWorks = true;
  const second = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner });
  expect(second.out).toContain(`${KEY}  rotated: a rotation recorded in sophia-ai/secrets-dev github:webhookSecretRotation.${HOOK} has not been applied yet`);
  const rotated = await record();
  // The new window: not retired (the program keeps the old slot in webhook_previous_secrets), no intent left.
  expect(rotated).toEqual({ rotations: 2, rotatedAt: expect.any(String) });
  expect(calls.filter((c) => c.join(' ') === GITHUB_UP.join(' '))).toHaveLength(2);

  const early = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner });
  expect(early.out).toContain('No overdue keys in dev.');

  const windowStart = at(8);
  await escEdit(w, SECRETS_ENV, [{ op: 'set', path: PATH, value: { rotations: 2, rotatedAt: windowStart } }]);
  const retire = await sophiaSecrets(w, ['rotate', '--overdue', '--apply'], undefined, 'dev', { runner });
  expect(retire.out).toContain(`${KEY}  rotated: previous key's window has passed: retired recorded in sophia-ai/secrets-dev github:webhookSecretRotation.${HOOK}`);
  expect(await record()).toEqual({ rotations: 2, rotatedAt: windowStart, retired: true });
  expect(calls.filter((c) => c.join(' ') === GITHUB_UP.join(' '))).toHaveLength(3);
  noCanary([status, first, second, early, retire].flatMap((r) => [r.out, r.err]));
});
