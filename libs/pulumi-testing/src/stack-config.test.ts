import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stackConfigFromFile } from './stack-config';

let dir: string;
const write = (file: string, text: string) => fs.writeFileSync(path.join(dir, file), text);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-config-'));
  write('Pulumi.yaml', 'name: svc\nruntime: nodejs\nconfig:\n  region:\n    default: us-east-1\n  other:size: 2\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('stackConfigFromFile', () => {
  it('merges Pulumi.yaml defaults and Pulumi.<env>.yaml config, engine-encoded under full keys', () => {
    write('Pulumi.local.yaml', 'config:\n  svc:count: 2\n  flag: true\n  svc:tags:\n    team: ml\n  svc:cidrs: [127.0.0.1/32]\n  svc:region: eu-1\n');
    const { config, file, notes } = stackConfigFromFile(dir, 'local', { displayDir: 'stacks/svc' });
    expect(config).toEqual({
      'svc:region': 'eu-1',
      'other:size': '2',
      'svc:count': '2',
      'svc:flag': 'true',
      'svc:tags': '{"team":"ml"}',
      'svc:cidrs': '["127.0.0.1/32"]',
    });
    expect(file).toBe('stacks/svc/Pulumi.local.yaml');
    expect(notes).toEqual([]);
  });

  it('notes ESC imports outside local and a missing file; keeps the defaults', () => {
    write('Pulumi.dev.yaml', 'environment:\n  - org/svc-dev\n');
    expect(stackConfigFromFile(dir, 'dev')).toMatchObject({
      config: { 'svc:region': 'us-east-1', 'other:size': '2' },
      notes: [expect.stringMatching(/imports ESC environment\(s\) org\/svc-dev/)],
    });
    expect(stackConfigFromFile(dir, 'staging').notes).toEqual([expect.stringMatching(/Pulumi\.staging\.yaml does not exist/)]);
  });

  it('refuses encrypted secure: values, naming the key and the file', () => {
    write('Pulumi.dev.yaml', 'config:\n  svc:db:\n    password:\n      secure: AAABAJ+x\n');
    expect(() => stackConfigFromFile(dir, 'dev')).toThrow(/config key "svc:db" in .*Pulumi\.dev\.yaml is an encrypted secure: value/);
  });

  it('fails for a directory without a named Pulumi.yaml', () => {
    write('Pulumi.yaml', 'runtime: nodejs\n');
    expect(() => stackConfigFromFile(dir, 'local')).toThrow(/Pulumi\.yaml has no "name"/);
    expect(() => stackConfigFromFile(path.join(dir, 'missing'), 'local')).toThrow(/ENOENT/);
  });
});
