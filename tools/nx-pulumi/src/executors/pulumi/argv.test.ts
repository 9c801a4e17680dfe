import { ApprovalRequiredError, isCi, passThroughArgs, promptsAtTerminal, pulumiArgv, selectStack, type PulumiExecutorOptions, type RunContext } from './argv';
import { FlagConflictError } from './cli-rules';

const DIR = '/ws/stacks/github';

function run(over: Partial<RunContext> = {}): RunContext {
  return { stackDir: DIR, env: {}, interactive: false, organization: 'sophia-ai', pulumiProject: 'github', dependency: false, ...over };
}

describe('selectStack', () => {
  it('uses --stack exactly as given when it names this stack, over everything else', () => {
    expect(selectStack({ stack: 'acme/github/prod', env: 'dev' }, run({ env: { SOPHIA_ENV: 'staging' } }))).toBe('acme/github/prod');
    expect(selectStack({ stack: 'acme/prod' }, run())).toBe('acme/prod');
    expect(selectStack({ stack: 'prod' }, run())).toBe('prod');
  });
  it('then --env, then SOPHIA_ENV, then dev, in the resolved organisation', () => {
    expect(selectStack({ env: 'staging' }, run({ env: { SOPHIA_ENV: 'production' } }))).toBe('sophia-ai/staging');
    expect(selectStack({}, run({ env: { SOPHIA_ENV: 'production' } }))).toBe('sophia-ai/production');
    expect(selectStack({}, run())).toBe('sophia-ai/dev');
    expect(selectStack({ env: '' }, run({ env: { SOPHIA_ENV: '' } }))).toBe('sophia-ai/dev');
    expect(selectStack({ env: 'dev' }, run({ organization: 'organization' }))).toBe('organization/dev');
  });
  it("takes only the organisation and environment from another stack's name", () => {
    // nx run github:up --stack=sophia-ai/github/production: lambda-labs (upstream) deploys production, not github.
    expect(selectStack({ stack: 'sophia-ai/github/production' }, run({ pulumiProject: 'lambda-labs' }))).toBe('sophia-ai/production');
    expect(selectStack({ stack: 'acme/production' }, run({ dependency: true }))).toBe('acme/production');
    expect(selectStack({ stack: 'production' }, run({ dependency: true }))).toBe('production');
  });
  it('rejects environment and stack names that are not simple words', () => {
    expect(() => selectStack({ env: 'dev --yes' }, run())).toThrow(/Invalid environment/);
    expect(() => selectStack({}, run({ env: { SOPHIA_ENV: '../x' } }))).toThrow(/Invalid environment/);
    expect(() => selectStack({ stack: 'a b' }, run())).toThrow(/Invalid --stack/);
    expect(() => selectStack({ stack: 'a/b/c/d' }, run())).toThrow(/Invalid --stack/);
  });
});

/*
 * Every target × option combination the workflows (.github/workflows) and docs (README, tools/nx-pulumi/README)
 * use, with the argv the CLI accepts, or the refusal. Rules from pulumi v3.248.0 (see cli-rules.ts).
 */
type Row = [label: string, opts: Omit<PulumiExecutorOptions, 'command'>, ctx: Partial<RunContext>, expected: string[] | RegExp];
const S = ['--cwd', DIR, '--stack'];
const table: Record<PulumiExecutorOptions['command'], Row[]> = {
  init: [
    ['plain', {}, {}, ['stack', 'select', '--create', ...S, 'sophia-ai/dev', '--non-interactive']],
    ['secrets provider', { secretsProvider: 'passphrase' }, {}, ['stack', 'select', '--create', ...S, 'sophia-ai/dev', '--non-interactive', '--secrets-provider', 'passphrase']],
    ['DIY backend', { env: 'production' }, { organization: 'organization' }, ['stack', 'select', '--create', ...S, 'organization/production', '--non-interactive']],
  ],
  outputs: [
    ['all as JSON, secrets hidden', {}, {}, ['stack', 'output', ...S, 'sophia-ai/dev', '--non-interactive', '--json']],
    ['one output, plain (for $(…))', { name: 'platform_ip' }, {}, ['stack', 'output', 'platform_ip', ...S, 'sophia-ai/dev', '--non-interactive']],
    ['secrets shown when asked', { showSecrets: true }, {}, ['stack', 'output', ...S, 'sophia-ai/dev', '--non-interactive', '--json', '--show-secrets']],
  ],
  preview: [
    ['PR preview (CI, --env=dev)', { env: 'dev' }, { env: { CI: 'true' } }, ['preview', ...S, 'sophia-ai/dev', '--non-interactive', '--diff']],
    ['--yes is never sent', { yes: true }, {}, ['preview', ...S, 'sophia-ai/dev', '--non-interactive', '--diff']],
    ['--refresh --target-dependents', { args: '--refresh --target-dependents' }, {}, ['preview', ...S, 'sophia-ai/dev', '--non-interactive', '--diff', '--refresh', '--target-dependents']],
    ['--preview-only does not exist on preview', { args: '--preview-only' }, {}, /has no --preview-only/],
    ['--target with --exclude', { args: '--target urn:a --exclude urn:b' }, {}, /rejects --target together with --exclude/],
    ['--json with --output', { args: '--json --output=json' }, {}, /rejects --json together with --output/],
    ['PR comment job: --json-dir adds --json', { env: 'dev', jsonDir: 'dist/preview' }, { env: { CI: 'true' } }, ['preview', ...S, 'sophia-ai/dev', '--non-interactive', '--diff', '--json']],
    ['--policyPack: the folder resolved against the workspace', { policyPack: 'tools/policy-pack' }, { workspaceRoot: '/ws' }, ['preview', ...S, 'sophia-ai/dev', '--non-interactive', '--diff', '--policy-pack', '/ws/tools/policy-pack']],
    ['--policy-pack=x typed on the command line is ours (resolved), not passed twice', { policyPack: '/packs/p', __unparsed__: ['--policy-pack=/packs/p'] }, {}, ['preview', ...S, 'sophia-ai/dev', '--non-interactive', '--diff', '--policy-pack', '/packs/p']],
    ['--json-dir=x typed on the command line is ours, not pulumi\'s', { jsonDir: 'x', __unparsed__: ['--json-dir=x', '--jsonDir', 'x'] }, {}, ['preview', ...S, 'sophia-ai/dev', '--non-interactive', '--diff', '--json']],
  ],
  up: [
    ['deploy workflow (--yes)', { yes: true }, {}, ['up', ...S, 'sophia-ai/dev', '--non-interactive', '--yes']],
    ['CI=true approves up', {}, { env: { CI: 'true' } }, ['up', ...S, 'sophia-ai/dev', '--non-interactive', '--yes']],
    ['terminal, unapproved: pulumi asks', {}, { interactive: true }, ['up', ...S, 'sophia-ai/dev']],
    ['no terminal, unapproved: refused', {}, {}, /cannot ask for confirmation.*Pass --yes/],
    ['--skip-preview without --yes: refused', { args: '--skip-preview' }, { interactive: true }, /--skip-preview .* pass --yes/],
    ['--skip-preview --yes', { yes: true, args: '--skip-preview' }, {}, ['up', ...S, 'sophia-ai/dev', '--non-interactive', '--yes', '--skip-preview']],
    ['--skip-preview --strict', { yes: true, args: '--skip-preview --strict' }, {}, /rejects --skip-preview together with --strict/],
    ['--preview-only does not exist on up', { yes: true, args: '--preview-only' }, {}, /has no --preview-only.*preview target/],
    ['deploy gated by the policy pack', { yes: true, policyPack: 'tools/policy-pack' }, { workspaceRoot: '/ws' }, ['up', ...S, 'sophia-ai/dev', '--non-interactive', '--policy-pack', '/ws/tools/policy-pack', '--yes']],
    ['-- --target urn', { yes: true, __unparsed__: ['--target', 'urn:a b'] }, {}, ['up', ...S, 'sophia-ai/dev', '--non-interactive', '--yes', '--target', 'urn:a b']],
  ],
  refresh: [
    ['drift job: CI, --preview-only --expect-no-changes', { env: 'production', args: '--preview-only --expect-no-changes' }, { env: { CI: 'true' } },
      ['refresh', ...S, 'sophia-ai/production', '--non-interactive', '--preview-only', '--expect-no-changes']],
    ['drift job with --json-dir: --json added', { env: 'production', args: '--preview-only --expect-no-changes', jsonDir: 'dist/drift' }, { env: { CI: 'true' } },
      ['refresh', ...S, 'sophia-ai/production', '--non-interactive', '--json', '--preview-only', '--expect-no-changes']],
    ['--preview-only needs no approval, even without a terminal', { args: '--preview-only' }, {}, ['refresh', ...S, 'sophia-ai/dev', '--non-interactive', '--preview-only']],
    ['--preview-only with --yes', { yes: true, args: '--preview-only' }, {}, /rejects --yes with --preview-only/],
    ['--preview-only=false is not preview-only', { yes: true, args: '--preview-only=false' }, {}, ['refresh', ...S, 'sophia-ai/dev', '--non-interactive', '--yes', '--run-program', '--preview-only=false']],
    ['--preview-only with PULUMI_SKIP_CONFIRMATIONS', { args: '--preview-only' }, { env: { PULUMI_SKIP_CONFIRMATIONS: 'true' } }, /PULUMI_SKIP_CONFIRMATIONS/],
    ['--preview-only with --skip-preview (-f)', { args: '--preview-only -f' }, {}, /rejects --skip-preview together with --preview-only/],
    ['--policyPack does not exist on refresh', { yes: true, policyPack: 'tools/policy-pack' }, {}, /has no --policy-pack/],
    ['--yes', { yes: true }, {}, ['refresh', ...S, 'sophia-ai/dev', '--non-interactive', '--yes', '--run-program']],
    ['CI=true approves refresh', {}, { env: { CI: 'true' } }, ['refresh', ...S, 'sophia-ai/dev', '--non-interactive', '--yes', '--run-program']],
    ['pending creates both ways', { yes: true, args: '--skip-pending-creates --clear-pending-creates' }, {}, /rejects --skip-pending-creates together/],
  ],
  destroy: [
    ['--policyPack does not exist on destroy', { yes: true, policyPack: 'tools/policy-pack' }, {}, /has no --policy-pack \(only preview and up\)/],
    ['--json-dir is ignored (preview and refresh only)', { yes: true, jsonDir: 'x' }, {}, ['destroy', ...S, 'sophia-ai/dev', '--non-interactive', '--yes', '--run-program']],
    ['--yes', { yes: true }, {}, ['destroy', ...S, 'sophia-ai/dev', '--non-interactive', '--yes', '--run-program']],
    ['--run-program=false opts out of running the program', { yes: true, args: '--run-program=false' }, {}, ['destroy', ...S, 'sophia-ai/dev', '--non-interactive', '--yes', '--run-program=false']],
    ['CI=true alone never approves destroy', {}, { env: { CI: 'true' } }, /CI=true does not approve that by itself: pass --yes/],
    ['CI=true with --yes', { yes: true }, { env: { CI: 'true' } }, ['destroy', ...S, 'sophia-ai/dev', '--non-interactive', '--yes', '--run-program']],
    ['terminal, unapproved: pulumi asks', {}, { interactive: true }, ['destroy', ...S, 'sophia-ai/dev', '--run-program']],
    ['--preview-only (what would go)', { args: '--preview-only' }, { env: { CI: 'true' } }, ['destroy', ...S, 'sophia-ai/dev', '--non-interactive', '--preview-only']],
    ['--target with --exclude-protected', { yes: true, args: '--target urn:a --exclude-protected' }, {}, /rejects --target together with --exclude-protected/],
  ],
};

describe.each(Object.entries(table))('pulumiArgv: %s', (command, rows) => {
  it.each(rows)('%s', (_label, opts, ctx, expected) => {
    const build = () => pulumiArgv({ command: command as PulumiExecutorOptions['command'], ...opts }, run(ctx));
    if (expected instanceof RegExp) {
      expect(build).toThrow(expected);
      expect(build).toThrow(expected.source.includes('confirmation') || expected.source.includes('CI=true') ? ApprovalRequiredError : FlagConflictError);
    } else {
      expect(build()).toEqual(expected);
    }
  });
});

describe('dependency tasks (upstream of up, downstream of destroy)', () => {
  const opts: PulumiExecutorOptions = {
    command: 'up', stack: 'sophia-ai/github/production', yes: true, args: '--refresh', __unparsed__: ['--target', 'urn:x'],
  };
  it('get the environment and the approval, never the pass-through flags of the requested stack', () => {
    expect(pulumiArgv(opts, run({ pulumiProject: 'lambda-labs', dependency: true, stackDir: '/ws/stacks/lambda-labs' }))).toEqual([
      'up', '--cwd', '/ws/stacks/lambda-labs', '--stack', 'sophia-ai/production', '--non-interactive', '--yes',
    ]);
  });
  it("keep the args of their own target configuration", () => {
    expect(pulumiArgv(opts, run({ dependency: true, configuredArgs: '--parallel 4' })).slice(-2)).toEqual(['--parallel', '4']);
  });
  it('the requested task keeps everything', () => {
    expect(pulumiArgv(opts, run()).slice(5)).toEqual(['--non-interactive', '--yes', '--refresh', '--target', 'urn:x']);
  });
});

describe('promptsAtTerminal', () => {
  it('is true only for a state-changing command left to pulumi to confirm', () => {
    expect(promptsAtTerminal(['up', '--cwd', DIR])).toBe(true);
    expect(promptsAtTerminal(['up', '--cwd', DIR, '--non-interactive', '--yes'])).toBe(false);
    expect(promptsAtTerminal(['preview', '--cwd', DIR])).toBe(false);
    expect(promptsAtTerminal(['stack', 'select'])).toBe(false);
  });
});

describe('passThroughArgs', () => {
  it('removes our own options with their values and --yes in every form', () => {
    expect(
      passThroughArgs([
        '--env', 'staging', '--stack=o/s', '--yes', '--no-yes', '--yes=false', '--args', '--x',
        '--command=up', '--organization', 'acme', '--show-secrets', '--name=ip', '--refresh', '--message', 'two words', '--parallel=4', 'positional',
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
