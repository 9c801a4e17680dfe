import YAML from 'yaml';
import { editDefinition, valueAt } from './edit';

const ORIGINAL = `# Lambda Labs config for dev (managed by stacks/esc; ssh keys by sophia-ssh-keys)
imports:
  - sophia-ai/secrets-dev # values from the sync
values:
  pulumiConfig:
    lambda-labs:region: us-west-1 # keep close to the team
    lambda-labs:apiKey: \${["lambda-labs"].apiKey}
  environmentVariables:
    FOO: bar
  token:
    fn::secret:
      ciphertext: ZXhhbXBsZQ==
`;

describe('editDefinition', () => {
  it('sets one key and keeps imports, comments, ciphertext and every other key', () => {
    const { yaml, changed } = editDefinition(ORIGINAL, [
      { op: 'set', path: ['values', 'pulumiConfig', 'lambda-labs:sshPublicKeys'], value: ['AAAA', 'BBBB'] },
    ]);
    expect(changed).toBe(true);
    expect(yaml).toContain('# Lambda Labs config for dev');
    expect(yaml).toContain('# values from the sync');
    expect(yaml).toContain('# keep close to the team');
    expect(yaml).toContain('ciphertext: ZXhhbXBsZQ==');
    const doc = YAML.parse(yaml);
    expect(doc.imports).toEqual(['sophia-ai/secrets-dev']);
    expect(doc.values.pulumiConfig['lambda-labs:sshPublicKeys']).toEqual(['AAAA', 'BBBB']);
    expect(doc.values.pulumiConfig['lambda-labs:region']).toBe('us-west-1');
    expect(doc.values.environmentVariables).toEqual({ FOO: 'bar' });
  });

  it('is a no-op when the value is already there', () => {
    const once = editDefinition(ORIGINAL, [{ op: 'set', path: ['values', 'pulumiConfig', 'lambda-labs:region'], value: 'us-west-1' }]);
    expect(once.changed).toBe(false);
  });

  it('wraps secrets in fn::secret, removes keys and prunes empty parents, adds imports once', () => {
    const { yaml } = editDefinition('values: {}\n', [
      { op: 'set', path: ['values', 'lambda-labs', 'apiKey'], value: 'canary-secret', secret: true },
      { op: 'import', name: 'sophia-ai/secrets-dev' },
      { op: 'import', name: 'sophia-ai/secrets-dev' },
    ]);
    const doc = YAML.parse(yaml);
    expect(doc.values['lambda-labs'].apiKey).toEqual({ 'fn::secret': 'canary-secret' });
    expect(doc.imports).toEqual(['sophia-ai/secrets-dev']);
    expect(yaml.indexOf('imports')).toBeLessThan(yaml.indexOf('values'));
    const removed = YAML.parse(editDefinition(yaml, [{ op: 'remove', path: ['values', 'lambda-labs', 'apiKey'] }]).yaml);
    expect(removed.values).toEqual({});
    expect(valueAt(doc, ['values', 'lambda-labs', 'apiKey'])).toEqual({ 'fn::secret': 'canary-secret' });
  });

  it('grows an empty {} definition in block style', () => {
    const { yaml } = editDefinition('{}\n', [{ op: 'set', path: ['values', 'pulumiConfig', 'a:b'], value: 1 }]);
    expect(yaml).toBe('values:\n  pulumiConfig:\n    a:b: 1\n');
  });

  it('rejects YAML that is not a mapping', () => {
    expect(() => editDefinition('- a\n- b\n', [])).toThrow(/not a mapping/);
    expect(() => editDefinition('values: [\n', [])).toThrow();
  });
});
