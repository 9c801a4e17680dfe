/*
 * A fixture workspace (src/__fixtures__/workspace: files plus the project graph Nx would build for them) with exactly one
 * gap of each kind, one per row, so each message is shown to come from the gap it names and nothing else fires.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fails, validateWorkspace } from './checks';
import { gatherWorkspace, projectsFromGraph } from './gather';
import { renderValidation } from './table';

const FIXTURE = path.join(__dirname, '..', '__fixtures__', 'workspace');
const graph = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'project-graph.json'), 'utf8'));
const facts = () => gatherWorkspace(FIXTURE, { projects: projectsFromGraph(graph), teams: ['platform', 'data', 'ml'], escEnvironments: ['dev'] });

describe('iac:validate on a fixture workspace with one gap of each kind', () => {
  const result = validateWorkspace(facts());

  it('finds each gap, in its row and check, naming what is wrong and where to fix it', () => {
    expect(result.gaps.map((g) => ({ row: g.row, check: g.check, problem: g.problem, fix: g.fix }))).toEqual([
      {
        row: 'Lambda Labs',
        check: 'config',
        problem: 'stacks/lambda-labs/Pulumi.local.yaml sets lambda-labs:regoin, which stacks/lambda-labs/config/index.ts does not declare',
        fix: 'declare "regoin" in stacks/lambda-labs/config/index.ts or remove it from stacks/lambda-labs/Pulumi.local.yaml',
      },
      {
        row: 'Snowflake',
        check: 'team',
        problem: 'stacks/snowflake: team:finance is not a team of the organisation spec',
        fix: 'stacks/snowflake/package.json nx.tags: one "team:<name>" (teams: platform, data, ml), or add the team in stacks/github/src/organisation-spec.ts',
      },
      {
        row: 'Estuary',
        check: 'outputs',
        problem: 'stacks/estuary/src/materialization.ts:6 reads output "warehouse" of snowflake, which its contract does not declare',
        fix: 'declare "warehouse" in stacks/snowflake/contract/index.ts (and export it with declareOutputs)',
      },
      {
        row: 'GitHub',
        check: 'esc',
        problem: 'required github:token (owner secrets-sync) is not mapped in stacks/github/esc/dev.yaml',
        fix: 'npx nx run esc:environments (the definition is stale)',
      },
      {
        row: 'Portkey',
        check: 'stack',
        problem: 'no stack: stacks/portkey has no Pulumi.yaml and no Nx project tagged type:stack',
        fix: 'add stacks/portkey (docs/infrastructure/COMPLETE_IAC_GUIDE.md, "Adding a stack")',
      },
      {
        row: 'ESC',
        check: 'docs',
        problem: 'stacks/esc has no README.md and no section in docs/infrastructure/COMPLETE_IAC_GUIDE.md',
        fix: 'stacks/esc/README.md, or "## ESC (`stacks/esc`)" in docs/infrastructure/COMPLETE_IAC_GUIDE.md',
      },
      { row: 'billing', check: 'synth', problem: 'stacks/billing has no synth target', fix: 'stacks/billing/Pulumi.yaml (tools/nx-pulumi infers synth from it)' },
      {
        row: 'search',
        check: 'tests',
        problem: 'stacks/search has no test target',
        fix: 'stacks/search/jest.config.js (the @nx/jest plugin infers test from it)',
      },
      {
        row: 'workspace',
        check: 'python',
        problem: 'Python Pulumi file infrastructure/__main__.py (a Python Pulumi program entry point)',
        fix: 'delete it: the stacks are TypeScript (docs/infrastructure/TYPESCRIPT_MIGRATION.md maps the Python programs to them)',
      },
    ]);
    expect(fails(result)).toBe(true);
  });

  it('keys another tool writes (ssh-keys) and defaulted keys need no place in the definition', () => {
    const lambda = facts().stacks.find((s) => s.folder === 'lambda-labs')!;
    expect(lambda.escDefinitions[0]!.keys).toEqual(['lambda-labs:apiKey']);
    expect(result.rows.find((r) => r.label === 'Lambda Labs')!.cells.esc).toBe('ok');
  });

  it('prints the table with a ✗ in each gap cell, – where a missing stack leaves nothing to check, and every gap with its fix', () => {
    const text = renderValidation(result);
    const row = (label: string) => text.split('\n').find((l) => l.startsWith(`${label} `))!;
    expect(row('Portkey')).toMatch(/^Portkey\s+✗\s+–\s+–\s+–\s+–\s+–\s+–\s+–$/);
    expect(row('Estuary')).toMatch(/^Estuary\s+✓\s+✓\s+✓\s+✓\s+✓\s+✓\s+✓\s+✗$/);
    expect(row('workspace')).toMatch(/^workspace\s+✓\s+✗$/);
    expect(text).toContain('✗ 9 gaps:');
    expect(text).toContain('  ✗ GitHub · esc: required github:token (owner secrets-sync) is not mapped in stacks/github/esc/dev.yaml\n      fix: npx nx run esc:environments');
  });
});

describe('iac:validate on broken files', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-broken-'));
    fs.mkdirSync(path.join(root, 'stacks/demo/config'), { recursive: true });
    fs.writeFileSync(path.join(root, 'stacks/demo/Pulumi.yaml'), 'name: demo\nruntime: nodejs\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const gather = () => gatherWorkspace(root, { projects: [], teams: [], escEnvironments: [] });

  it('a YAML file that does not parse is an error naming the file', () => {
    fs.writeFileSync(path.join(root, 'stacks/demo/Pulumi.dev.yaml'), 'config:\n  demo:key: [unclosed\n');
    expect(gather).toThrow(/^stacks\/demo\/Pulumi\.dev\.yaml is not valid YAML: /);
  });

  it('a namespace that fails to load is the config gap of its stack, naming the file', () => {
    fs.writeFileSync(path.join(root, 'stacks/demo/config/index.ts'), "throw new Error('broken namespace');\n");
    expect(gather().stacks[0]!.namespace).toEqual({ problem: 'stacks/demo/config/index.ts fails to load: broken namespace' });
  });
});

describe('the Python Pulumi search', () => {
  let root: string;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-python-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds entry points, pulumi imports and python runtimes; skips virtualenvs, packages and fixtures', () => {
    write('infrastructure/index.py', 'import pulumi\n');
    write('scripts/ssh_key_manager.py', 'import os\nfrom pulumi import automation as auto\n');
    write('scripts/lambda.py', 'import pulumi_aws as aws\n');
    write('legacy/__main__.py', 'print("hello")\n');
    write('legacy/Pulumi.yaml', 'name: legacy\nruntime: python\n');
    write('other/Pulumi.yaml', 'name: other\nruntime:\n  name: python\n  options: { virtualenv: venv }\n');
    write('scripts/report.py', '# mentions pulumi in a comment only\nimport json\n');
    write('.venv/lib/python3.12/site-packages/pulumi/__init__.py', 'import pulumi.runtime\n');
    write('node_modules/x/y.py', 'import pulumi\n');
    write('tools/t/src/__fixtures__/old/__main__.py', 'import pulumi\n');
    write('stacks/ok/Pulumi.yaml', 'name: ok\nruntime:\n  name: nodejs\n');
    const found = gatherWorkspace(root, { projects: [], teams: [], escEnvironments: [] }).python;
    expect(found).toHaveLength(6);
    expect(found).toEqual(
      expect.arrayContaining([
        { file: 'infrastructure/index.py', why: 'imports pulumi' },
        { file: 'legacy/__main__.py', why: 'a Python Pulumi program entry point' },
        { file: 'legacy/Pulumi.yaml', why: 'runtime python' },
        { file: 'other/Pulumi.yaml', why: 'runtime python' },
        { file: 'scripts/lambda.py', why: 'imports pulumi' },
        { file: 'scripts/ssh_key_manager.py', why: 'imports pulumi' },
      ]),
    );
  });
});
