/*
 * Contract-sourced secrets against the ESC and GitHub emulators: the portkey stack's `service_keys` (a map) and
 * snowflake's `private_key`, read through a fake `pulumi stack output` (the world's stacks), carried to the
 * repository environment `dev`. Each scenario asserts GitHub, the ledger, and that ESC got none of these values.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createGithubEnvironment, DEV_SCOPE, escPlain, githubWrites, LEDGER_ENV, ORG, SECRETS_ENV, sophiaSecrets, startWorld, type World } from './testing/world';

jest.setTimeout(120_000);

const SCOPE = { kind: 'environment' as const, owner: 'sophia-ai', repository: 'sophia-ai-infrastructure', environment: 'dev' };
const SCOPE_ID = 'env:sophia-ai/sophia-ai-infrastructure/dev';
const ML = 'canary-portkey-ml-api-key-St4Kq1';
const ML_2 = 'canary-portkey-ml-api-key-rotated-St9Pw';
const ETL = 'canary-portkey-etl-key-St2Hv7';
const PEM = '-----BEGIN PRIVATE KEY-----\ncanary-snowflake-loader-St8Lx3\n-----END PRIVATE KEY-----';
const ML_ID = `portkey:service_keys[ml-api]@${SCOPE_ID}`;
const ETL_ID = `portkey:service_keys[etl]@${SCOPE_ID}`;
const CANARIES = [ML, ML_2, ETL, 'canary-snowflake-loader-St8Lx3'];

let w: World;
beforeEach(async () => {
  w = await startWorld();
  await createGithubEnvironment(w);
  w.esc.seed(ORG, 'sophia-ai', SECRETS_ENV, 'values:\n  other: keep\n');
  w.stacks.set('portkey', { providers: {}, service_keys: { 'ml-api': ML, etl: ETL } });
});
afterEach(() => w.close());

const gh = (name: string) => w.github.secretPlaintext(DEV_SCOPE, name);
const ghUpdated = (name: string) => w.github.secretInfo(DEV_SCOPE, name)?.updated_at;
const ledger = async () => (await escPlain(w, LEDGER_ENV))?.doc.values.entries ?? {};
const sync = (...args: string[]) => sophiaSecrets(w, ['sync', ...args]);
const nextSecond = () => new Promise((r) => setTimeout(r, 1100));
/** Nothing of the stacks' values in ESC, the ledger, the audit log or what the CLI printed. */
async function expectNoValueLeaked(outputs: string[]) {
  const audit = fs.readdirSync(path.join(w.dir, 'audit')).map((f) => fs.readFileSync(path.join(w.dir, 'audit', f), 'utf8'));
  const texts = [...outputs, ...audit, (await escPlain(w, SECRETS_ENV))!.text, (await escPlain(w, LEDGER_ENV))?.text ?? '', w.esc.stored(ORG, 'sophia-ai', LEDGER_ENV) ?? ''];
  for (const t of texts) for (const c of CANARIES) expect(t).not.toContain(c);
}

test('first sync: every service key reaches GitHub under PORTKEY_<SERVICE>_API_KEY; an undeployed stack is a skip; a second run writes nothing', async () => {
  const plan = await sync('--json');
  expect(plan.code).toBe(2);
  const items = plan.out.split('\n').map((l) => JSON.parse(l));
  expect(items.find((i) => i.githubSecret === 'PORTKEY_ML_API_API_KEY')).toMatchObject({ key: 'portkey:service_keys[ml-api]', direction: 'stack→github', action: 'create', writes: 'stack→github' });
  expect(items.find((i) => i.githubSecret === 'SNOWFLAKE_LOADER_PRIVATE_KEY')).toMatchObject({ action: 'skip', reason: expect.stringMatching(/^unknown: stack snowflake\/dev not deployed yet/) });
  expect(gh('PORTKEY_ML_API_API_KEY')).toBeUndefined(); // the plan wrote nothing

  const applied = await sync('--apply');
  expect(applied.code).toBe(2);
  expect(gh('PORTKEY_ML_API_API_KEY')).toBe(ML);
  expect(gh('PORTKEY_ETL_API_KEY')).toBe(ETL);
  const entries = await ledger();
  expect(entries[ML_ID].esc.hmac).toBe(entries[ML_ID].github.hmac);
  expect(entries[ML_ID].github.updatedAt).toBeDefined();
  expect(entries[ML_ID].pending).toBeUndefined();
  // The values go to GitHub only: secrets-dev is as it was.
  expect((await escPlain(w, SECRETS_ENV))!.doc.values).toEqual({ other: 'keep' });

  const writes = githubWrites(w);
  const again = await sync('--apply');
  expect(again.code).toBe(0);
  expect(githubWrites(w)).toBe(writes);
  expect(again.out).toMatch(/PORTKEY_ML_API_API_KEY .* stack→github .* noop .* in sync/);

  // The snowflake stack gets deployed: its private key follows on the next run.
  w.stacks.set('snowflake', { host: 'acme.snowflakecomputing.com', private_key: PEM });
  expect((await sync('--apply')).code).toBe(2);
  expect(gh('SNOWFLAKE_LOADER_PRIVATE_KEY')).toBe(PEM);
  await expectNoValueLeaked([plan.out, applied.out, again.out, plan.err, applied.err]);
});

describe('after a first sync', () => {
  beforeEach(async () => {
    expect((await sync('--apply')).code).toBe(2);
    await nextSecond();
  });

  test('the stack rotates a key: GitHub gets the new value, the other keys are not written', async () => {
    const etlAt = ghUpdated('PORTKEY_ETL_API_KEY');
    w.stacks.set('portkey', { providers: {}, service_keys: { 'ml-api': ML_2, etl: ETL } });
    const run = await sync('--apply');
    expect(run.code).toBe(2);
    expect(run.out).toMatch(/PORTKEY_ML_API_API_KEY .* update .* done .* changed in stack portkey \(the owner\)/);
    expect(gh('PORTKEY_ML_API_API_KEY')).toBe(ML_2);
    expect(ghUpdated('PORTKEY_ETL_API_KEY')).toBe(etlAt);
    const entries = await ledger();
    expect(entries[ML_ID].esc.hmac).toBe(entries[ML_ID].github.hmac);
    expect((await sync('--apply')).code).toBe(0);
    await expectNoValueLeaked([run.out, run.err]);
  });

  test('an edit in GitHub is drift (nothing written, the stack untouched); --restore puts the stack’s value back', async () => {
    await w.person.put(SCOPE, 'PORTKEY_ML_API_API_KEY', 'canary-hand-edited-service-key-St5');
    const before = await ledger();
    const drift = await sync('--apply');
    expect(drift.code).toBe(3);
    expect(drift.out).toMatch(/PORTKEY_ML_API_API_KEY .* drift .* changed in GitHub, which does not own it — --restore puts back stack portkey's/);
    expect(gh('PORTKEY_ML_API_API_KEY')).toBe('canary-hand-edited-service-key-St5');
    expect((await ledger())[ML_ID]).toEqual(before[ML_ID]);
    // Nothing went anywhere else either: the sync has no way to write a stack, and ESC holds none of its values.
    expect((await escPlain(w, SECRETS_ENV))!.doc.values).toEqual({ other: 'keep' });

    const restored = await sync('--apply', '--restore');
    expect(restored.code).toBe(2);
    expect(gh('PORTKEY_ML_API_API_KEY')).toBe(ML);
    expect((await sync('--apply')).code).toBe(0);
  });

  test('a service removed from the stack: reported, deleted from GitHub only with --prune', async () => {
    w.stacks.set('portkey', { providers: {}, service_keys: { 'ml-api': ML } });
    const kept = await sync('--apply');
    expect(kept.code).toBe(0);
    expect(kept.out).toMatch(/PORTKEY_ETL_API_KEY .* skip .* deleted in stack portkey \(the owner\) — --prune deletes it from GitHub/);
    expect(gh('PORTKEY_ETL_API_KEY')).toBe(ETL);

    const pruned = await sync('--apply', '--prune');
    expect(pruned.code).toBe(2);
    expect(gh('PORTKEY_ETL_API_KEY')).toBeUndefined();
    expect((await ledger())[ETL_ID]).toEqual(expect.objectContaining({ esc: expect.objectContaining({ hmac: null }), github: expect.objectContaining({ hmac: null }) }));
    expect(gh('PORTKEY_ML_API_API_KEY')).toBe(ML);
  });

  test('a stack that lost its output is an error row naming stack and output; the other secrets still sync', async () => {
    w.stacks.set('portkey', { providers: {} });
    const run = await sync('--apply');
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/PORTKEY_\{KEY\}_API_KEY .* error .* stack portkey\/dev has no output "service_keys"/);
    expect(gh('PORTKEY_ML_API_API_KEY')).toBe(ML); // nothing deleted on a read failure
  });
});
