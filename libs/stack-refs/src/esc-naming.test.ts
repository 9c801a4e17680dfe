import { escPath, escReference, parseEscEnvName, secretsEnvironment, serviceEnvironment } from './esc-naming';

describe('ESC naming', () => {
  it('names the service and secrets environments of an env, in ESC_ORG unless told', () => {
    expect(serviceEnvironment('lambda-labs', 'dev')).toEqual({ org: 'sophia-ai', project: 'sophia-ai', name: 'lambda-labs-dev' });
    expect(secretsEnvironment('production', 'acme')).toEqual({ org: 'acme', project: 'sophia-ai', name: 'secrets-production' });
  });

  it('builds references and parses names', () => {
    expect(escReference(['snowflake', 'password'])).toBe('${snowflake.password}');
    expect(escPath(['values', 'pulumiConfig', 'lambda-labs:sshPublicKeys'])).toBe('values.pulumiConfig["lambda-labs:sshPublicKeys"]');
    expect(parseEscEnvName('sophia-ai/lambda-labs-dev')).toEqual({ org: 'sophia-ai', project: 'sophia-ai', name: 'lambda-labs-dev' });
    expect(parseEscEnvName('sophia-ai/x', 'acme').org).toBe('acme');
    expect(parseEscEnvName('o/p/e')).toEqual({ org: 'o', project: 'p', name: 'e' });
    expect(() => parseEscEnvName('bad name')).toThrow(/Invalid ESC environment/);
  });
});
