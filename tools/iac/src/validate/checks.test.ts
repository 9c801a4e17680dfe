import { fails, validateWorkspace, type Gap } from './checks';
import { MISSION_SERVICES, type StackFacts, type WorkspaceFacts } from './facts';

/** A complete workspace: every mission service with everything in place (only `dev` in ESC). */
function complete(): WorkspaceFacts {
  const stacks: StackFacts[] = MISSION_SERVICES.map(({ folder }) => ({
    root: `stacks/${folder}`,
    folder,
    pulumiProject: folder,
    namespace: {
      name: folder,
      source: folder === 'esc' ? 'stack-file' : 'esc',
      keys: { token: { owner: 'secrets-sync', required: true }, name: { owner: 'esc-stack', required: true }, keys: { owner: 'ssh-keys', required: true } },
    },
    stackFiles: [{ file: `stacks/${folder}/Pulumi.dev.yaml`, env: 'dev', keys: folder === 'esc' ? ['esc:token', 'esc:name'] : [] }],
    escDefinitions: folder === 'esc' ? [] : [{ file: `stacks/${folder}/esc/dev.yaml`, env: 'dev', keys: [`${folder}:token`, `${folder}:name`] }],
    contracts: [{ file: `stacks/${folder}/contract/index.ts`, project: folder, outputs: ['host'] }],
    outputReads: folder === 'estuary' ? [{ file: 'stacks/estuary/src/x.ts', line: 3, producer: 'snowflake', output: 'host' }] : [],
    untypedReads: [],
    testFiles: 2,
    hasReadme: true,
  }));
  return {
    projects: stacks.map((s) => ({ name: s.folder, root: s.root, tags: ['type:stack', 'team:platform'], targets: ['synth', 'test'] })),
    stacks,
    teams: ['platform', 'data'],
    escEnvironments: ['dev'],
    toolReads: [{ file: 'tools/secrets/src/manifest.ts', line: 7, producer: 'portkey', output: 'host' }],
    guideHeadings: [],
    python: [],
  };
}

const stack = (facts: WorkspaceFacts, folder: string) => facts.stacks.find((s) => s.folder === folder)!;
const project = (facts: WorkspaceFacts, folder: string) => facts.projects.find((p) => p.name === folder)!;
const only = (facts: WorkspaceFacts): Omit<Gap, 'fix'> & { fix?: string } => {
  const { gaps } = validateWorkspace(facts);
  expect(gaps).toHaveLength(1);
  return gaps[0]!;
};

describe('validateWorkspace', () => {
  it('a complete workspace has no gap, and every cell is ✓', () => {
    const result = validateWorkspace(complete());
    expect(result.gaps).toEqual([]);
    expect(result.rows.map((r) => r.label)).toEqual(['Lambda Labs', 'Snowflake', 'Estuary', 'GitHub', 'Portkey', 'ESC', 'workspace']);
    expect(result.rows.flatMap((r) => Object.values(r.cells)).every((c) => c === 'ok')).toBe(true);
    expect(fails(result, true)).toBe(false);
  });

  const cases: Array<[string, (f: WorkspaceFacts) => void, Partial<Gap>]> = [
    ['not tagged type:stack', (f) => (project(f, 'github').tags = ['team:platform']), { row: 'GitHub', check: 'stack', problem: 'stacks/github is not tagged type:stack' }],
    ['not an Nx project', (f) => (f.projects = f.projects.filter((p) => p.name !== 'github')), { row: 'GitHub', check: 'stack', problem: 'stacks/github is not an Nx project' }],
    ['no Pulumi.yaml', (f) => delete stack(f, 'portkey').pulumiProject, { row: 'Portkey', check: 'stack', problem: 'stacks/portkey has no Pulumi.yaml' }],
    [
      'a Pulumi project named otherwise',
      (f) => (stack(f, 'portkey').pulumiProject = 'gateway'),
      { check: 'stack', problem: 'stacks/portkey/Pulumi.yaml names the project "gateway", not "portkey"' },
    ],
    ['no test files', (f) => (stack(f, 'esc').testFiles = 0), { row: 'ESC', check: 'tests', problem: 'stacks/esc has no *.test.ts' }],
    ['two team tags', (f) => project(f, 'esc').tags.push('team:data'), { check: 'team', problem: 'stacks/esc has 2 team tags (team:platform, team:data)' }],
    ['no team tag', (f) => (project(f, 'esc').tags = ['type:stack']), { check: 'team', problem: 'stacks/esc has no team tag' }],
    [
      'an unreadable namespace',
      (f) => (stack(f, 'snowflake').namespace = { problem: 'stacks/snowflake/config/index.ts must export exactly one config namespace (found 2)' }),
      { check: 'config', problem: 'stacks/snowflake/config/index.ts must export exactly one config namespace (found 2)', fix: 'stacks/snowflake/config/index.ts' },
    ],
    [
      'no namespace: the ESC check has nothing to go on and says so',
      (f) => (stack(f, 'snowflake').namespace = { problem: 'stacks/snowflake has no config namespace (stacks/snowflake/config/index.ts)' }),
      { check: 'config' },
    ],
    [
      'a namespace named after another stack',
      (f) => {
        const s = stack(f, 'snowflake');
        if (!('problem' in s.namespace)) s.namespace.name = 'warehouse';
        s.escDefinitions[0]!.keys = ['warehouse:token', 'warehouse:name'];
      },
      { check: 'config', problem: 'the namespace of stacks/snowflake/config/index.ts is named "warehouse", not "snowflake"' },
    ],
    [
      "a key of another stack's namespace",
      (f) => stack(f, 'snowflake').stackFiles[0]!.keys.push('aws:region'),
      { check: 'config', problem: 'stacks/snowflake/Pulumi.dev.yaml sets aws:region, outside the namespace "snowflake"' },
    ],
    [
      'new pulumi.Config in the program',
      (f) => stack(f, 'snowflake').untypedReads.push({ file: 'stacks/snowflake/index.ts', line: 4, what: 'config' }),
      { check: 'config', problem: 'stacks/snowflake/index.ts:4 reads config with new pulumi.Config, outside the namespace' },
    ],
    [
      'no ESC definition for an environment',
      (f) => (stack(f, 'portkey').escDefinitions = []),
      { row: 'Portkey', check: 'esc', problem: 'no ESC environment definition stacks/portkey/esc/dev.yaml', fix: 'npx nx run esc:environments' },
    ],
    [
      'a required key of a stack-file namespace missing from Pulumi.<env>.yaml',
      (f) => (stack(f, 'esc').stackFiles[0]!.keys = ['esc:token']),
      { row: 'ESC', check: 'esc', problem: 'required esc:name is not set in stacks/esc/Pulumi.dev.yaml' },
    ],
    [
      'a stack-file namespace without the Pulumi.<env>.yaml',
      (f) => (stack(f, 'esc').stackFiles = []),
      { row: 'ESC', check: 'esc', problem: 'stacks/esc/Pulumi.dev.yaml does not exist' },
    ],
    [
      'a read of a producer without a contract',
      (f) => stack(f, 'estuary').outputReads.push({ file: 'stacks/estuary/src/y.ts', line: 9, producer: 'billing', output: 'rate' }),
      { row: 'Estuary', check: 'outputs', problem: 'stacks/estuary/src/y.ts:9 reads "rate" of billing, which publishes no contract' },
    ],
    [
      'an untyped StackReference',
      (f) => stack(f, 'github').untypedReads.push({ file: 'stacks/github/index.ts', line: 2, what: 'stack-reference' }),
      { row: 'GitHub', check: 'outputs', problem: 'stacks/github/index.ts:2 opens an untyped pulumi.StackReference: its outputs are in no contract' },
    ],
    [
      'a tool reading an output the contract lacks',
      (f) => f.toolReads.push({ file: 'tools/secrets/src/manifest.ts', line: 9, producer: 'portkey', output: 'service_keys' }),
      {
        row: 'workspace',
        check: 'outputs',
        problem: 'tools/secrets/src/manifest.ts:9 reads output "service_keys" of portkey, which its contract does not declare',
        fix: 'declare "service_keys" in stacks/portkey/contract/index.ts (and export it with declareOutputs)',
      },
    ],
    [
      'a stack the mission does not name is checked too',
      (f) => {
        const extra = { ...stack(f, 'github'), root: 'stacks/billing', folder: 'billing', pulumiProject: 'billing', hasReadme: false };
        f.stacks.push({ ...extra, namespace: { name: 'billing', source: 'esc', keys: {} }, stackFiles: [], escDefinitions: [{ file: 'stacks/billing/esc/dev.yaml', env: 'dev', keys: [] }] });
        f.projects.push({ name: 'billing', root: 'stacks/billing', tags: ['type:stack', 'team:data'], targets: ['synth', 'test'] });
      },
      { row: 'billing', check: 'docs', problem: 'stacks/billing has no README.md and no section in docs/infrastructure/COMPLETE_IAC_GUIDE.md' },
    ],
  ];
  it.each(cases)('%s', (_name, mutate, expected) => {
    const facts = complete();
    mutate(facts);
    expect(only(facts)).toMatchObject(expected);
  });

  it('cells: ✗ where the gap is, – where a check has nothing to look at', () => {
    const facts = complete();
    stack(facts, 'snowflake').namespace = { problem: 'no namespace' };
    facts.projects = facts.projects.filter((p) => p.name !== 'github');
    const cells = (label: string) => validateWorkspace(facts).rows.find((r) => r.label === label)!.cells;
    expect(cells('Snowflake')).toMatchObject({ config: 'gap', esc: 'not checked', outputs: 'ok' });
    expect(cells('GitHub')).toMatchObject({ stack: 'gap', synth: 'not checked', tests: 'not checked', team: 'not checked', docs: 'ok' });
  });

  it('a guide heading naming the stack folder is its docs', () => {
    const facts = complete();
    stack(facts, 'github').hasReadme = false;
    expect(only(facts)).toMatchObject({ row: 'GitHub', check: 'docs' });
    facts.guideHeadings = ['## GitHub (`stacks/github`)'];
    expect(validateWorkspace(facts).gaps).toEqual([]);
  });

  it('a required esc-stack value not set yet is pending: shown, failing only under --strict', () => {
    const facts = complete();
    stack(facts, 'snowflake').escDefinitions[0]!.keys = ['snowflake:token'];
    const result = validateWorkspace(facts);
    expect(result.gaps).toEqual([
      {
        row: 'Snowflake',
        check: 'esc',
        severity: 'pending',
        problem: 'stacks/snowflake/esc/dev.yaml: required snowflake:name awaits a value',
        fix: 'set dev.snowflake.name in stacks/esc/values.yaml, then npx nx run esc:environments',
      },
    ]);
    expect(result.rows.find((r) => r.label === 'Snowflake')!.cells.esc).toBe('pending');
    expect(fails(result)).toBe(false);
    expect(fails(result, true)).toBe(true);
  });

  it('a required secrets-sync key missing from the definition is a gap (the stack would never see the synced value)', () => {
    const facts = complete();
    stack(facts, 'snowflake').escDefinitions[0]!.keys = ['snowflake:name'];
    expect(only(facts)).toMatchObject({ check: 'esc', problem: 'required snowflake:token (owner secrets-sync) is not mapped in stacks/snowflake/esc/dev.yaml' });
    expect(fails(validateWorkspace(facts))).toBe(true);
  });

  it('a key of the namespace that is optional or has a default needs no definition entry', () => {
    const facts = complete();
    const s = stack(facts, 'portkey');
    if (!('problem' in s.namespace)) s.namespace.keys.region = { owner: 'esc-stack', required: false };
    expect(validateWorkspace(facts).gaps).toEqual([]);
  });
});
