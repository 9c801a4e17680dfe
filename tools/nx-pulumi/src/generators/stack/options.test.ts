import { addEmulatorRegistration, nextEmulatorPort } from './sandbox-registry';
import { stackNames, validateStackOptions, type WorkspaceFacts } from './options';

const ws = (over: Partial<WorkspaceFacts> = {}): WorkspaceFacts => ({
  projects: [
    { name: 'snowflake', root: 'stacks/snowflake', tags: ['type:stack', 'team:data'] },
    { name: 'snowflake-config', root: 'stacks/snowflake/config', tags: ['type:config', 'team:data'] },
    { name: 'lambda-labs', root: 'stacks/lambda-labs', tags: ['type:stack', 'team:ml'] },
  ],
  exists: () => false,
  hasSandbox: true,
  ...over,
});

describe('validateStackOptions', () => {
  it.each([
    ['estuary', 'data'],
    ['portkey-gateway', 'ml'],
    ['esc', 'data'],
  ])('accepts %s for team %s', (name, team) => {
    expect(validateStackOptions({ name, team }, ws())).toMatchObject({ name, team, api: false, skipInstall: false });
  });

  it.each([
    ['Estuary', /name: must be lowercase/],
    ['9lives', /name: must be lowercase/],
    ['double--dash', /name: must be lowercase/],
    ['x'.repeat(31), /at most 30 characters/],
    ['snowflake', /already has a project named "snowflake", "snowflake-config"/],
  ])('refuses the name %s', (name, message) => {
    expect(() => validateStackOptions({ name, team: 'data' }, ws())).toThrow(message);
  });

  it('reports every problem at once, with the teams that exist', () => {
    let message = '';
    try {
      validateStackOptions({ name: 'Bad', team: 'finance', api: true }, ws({ hasSandbox: false }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n').filter((l) => l.startsWith('  - ')).length).toBe(3);
    expect(message).toMatch(/team: "finance" owns nothing yet \(teams: data, ml\)/);
    expect(message).toMatch(/api: --api registers an emulator/);
  });

  it('refuses a description of several lines', () => {
    expect(() => validateStackOptions({ name: 'estuary', team: 'data', description: 'one\ntwo' }, ws())).toThrow(/description: one line/);
  });

  it('refuses a folder that exists though no project claims it', () => {
    expect(() => validateStackOptions({ name: 'estuary', team: 'data' }, ws({ exists: (f) => f === 'stacks/estuary' }))).toThrow(/stacks\/estuary already exists/);
  });
});

test('stackNames spells a name for files, code and environment variables', () => {
  expect(stackNames('lambda-labs')).toEqual({ name: 'lambda-labs', camel: 'lambdaLabs', pascal: 'LambdaLabs', constant: 'LAMBDA_LABS' });
  expect(stackNames('esc')).toEqual({ name: 'esc', camel: 'esc', pascal: 'Esc', constant: 'ESC' });
});

describe('sandbox registry edits', () => {
  const registry = [
    "import type { Emulator } from './core/types';",
    "import { LambdaEmulator } from './lambda/emulator';",
    '',
    'export const EMULATORS: EmulatorRegistration[] = [',
    "  { name: 'lambda', defaultPort: 4610, portEnv: 'SANDBOX_LAMBDA_PORT', create: () => new LambdaEmulator() },",
    "  { name: 'esc', defaultPort: 4611, portEnv: 'SANDBOX_ESC_PORT', create: () => new EscEmulator() },",
    '];',
    '',
  ].join('\n');

  it('takes the next port and adds one import and one entry', () => {
    expect(nextEmulatorPort(registry)).toBe(4612);
    const edited = addEmulatorRegistration(registry, { name: 'estuary', pascal: 'Estuary', constant: 'ESTUARY', port: 4612 });
    expect(edited).toContain("import { LambdaEmulator } from './lambda/emulator';\nimport { EstuaryEmulator } from './estuary/emulator';\n");
    expect(edited).toContain("  { name: 'estuary', defaultPort: 4612, portEnv: 'SANDBOX_ESTUARY_PORT', create: () => new EstuaryEmulator() },\n];");
    expect(edited.split('\n').length).toBe(registry.split('\n').length + 2);
  });

  it('refuses a registry of another shape instead of half-editing it', () => {
    expect(() => addEmulatorRegistration('export const X = [];', { name: 'e', pascal: 'E', constant: 'E', port: 1 })).toThrow(/add the e emulator there by hand/);
  });
});
