import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { AlreadyExistsError, ConflictError, NotFoundError } from './errors';
import { LocalDirEscStore } from './local-store';
import { serviceEnvironment } from '@sophia-ai/stack-refs/src/esc-naming';

describe('LocalDirEscStore', () => {
  let dir: string;
  let store: LocalDirEscStore;
  const ref = serviceEnvironment('lambda-labs', 'local');
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esc-local-'));
    store = new LocalDirEscStore(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates, lists, reads and updates <dir>/<project>/<env>.yaml', async () => {
    expect(await store.read(ref)).toBeUndefined();
    await expect(store.update(ref, [{ op: 'set', path: ['values', 'x'], value: 1 }])).rejects.toBeInstanceOf(NotFoundError);
    const res = await store.update(ref, [{ op: 'set', path: ['values', 'pulumiConfig', 'lambda-labs:sshPublicKeys'], value: ['QUJD'] }], { create: true });
    expect(res.changed).toBe(true);
    const file = path.join(dir, 'sophia-ai', 'lambda-labs-local.yaml');
    expect(YAML.parse(fs.readFileSync(file, 'utf8')).values.pulumiConfig['lambda-labs:sshPublicKeys']).toEqual(['QUJD']);
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(await store.list()).toEqual([ref]);
    await expect(store.create(ref)).rejects.toBeInstanceOf(AlreadyExistsError);
    const again = await store.update(ref, [{ op: 'set', path: ['values', 'pulumiConfig', 'lambda-labs:sshPublicKeys'], value: ['QUJD'] }]);
    expect(again.changed).toBe(false);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['lambda-labs-local.yaml']); // no temp or lock files left
  });

  it('detects a concurrent change by content hash and never overwrites it', async () => {
    await store.create(ref);
    const seen = (await store.read(ref))!;
    fs.writeFileSync(store.file(ref), '# edited by hand\nvalues:\n  other: 1\n');
    await expect(store.write(ref, 'values: {a: 1}\n', seen.etag)).rejects.toBeInstanceOf(ConflictError);
    await expect(store.update(ref, [{ op: 'set', path: ['values', 'a'], value: 2 }], { expectedEtag: seen.etag })).rejects.toBeInstanceOf(ConflictError);
    expect(fs.readFileSync(store.file(ref), 'utf8')).toContain('# edited by hand');
    const ok = await store.update(ref, [{ op: 'set', path: ['values', 'a'], value: 2 }]);
    expect(ok.definition.doc).toEqual({ values: { other: 1, a: 2 } });
    expect(fs.readFileSync(store.file(ref), 'utf8')).toContain('# edited by hand');
  });

  it('rejects path traversal in environment names', () => {
    expect(() => store.file({ org: 'sophia-ai', project: '..', name: 'x' })).toThrow(/Invalid ESC environment/);
  });
});
