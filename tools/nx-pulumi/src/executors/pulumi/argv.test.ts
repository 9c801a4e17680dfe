import { ApprovalRequiredError, isCi, passThroughArgs, pulumiArgv, selectStack } from './argv';

const DIR = '/ws/stacks/esc';

describe('selectStack', () => {
  it('uses --stack exactly as given, over everything else', () => {
    expect(selectStack({ stack: 'acme/esc/prod', env: 'dev' }, { SOPHIA_ENV: 'staging' })).toBe('acme/esc/prod');
  });
  it('then --env, then SOPHIA_ENV, then dev', () => {
    expect(selectStack({ env: 'staging' }, { SOPHIA_ENV: 'production' })).toBe('sophia-ai/staging');
    expect(selectStack({}, { SOPHIA_ENV: 'production' })).toBe('sophia-ai/production');
    expect(selectStack({}, {})).toBe('sophia-ai/dev');
    expect(selectStack({ env: '' }, { SOPHIA_ENV: '' })).toBe('sophia-ai/dev');
  });
  it('rejects environment names that are not simple words', () => {
    expect(() => selectStack({ env: 'dev --yes' }, {})).toThrow(/Invalid environment/);
    expect(() => selectStack({}, { SOPHIA_ENV: '../x' })).toThrow(/Invalid environment/);
    expect(() => selectStack({ stack: 'a b' }, {})).toThrow(/Invalid --stack/);
  });
});

describe('pulumiArgv', () => {
  it('preview: cwd, stack, non-interactive and --diff, never --yes', () => {
    expect(pulumiArgv({ command: 'preview', env: 'staging', yes: true }, DIR, { CI: 'true' })).toEqual([
      'preview', '--cwd', DIR, '--stack', 'sophia-ai/staging', '--non-interactive', '--diff',
    ]);
  });
  it.each(['up', 'refresh', 'destroy'] as const)('%s: --yes only with the option or CI=true', (command) => {
    const base = [command, '--cwd', DIR, '--stack', 'sophia-ai/dev', '--non-interactive'];
    expect(pulumiArgv({ command, yes: true }, DIR, {})).toEqual([...base, '--yes']);
    expect(pulumiArgv({ command }, DIR, { CI: 'true' })).toEqual([...base, '--yes']);
    expect(pulumiArgv({ command, yes: true }, DIR, {}, true)).toEqual([...base, '--yes']);
  });
  it.each(['up', 'refresh', 'destroy'] as const)('%s unapproved: pulumi asks at a terminal, refused elsewhere', (command) => {
    // At a terminal pulumi shows the preview and asks; --non-interactive would make it refuse instead.
    expect(pulumiArgv({ command }, DIR, {}, true)).toEqual([command, '--cwd', DIR, '--stack', 'sophia-ai/dev']);
    expect(() => pulumiArgv({ command }, DIR, {})).toThrow(/cannot ask for confirmation.*Pass --yes/);
    expect(() => pulumiArgv({ command }, DIR, { CI: 'false' })).toThrow(ApprovalRequiredError);
  });
  it('appends configured args, then pass-through args, without our own options', () => {
    const argv = pulumiArgv(
      { command: 'up', env: 'dev', args: '--refresh  --skip-preview', __unparsed__: ['--env=dev', '--target', 'urn:a b'] },
      DIR,
      {},
      true,
    );
    expect(argv.slice(5)).toEqual(['--refresh', '--skip-preview', '--target', 'urn:a b']);
  });
});

describe('passThroughArgs', () => {
  it('removes --env/--stack/--args/--command with their values and --yes in every form', () => {
    expect(
      passThroughArgs([
        '--env', 'staging', '--stack=o/s', '--yes', '--no-yes', '--yes=false', '--args', '--x',
        '--command=up', '--refresh', '--message', 'two words', '--parallel=4', 'positional',
      ]),
    ).toEqual(['--refresh', '--message', 'two words', '--parallel=4', 'positional']);
  });
  it('keeps flags that only start like ours', () => {
    expect(passThroughArgs(['--environment', 'x', '--stacks'])).toEqual(['--environment', 'x', '--stacks']);
    expect(passThroughArgs(undefined)).toEqual([]);
  });
});

describe('isCi', () => {
  it.each([
    ['true', true], ['TRUE', true], ['1', true], ['false', false], ['', false], [undefined, false],
  ])('CI=%s → %s', (value, expected) => {
    expect(isCi({ CI: value })).toBe(expected);
  });
});
