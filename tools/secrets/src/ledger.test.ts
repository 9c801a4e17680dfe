import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { LocalDirEscStore } from '@sophia-ai/esc-store';
import { HMAC_KEY_ENV, Ledger, ledgerEnvironment } from './ledger';
import { main } from './cli';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-ledger-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const entry = { esc: { hmac: 'a'.repeat(64) }, github: { hmac: 'a'.repeat(64), updatedAt: '2026-01-01T00:00:00Z' }, at: '2026-01-01T00:00:00Z' };

describe('Ledger', () => {
  const ref = ledgerEnvironment('local', 'sophia-ai');
  const file = () => path.join(dir, 'sophia-ai', 'secrets-sync-ledger-local.yaml');

  it('makes its HMAC key on first use, keeps it as fn::secret, and hashes the same way after reopening', async () => {
    const store = new LocalDirEscStore(dir, 'sophia-ai');
    const first = await Ledger.open(store, ref, {});
    const h = first.hmac('canary-ledger-value-1');
    await first.save(new Map([['k@scope', entry]]));
    const doc = YAML.parse(fs.readFileSync(file(), 'utf8'));
    expect(Object.keys(doc.values.hmacKey)).toEqual(['fn::secret']);
    expect(doc.values.entries['k@scope']).toEqual(entry);
    const again = await Ledger.open(store, ref, {});
    expect(again.hmac('canary-ledger-value-1')).toBe(h);
    expect(again.entries.get('k@scope')).toEqual(entry);
    expect(fs.readFileSync(file(), 'utf8')).not.toContain('canary-ledger-value-1');
  });

  it(`${HMAC_KEY_ENV} overrides the stored key and is never written`, async () => {
    const store = new LocalDirEscStore(dir, 'sophia-ai');
    const withEnv = await Ledger.open(store, ref, { [HMAC_KEY_ENV]: 'canary-hmac-key-from-env' });
    await withEnv.save(new Map([['k@scope', entry]]));
    expect(fs.readFileSync(file(), 'utf8')).not.toContain('canary-hmac-key-from-env');
    expect(YAML.parse(fs.readFileSync(file(), 'utf8')).values.hmacKey).toBeUndefined();
    expect((await Ledger.open(store, ref, { [HMAC_KEY_ENV]: 'canary-hmac-key-from-env' })).hmac('x')).toBe(withEnv.hmac('x'));
  });

  it('refuses a ledger with entries but no key (every comparison would be a false change)', async () => {
    fs.mkdirSync(path.dirname(file()), { recursive: true });
    fs.writeFileSync(file(), YAML.stringify({ values: { entries: { 'k@scope': entry } } }));
    await expect(Ledger.open(new LocalDirEscStore(dir, 'sophia-ai'), ref, {})).rejects.toThrow(/has entries but no HMAC key .*delete the ledger to start over/);
  });
});

describe('the command line', () => {
  const run = async (args: string[], stdin = '{}') => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), stdin: async () => stdin });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('a bad flag is exit 64', async () => {
    expect((await run(['sync', '--prefer', 'both'])).code).toBe(64);
    expect((await run(['sync', '--nope'])).code).toBe(64);
  });

  it('input that is not toJSON(secrets) is an error that does not show the input', async () => {
    const bad = await run(['sync', '--env', 'local', '--dir', dir, '--github-values-stdin'], '{"LAMBDA_API_KEY": "canary-half-json-Xy');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/not valid JSON .*the input is not shown/);
    expect(bad.err + bad.out).not.toContain('canary-half-json');
    const list = await run(['sync', '--env', 'local', '--dir', dir, '--github-values-stdin'], '["canary-in-a-list-Qq"]');
    expect(list.err).toMatch(/must be a JSON object of name → value/);
    expect(list.err).not.toContain('canary-in-a-list');
  });
});
