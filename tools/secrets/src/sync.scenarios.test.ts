/*
 * The sync against the ESC and GitHub emulators: every scenario asserts both sides and the ledger afterwards.
 * The manifest is the workspace's; in `dev` that is six github→esc and two esc→github secrets, all in the
 * repository environment `dev` of sophia-ai/sophia-ai-infrastructure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { createGithubEnvironment, DEV_SCOPE, escEdit, escPlain, githubWrites, LEDGER_ENV, ORG, SECRETS_ENV, sophiaSecrets, startWorld, type World } from './testing/world';

jest.setTimeout(120_000);

const SCOPE = { kind: 'environment' as const, owner: 'sophia-ai', repository: 'sophia-ai-infrastructure', environment: 'dev' };
const PORTKEY = 'canary-portkey-admin-key-Zx81Lq';
const PORTKEY_2 = 'canary-portkey-admin-key-rotated-77Hn';
const LAMBDA = 'canary-lambda-api-key-Qp4vT0';
const LAMBDA_2 = 'canary-lambda-api-key-rotated-Ww9e';
const UNMANAGED = 'canary-unmanaged-value-Jk3s';

const DEFINITION = `# secrets of dev — written by the secrets sync and by hand
imports:
  - sophia-ai/shared-dev
values:
  # kept by hand, not in the manifest
  other:
    note: keep me
    hidden:
      fn::secret: ${UNMANAGED}
  portkey:
    apiKey:
      fn::secret: ${PORTKEY}
`;

let w: World;
beforeEach(async () => {
  w = await startWorld();
  await createGithubEnvironment(w);
  w.esc.seed(ORG, 'sophia-ai', 'shared-dev', 'values:\n  shared: from an import\n');
  w.esc.seed(ORG, 'sophia-ai', SECRETS_ENV, DEFINITION);
  // A secret in the same GitHub scope that no manifest entry names.
  await w.person.put(SCOPE, 'UNMANAGED_SECRET', UNMANAGED);
});
afterEach(() => w.close());

const gh = (name: string) => w.github.secretPlaintext(DEV_SCOPE, name);
const ghUpdated = (name: string) => w.github.secretInfo(DEV_SCOPE, name)?.updated_at;
const escValues = async () => (await escPlain(w, SECRETS_ENV))!.doc.values;
const ledger = async () => (await escPlain(w, LEDGER_ENV))?.doc.values.entries ?? {};
const PORTKEY_ID = 'portkey:apiKey@env:sophia-ai/sophia-ai-infrastructure/dev';
const LAMBDA_ID = 'lambda-labs:apiKey@env:sophia-ai/sophia-ai-infrastructure/dev';
/** What must never move: the unmanaged secret on both sides, the imports, the comments. */
async function expectUntouched(unmanagedUpdatedAt: string | undefined) {
  expect(gh('UNMANAGED_SECRET')).toBe(UNMANAGED);
  expect(ghUpdated('UNMANAGED_SECRET')).toBe(unmanagedUpdatedAt);
  const plain = (await escPlain(w, SECRETS_ENV))!;
  expect(plain.doc.imports).toEqual(['sophia-ai/shared-dev']);
  expect(plain.doc.values.other).toEqual({ note: 'keep me', hidden: { 'fn::secret': UNMANAGED } });
  expect(plain.text).toContain('# kept by hand, not in the manifest');
  expect(plain.text).toContain('# secrets of dev');
}
/** Seconds tick: GitHub's updated_at has one-second resolution. */
const nextSecond = () => new Promise((r) => setTimeout(r, 1100));

test('first sync: each owner propagates, both sides and the ledger agree; a second run is clean and writes nothing', async () => {
  const unmanagedAt = ghUpdated('UNMANAGED_SECRET');
  // LAMBDA_API_KEY is set in its GitHub scope by a person; the workflow passes its value.
  await w.person.put(SCOPE, 'LAMBDA_API_KEY', LAMBDA);
  const plan = await sophiaSecrets(w, ['sync', '--json'], { LAMBDA_API_KEY: LAMBDA });
  expect(plan.code).toBe(2);
  const items = plan.out.split('\n').map((l) => JSON.parse(l));
  expect(items.find((i) => i.githubSecret === 'PORTKEY_API_KEY')).toMatchObject({ action: 'create', writes: 'esc→github' });
  expect(items.find((i) => i.githubSecret === 'LAMBDA_API_KEY')).toMatchObject({ action: 'create', writes: 'github→esc' });
  expect(gh('PORTKEY_API_KEY')).toBeUndefined(); // the plan wrote nothing

  const applied = await sophiaSecrets(w, ['sync', '--apply'], { LAMBDA_API_KEY: LAMBDA });
  expect(applied.code).toBe(2);
  expect(gh('PORTKEY_API_KEY')).toBe(PORTKEY);
  expect((await escValues())['lambda-labs'].apiKey).toEqual({ 'fn::secret': LAMBDA });
  // ESC stores the new value as ciphertext, like every fn::secret.
  expect(w.esc.stored(ORG, 'sophia-ai', SECRETS_ENV)).not.toContain(LAMBDA);
  const entries = await ledger();
  expect(entries[PORTKEY_ID].esc.hmac).toBe(entries[PORTKEY_ID].github.hmac);
  expect(entries[PORTKEY_ID].github.updatedAt).toBeDefined();
  expect(entries[LAMBDA_ID].esc.hmac).toBe(entries[LAMBDA_ID].github.hmac);
  expect(entries[PORTKEY_ID].pending).toBeUndefined();
  await expectUntouched(unmanagedAt);

  const writes = githubWrites(w);
  const again = await sophiaSecrets(w, ['sync', '--apply'], { LAMBDA_API_KEY: LAMBDA });
  expect(again.code).toBe(0);
  expect(githubWrites(w)).toBe(writes);
  expect(again.out).toMatch(/PORTKEY_API_KEY .* noop .* in sync/);
  const status = await sophiaSecrets(w, ['status']);
  expect(status.code).toBe(0);
  expect(status.out).toMatch(/SECRET +SCOPE +DIRECTION +ACTION +LAST IN SYNC +REASON/);
  expect(status.out).toMatch(/PORTKEY_API_KEY .* noop +\d{4}-\d\d-\d\dT[\d:.]+Z +in sync/);
  expect(status.out).toMatch(/ESTUARY_REFRESH_TOKEN .* skip +never +no value on either side/);
});

describe('after a first sync', () => {
  let unmanagedAt: string | undefined;
  beforeEach(async () => {
    await w.person.put(SCOPE, 'LAMBDA_API_KEY', LAMBDA);
    unmanagedAt = ghUpdated('UNMANAGED_SECRET');
    expect((await sophiaSecrets(w, ['sync', '--apply'], { LAMBDA_API_KEY: LAMBDA })).code).toBe(2);
    await nextSecond();
  });

  test('change in ESC (owner of PORTKEY_API_KEY) → GitHub updated; change in GitHub (owner of LAMBDA_API_KEY) → ESC updated', async () => {
    await escEdit(w, SECRETS_ENV, [{ op: 'set', path: ['values', 'portkey', 'apiKey'], value: PORTKEY_2, secret: true }]);
    await w.person.put(SCOPE, 'LAMBDA_API_KEY', LAMBDA_2);
    const run = await sophiaSecrets(w, ['sync', '--apply'], { LAMBDA_API_KEY: LAMBDA_2 });
    expect(run.code).toBe(2);
    expect(gh('PORTKEY_API_KEY')).toBe(PORTKEY_2);
    expect((await escValues())['lambda-labs'].apiKey).toEqual({ 'fn::secret': LAMBDA_2 });
    const entries = await ledger();
    expect(entries[PORTKEY_ID].esc.hmac).toBe(entries[PORTKEY_ID].github.hmac);
    expect(entries[LAMBDA_ID].esc.hmac).toBe(entries[LAMBDA_ID].github.hmac);
    await expectUntouched(unmanagedAt);
    expect((await sophiaSecrets(w, ['sync', '--apply'], { LAMBDA_API_KEY: LAMBDA_2 })).code).toBe(0);
  });

  test('change on the non-owning side is drift (nothing written); --restore puts the owner’s value back', async () => {
    await w.person.put(SCOPE, 'PORTKEY_API_KEY', 'canary-hand-edited-in-github-1Aa');
    const ledgerBefore = await ledger();
    const drift = await sophiaSecrets(w, ['sync', '--apply'], { LAMBDA_API_KEY: LAMBDA });
    expect(drift.code).toBe(3);
    expect(drift.out).toMatch(/PORTKEY_API_KEY .* drift .*--restore/);
    expect(gh('PORTKEY_API_KEY')).toBe('canary-hand-edited-in-github-1Aa');
    expect((await ledger())[PORTKEY_ID]).toEqual(ledgerBefore[PORTKEY_ID]);

    const restored = await sophiaSecrets(w, ['sync', '--apply', '--restore'], { LAMBDA_API_KEY: LAMBDA });
    expect(restored.code).toBe(2);
    expect(gh('PORTKEY_API_KEY')).toBe(PORTKEY);
    await expectUntouched(unmanagedAt);
    expect((await sophiaSecrets(w, ['sync', '--apply'], { LAMBDA_API_KEY: LAMBDA })).code).toBe(0);
  });

  test('changed on both sides: a conflict, nothing written for that key, until --prefer names the winner', async () => {
    await escEdit(w, SECRETS_ENV, [{ op: 'set', path: ['values', 'portkey', 'apiKey'], value: PORTKEY_2, secret: true }]);
    await w.person.put(SCOPE, 'PORTKEY_API_KEY', 'canary-hand-edited-in-github-2Bb');
    const writes = githubWrites(w);
    const conflict = await sophiaSecrets(w, ['sync', '--apply'], { LAMBDA_API_KEY: LAMBDA });
    expect(conflict.code).toBe(3);
    expect(conflict.out).toMatch(/PORTKEY_API_KEY .* conflict .*--prefer/);
    expect(githubWrites(w)).toBe(writes);
    expect(gh('PORTKEY_API_KEY')).toBe('canary-hand-edited-in-github-2Bb');
    expect((await escValues()).portkey.apiKey).toEqual({ 'fn::secret': PORTKEY_2 });

    expect((await sophiaSecrets(w, ['sync', '--apply', '--prefer', 'esc'], { LAMBDA_API_KEY: LAMBDA })).code).toBe(2);
    expect(gh('PORTKEY_API_KEY')).toBe(PORTKEY_2);
    const entries = await ledger();
    expect(entries[PORTKEY_ID].esc.hmac).toBe(entries[PORTKEY_ID].github.hmac);
    expect((await sophiaSecrets(w, ['sync', '--apply'], { LAMBDA_API_KEY: LAMBDA })).code).toBe(0);
  });

  test('deleted on the owning side: kept on the other without --prune, deleted with it; unmanaged secrets stay', async () => {
    await escEdit(w, SECRETS_ENV, [{ op: 'remove', path: ['values', 'portkey', 'apiKey'] }]);
    const kept = await sophiaSecrets(w, ['sync', '--apply'], { LAMBDA_API_KEY: LAMBDA });
    expect(kept.code).toBe(0);
    expect(kept.out).toMatch(/PORTKEY_API_KEY .* skip .*--prune/);
    expect(gh('PORTKEY_API_KEY')).toBe(PORTKEY);

    const pruned = await sophiaSecrets(w, ['sync', '--apply', '--prune'], { LAMBDA_API_KEY: LAMBDA });
    expect(pruned.code).toBe(2);
    expect(gh('PORTKEY_API_KEY')).toBeUndefined();
    expect((await ledger())[PORTKEY_ID]).toMatchObject({ esc: { hmac: null }, github: { hmac: null } });
    expect(gh('UNMANAGED_SECRET')).toBe(UNMANAGED);
    expect((await escValues()).other.note).toBe('keep me');
    expect((await sophiaSecrets(w, ['sync', '--apply', '--prune'], { LAMBDA_API_KEY: LAMBDA })).code).toBe(0);
  });
});

test('production: the organisation scope with selected repositories gets the secret, visible to the named repository only', async () => {
  await createGithubEnvironment(w, 'production');
  w.esc.seed(ORG, 'sophia-ai', 'secrets-production', `values:\n  portkey:\n    apiKey:\n      fn::secret: ${PORTKEY}\n`);
  const run = await sophiaSecrets(w, ['sync', '--apply', '--direction', 'esc-to-github'], undefined, 'production');
  expect(run.code).toBe(2);
  expect(w.github.secretPlaintext({ org: 'sophia-ai' }, 'PORTKEY_API_KEY')).toBe(PORTKEY);
  expect(w.github.secretInfo({ org: 'sophia-ai' }, 'PORTKEY_API_KEY')).toMatchObject({ visibility: 'selected', selected: [w.github.repository('sophia-ai/sophia-ml-models').id] });
  expect(w.github.secretPlaintext({ repo: 'sophia-ai/sophia-ai-infrastructure', environment: 'production' }, 'PORTKEY_API_KEY')).toBe(PORTKEY);
  // Only the esc→github direction ran: no github→esc key was planned.
  expect(run.out).not.toContain('LAMBDA_API_KEY');
  expect((await sophiaSecrets(w, ['sync', '--apply', '--direction', 'esc-to-github'], undefined, 'production')).code).toBe(0);
});

test('local: the local store holds the secrets and the ledger (a file), nothing needs Pulumi Cloud', async () => {
  await createGithubEnvironment(w, 'local');
  const scope = { ...SCOPE, environment: 'local' };
  await w.person.put(scope, 'LAMBDA_API_KEY', LAMBDA);
  const run = await sophiaSecrets(w, ['sync', '--apply'], { LAMBDA_API_KEY: LAMBDA }, 'local');
  expect(run.code).toBe(2);
  const secrets = YAML.parse(fs.readFileSync(path.join(w.dir, 'esc', 'sophia-ai', 'secrets-local.yaml'), 'utf8'));
  expect(secrets.values['lambda-labs'].apiKey).toEqual({ 'fn::secret': LAMBDA });
  const ledgerFile = fs.readFileSync(path.join(w.dir, 'esc', 'sophia-ai', 'secrets-sync-ledger-local.yaml'), 'utf8');
  expect(YAML.parse(ledgerFile).values.entries['lambda-labs:apiKey@env:sophia-ai/sophia-ai-infrastructure/local'].esc.hmac).toMatch(/^[0-9a-f]{64}$/);
  expect(ledgerFile).not.toContain(LAMBDA);
  expect(w.escServer.requests).toHaveLength(0);
  expect((await sophiaSecrets(w, ['sync', '--apply'], { LAMBDA_API_KEY: LAMBDA }, 'local')).code).toBe(0);
});

test('ESC → GitHub sends the opened value: a reference into an imported environment is resolved by ESC, the definition keeps the reference', async () => {
  w.esc.seed(ORG, 'sophia-ai', 'shared-dev', `values:\n  shared:\n    portkeyKey:\n      fn::secret: ${PORTKEY_2}\n`);
  await escEdit(w, SECRETS_ENV, [{ op: 'set', path: ['values', 'portkey', 'apiKey'], value: '${shared.portkeyKey}' }]);
  const run = await sophiaSecrets(w, ['sync', '--apply', '--direction', 'esc-to-github']);
  expect(run.code).toBe(2);
  expect(gh('PORTKEY_API_KEY')).toBe(PORTKEY_2);
  expect((await escValues()).portkey.apiKey).toBe('${shared.portkeyKey}');
  // The imported secret changes: the opened value changes, so GitHub follows.
  w.esc.seed(ORG, 'sophia-ai', 'shared-dev', `values:\n  shared:\n    portkeyKey:\n      fn::secret: ${PORTKEY}\n`);
  expect((await sophiaSecrets(w, ['sync', '--apply', '--direction', 'esc-to-github'])).code).toBe(2);
  expect(gh('PORTKEY_API_KEY')).toBe(PORTKEY);
});
