/*
 * Faults, concurrent edits and approvals: after each, a second run converges with nothing lost and nothing
 * written twice. Both sides and the ledger are asserted after every run.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type EscEnvRef, PulumiCloudEscStore } from '@sophia-ai/esc-store';
import { GithubSecrets } from './github';
import { ledgerEnvironment } from './ledger';
import { manifestWithOverrides, resolveManifest, SYNC_MANIFEST, workspaceNamespaces } from './manifest';
import { runSync } from './sync';
import { createGithubEnvironment, DEV_SCOPE, ENV, ESC_TOKEN, escEdit, escPlain, githubWrites, LEDGER_ENV, ORG, SECRETS_ENV, sophiaSecrets, startWorld, type World } from './testing/world';

jest.setTimeout(120_000);

const SCOPE = { kind: 'environment' as const, owner: 'sophia-ai', repository: 'sophia-ai-infrastructure', environment: 'dev' };
const PORTKEY = 'canary-portkey-admin-key-Fault9Tz';
const LAMBDA = 'canary-lambda-api-key-Fault3Rk';
const PORTKEY_ID = 'portkey:apiKey@env:sophia-ai/sophia-ai-infrastructure/dev';
const LAMBDA_ID = 'lambda-labs:apiKey@env:sophia-ai/sophia-ai-infrastructure/dev';
const VALUES = { LAMBDA_API_KEY: LAMBDA };
/** A Portkey service key the stack created: reaches the spawned CLI only on the (stand-in) pulumi CLI's stdout. */
const SERVICE_KEY = 'canary-portkey-service-key-Spawn6Vd';

/**
 * A stand-in `pulumi` on PATH for the spawned CLI: `stack output` of portkey prints its outputs (the service key),
 * any other stack does not exist (the CLI's own message). Records its argv and working directory.
 */
function standInPulumi(dir: string): { binDir: string; calls: () => Array<{ argv: string[]; cwd: string }> } {
  const binDir = path.join(dir, 'fake-pulumi-bin');
  const log = path.join(dir, 'fake-pulumi-calls.jsonl');
  fs.mkdirSync(binDir, { recursive: true });
  const script = `#!${process.execPath}
const fs = require('node:fs');
const argv = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv, cwd: process.cwd() }) + '\\n');
const stack = argv[argv.indexOf('--stack') + 1];
if (stack === 'sophia-ai/portkey/dev') process.stdout.write(JSON.stringify({ providers: {}, service_keys: { 'ml-api': ${JSON.stringify(SERVICE_KEY)} } }));
else { process.stderr.write("error: no stack named '" + stack + "' found\\n"); process.exit(255); }
`;
  fs.writeFileSync(path.join(binDir, 'pulumi'), script, { mode: 0o755 });
  return { binDir, calls: () => fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) };
}

let w: World;
beforeEach(async () => {
  w = await startWorld();
  await createGithubEnvironment(w);
  w.esc.seed(ORG, 'sophia-ai', 'shared-dev', 'values:\n  shared: from an import\n');
  w.esc.seed(ORG, 'sophia-ai', SECRETS_ENV, `imports:\n  - sophia-ai/shared-dev\nvalues:\n  other: keep\n  portkey:\n    apiKey:\n      fn::secret: ${PORTKEY}\n`);
  await w.person.put(SCOPE, 'LAMBDA_API_KEY', LAMBDA);
});
afterEach(() => w.close());

const gh = (name: string) => w.github.secretPlaintext(DEV_SCOPE, name);
const ledger = async () => (await escPlain(w, LEDGER_ENV))?.doc.values.entries ?? {};
const escPatches = () => w.escServer.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/${SECRETS_ENV}`) && r.status !== 429).length;

/** Both sides hold the synced values, the ledger agrees and has no open intent. */
async function expectConverged() {
  expect(gh('PORTKEY_API_KEY')).toBe(PORTKEY);
  const esc = (await escPlain(w, SECRETS_ENV))!.doc;
  expect(esc.values['lambda-labs'].apiKey).toEqual({ 'fn::secret': LAMBDA });
  expect(esc.values.other).toBe('keep');
  expect(esc.imports).toEqual(['sophia-ai/shared-dev']);
  const entries = await ledger();
  for (const id of [PORTKEY_ID, LAMBDA_ID]) {
    expect(entries[id].pending).toBeUndefined();
    expect(entries[id].esc.hmac).toBe(entries[id].github.hmac);
  }
}

/** The second run: nothing left to write, nothing written. */
async function expectSecondRunClean() {
  const [ghBefore, escBefore] = [githubWrites(w), escPatches()];
  const again = await sophiaSecrets(w, ['sync', '--apply'], VALUES);
  expect(again.code).toBe(0);
  expect([githubWrites(w), escPatches()]).toEqual([ghBefore, escBefore]);
  await expectConverged();
}

test('429 with Retry-After on a GitHub write: waited for, retried, written once', async () => {
  w.githubServer.faults.apply({ rateLimit: { next: 1, method: 'PUT', path: '/repos/*', retryAfterSeconds: 1 } });
  const run = await sophiaSecrets(w, ['sync', '--apply'], VALUES);
  expect(run.code).toBe(2);
  expect(w.githubServer.faults.injected.rateLimit).toBe(1);
  expect(githubWrites(w)).toBe(2); // the person's LAMBDA_API_KEY + our PORTKEY_API_KEY
  await expectConverged();
  await expectSecondRunClean();
});

test('secondary rate limit (403 + retry-after): waited for, retried, written once', async () => {
  w.github.control({ secondary: { next: 1, retryAfterSeconds: 1, method: 'PUT' } });
  const run = await sophiaSecrets(w, ['sync', '--apply'], VALUES);
  expect(run.code).toBe(2);
  expect(w.githubServer.requests.some((r) => r.method === 'PUT' && r.status === 403)).toBe(true);
  expect(githubWrites(w)).toBe(2);
  await expectConverged();
  await expectSecondRunClean();
});

test('5xx on a GitHub write: reported, not retried blindly; the next run writes it once', async () => {
  w.githubServer.faults.apply({ serverError: { next: 1, method: 'PUT', path: '/repos/*', status: 502 } });
  const run = await sophiaSecrets(w, ['sync', '--apply'], VALUES);
  expect(run.code).toBe(1);
  expect(run.out).toMatch(/PORTKEY_API_KEY .* failed .*HTTP 502/);
  expect(gh('PORTKEY_API_KEY')).toBeUndefined();
  expect((await ledger())[PORTKEY_ID].pending).toBeDefined(); // may have landed: settled next time
  const before = githubWrites(w);
  expect((await sophiaSecrets(w, ['sync', '--apply'], VALUES)).code).toBe(2);
  expect(githubWrites(w)).toBe(before + 1);
  await expectConverged();
  await expectSecondRunClean();
});

test('connection dropped after GitHub applied the write: the next run finds it and does not write again', async () => {
  w.githubServer.faults.apply({ drop: { next: 1, method: 'PUT', path: '/repos/*' } });
  const run = await sophiaSecrets(w, ['sync', '--apply'], VALUES);
  expect(run.code).toBe(1);
  expect(gh('PORTKEY_API_KEY')).toBe(PORTKEY); // GitHub acted
  expect(githubWrites(w)).toBe(2); // once: a write that may have landed is not re-sent
  await expectSecondRunClean();
});

test('connection dropped after ESC applied the write: settled by its HMAC, not written again', async () => {
  w.escServer.faults.apply({ drop: { next: 1, method: 'PATCH', path: `/api/esc/environments/${ORG}/sophia-ai/${SECRETS_ENV}` } });
  const run = await sophiaSecrets(w, ['sync', '--apply'], VALUES);
  expect(run.code).toBe(1);
  expect(escPatches()).toBe(1);
  await expectSecondRunClean();
});

test('5xx on the ESC write: the next run writes it', async () => {
  w.escServer.faults.apply({ serverError: { next: 1, method: 'PATCH', path: `/api/esc/environments/${ORG}/sophia-ai/${SECRETS_ENV}` } });
  expect((await sophiaSecrets(w, ['sync', '--apply'], VALUES)).code).toBe(1);
  expect((await escPlain(w, SECRETS_ENV))!.doc.values['lambda-labs']).toBeUndefined();
  expect((await sophiaSecrets(w, ['sync', '--apply'], VALUES)).code).toBe(2);
  await expectSecondRunClean();
});

test('crash between the writes and the ledger: the intents recorded first make the next run adopt the writes (no conflict, no loop)', async () => {
  // The ledger takes the intents, then refuses the final record (as if the process died after writing).
  w.escServer.faults.apply({ rateLimit: { method: 'PATCH', path: `/api/esc/environments/${ORG}/sophia-ai/${LEDGER_ENV}`, limit: { requests: 1, windowMs: 600_000 }, retryAfterSeconds: 120 } });
  const run = await sophiaSecrets(w, ['sync', '--apply'], VALUES);
  expect(run.code).toBe(1);
  expect(run.out).toMatch(/recording them in the ledger .* failed/);
  expect(gh('PORTKEY_API_KEY')).toBe(PORTKEY);
  const entries = await ledger();
  expect(entries[PORTKEY_ID].pending.side).toBe('github');
  expect(entries[LAMBDA_ID].pending.side).toBe('esc');
  w.escServer.faults.clear();
  await expectSecondRunClean();
});

test('approval-gated secrets environment: reported, not bypassed; the other direction still syncs; converges once lifted', async () => {
  w.esc.requireApproval(ORG, 'sophia-ai', SECRETS_ENV, { update: true });
  const run = await sophiaSecrets(w, ['sync', '--apply'], VALUES);
  expect(run.code).toBe(1);
  expect(run.out).toMatch(/LAMBDA_API_KEY .* failed .*requires approval/);
  expect((await escPlain(w, SECRETS_ENV))!.doc.values['lambda-labs']).toBeUndefined();
  expect((await ledger())[LAMBDA_ID]).toBeUndefined(); // refused for sure: no intent left behind
  expect(gh('PORTKEY_API_KEY')).toBe(PORTKEY);
  w.esc.requireApproval(ORG, 'sophia-ai', SECRETS_ENV, {});
  expect((await sophiaSecrets(w, ['sync', '--apply'], VALUES)).code).toBe(2);
  await expectSecondRunClean();
});

describe('concurrent ESC edit between our read and our write', () => {
  /** A Pulumi Cloud store whose first write of the secrets environment is preceded by another writer's edit. */
  class RacedStore extends PulumiCloudEscStore {
    raced = false;
    constructor(private readonly race: () => Promise<void>) {
      super({ apiUrl: w.escServer.url, token: ESC_TOKEN, org: ORG, baseDelayMs: 10 });
    }
    override async write(ref: EscEnvRef, yaml: string, etag: string) {
      if (!this.raced && ref.name === SECRETS_ENV) {
        this.raced = true;
        await this.race();
      }
      return super.write(ref, yaml, etag);
    }
  }
  const sync = (store: PulumiCloudEscStore) =>
    runSync({
      store,
      create: false,
      ledgerRef: ledgerEnvironment(ENV, ORG),
      targets: resolveManifest(manifestWithOverrides(SYNC_MANIFEST), workspaceNamespaces(), ENV, ORG),
      policy: {},
      apply: true,
      github: new GithubSecrets({ token: w.env.SOPHIA_SECRETS_GITHUB_TOKEN!, baseUrl: w.githubServer.url, writeIntervalMs: 0 }),
      githubValues: VALUES,
    });

  test('an edit of other keys: 409, fresh read, our keys written, theirs kept', async () => {
    const store = new RacedStore(() => escEdit(w, SECRETS_ENV, [{ op: 'set', path: ['values', 'other'], value: 'edited meanwhile' }]));
    const report = await sync(store);
    expect(store.raced).toBe(true);
    expect(w.escServer.requests.some((r) => r.method === 'PATCH' && r.status === 409)).toBe(true);
    expect(report.items.find((i) => i.id === LAMBDA_ID)).toMatchObject({ action: 'create', result: 'done' });
    const esc = (await escPlain(w, SECRETS_ENV))!.doc;
    expect(esc.values.other).toBe('edited meanwhile');
    expect(esc.values['lambda-labs'].apiKey).toEqual({ 'fn::secret': LAMBDA });
  });

  test('an edit of one of our keys: that key is not written (their value kept) and is reported', async () => {
    const store = new RacedStore(() => escEdit(w, SECRETS_ENV, [{ op: 'set', path: ['values', 'lambda-labs', 'apiKey'], value: 'canary-theirs-Mm2', secret: true }]));
    const report = await sync(store);
    expect(report.items.find((i) => i.id === LAMBDA_ID)).toMatchObject({ result: 'failed', error: expect.stringMatching(/changed .* by someone else/) });
    expect((await escPlain(w, SECRETS_ENV))!.doc.values['lambda-labs'].apiKey).toEqual({ 'fn::secret': 'canary-theirs-Mm2' });
    expect((await ledger())[LAMBDA_ID]).toBeUndefined();
  });
});

test('canaries: no secret value in stdout, stderr, the audit log, the ledger, the JSON plan, the job summary or argv (spawned CLI)', async () => {
  const bin = path.join(__dirname, '..', 'bin', 'sophia-secrets.js');
  const summary = path.join(w.dir, 'summary.md');
  const pulumi = standInPulumi(w.dir);
  const spawn = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string; argv: string[] }>((resolve) => {
      const argv = [bin, ...args, '--env', ENV, '--store', 'pulumi-cloud', ...(args[0] === 'sync' ? ['--github-values-env', 'SECRETS_JSON'] : [])];
      const child = execFile(
        process.execPath,
        argv,
        { env: { PATH: `${pulumi.binDir}${path.delimiter}${process.env.PATH ?? ''}`, ...w.env, GITHUB_STEP_SUMMARY: summary, SECRETS_JSON: JSON.stringify(VALUES) } },
        (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr, argv }),
      );
      child.stdin?.end();
    });
  const auditLog = () => fs.readdirSync(path.join(w.dir, 'audit')).map((f) => fs.readFileSync(path.join(w.dir, 'audit', f), 'utf8')).join('');
  const plan = await spawn(['sync', '--json']);
  const applied = await spawn(['sync', '--apply']);
  const status = await spawn(['status']);
  expect([plan.code, applied.code, status.code]).toEqual([2, 2, 0]);
  expect(gh('PORTKEY_API_KEY')).toBe(PORTKEY);
  // The stack-made service key went from the CLI's stdout to GitHub; snowflake is not deployed (a skip, not an error).
  expect(gh('PORTKEY_ML_API_API_KEY')).toBe(SERVICE_KEY);
  expect(applied.stdout).toMatch(/SNOWFLAKE_LOADER_PRIVATE_KEY .*skip .*unknown: stack snowflake\/dev not deployed yet/);
  const calls = pulumi.calls();
  expect(calls.find((c) => c.argv.includes('sophia-ai/portkey/dev'))).toEqual({ argv: ['stack', 'output', '--json', '--show-secrets', '--non-interactive', '--stack', 'sophia-ai/portkey/dev'], cwd: path.resolve(__dirname, '../../../stacks/portkey') });
  const texts = [
    ...calls.map((c) => c.argv.join(' ')),
    ...[plan, applied, status].flatMap((r) => [r.stdout, r.stderr, r.argv.join(' ')]),
    auditLog(),
    fs.readFileSync(summary, 'utf8'),
    (await escPlain(w, LEDGER_ENV))!.text,
    w.esc.stored(ORG, 'sophia-ai', LEDGER_ENV)!,
  ];
  for (const text of texts) for (const canary of [PORTKEY, LAMBDA, SERVICE_KEY]) expect(text).not.toContain(canary);
  // …and the things that must be there are.
  expect(plan.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l).type)).toContain('summary');
  expect(fs.readFileSync(summary, 'utf8')).toMatch(/\| `PORTKEY_API_KEY` \| env:sophia-ai\/sophia-ai-infrastructure\/dev \| esc→github \| create \| done \|/);
  expect(fs.readdirSync(path.join(w.dir, 'audit'))).toHaveLength(2); // one log per sync run
  const audit = auditLog().trim().split('\n').map((l) => JSON.parse(l));
  expect(audit.find((a) => a.applied && a.githubSecret === 'PORTKEY_API_KEY')).toMatchObject({ action: 'create', result: 'done', actor: expect.any(String), escHash: expect.stringMatching(/^[0-9a-f]{12}$/) });
});
