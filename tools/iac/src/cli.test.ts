import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESC_ENVIRONMENTS } from '@sophia-ai/esc-config';
import { main, WORKSPACE_ROOT } from './cli';
import { loadOwnershipSpec } from './organisation';
import { fails, validateWorkspace } from './validate/checks';
import { gatherWorkspace, readNxProjects, secretsSyncReads } from './validate/gather';

const run = async (argv: string[], root?: string) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, root, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('iac:validate on this workspace', () => {
  it('passes (exit 0): every mission service complete, no gap', async () => {
    const { code, out, err } = await run(['validate']);
    expect(err).toBe('');
    expect(out).toContain('✓ complete: 6 stacks');
    for (const service of ['Lambda Labs', 'Snowflake', 'Estuary', 'GitHub', 'Portkey', 'ESC']) expect(out).toMatch(new RegExp(`^${service}\\s+✓\\s+✓\\s+✓\\s+✓\\s+✓\\s+✓`, 'm'));
    expect(code).toBe(0);
  }, 60_000);

  it('checks real reads: the estuary stack reads the snowflake outputs its materialization needs, all in the contract', async () => {
    const teams = loadOwnershipSpec(WORKSPACE_ROOT).teams.map((t) => t.name);
    const facts = gatherWorkspace(WORKSPACE_ROOT, { projects: await readNxProjects(), teams, escEnvironments: ESC_ENVIRONMENTS, toolReads: secretsSyncReads(WORKSPACE_ROOT) });
    const estuary = facts.stacks.find((s) => s.folder === 'estuary')!;
    expect(estuary.outputReads.map((r) => `${r.producer}.${r.output}`).sort()).toEqual(
      ['database', 'host', 'private_key', 'role', 'schema', 'user', 'warehouse'].map((o) => `snowflake.${o}`),
    );
    // The secrets sync publishes contract outputs to GitHub: those reads are checked too (the workspace row).
    expect(facts.toolReads.map((r) => `${r.producer}.${r.output}`)).toEqual(expect.arrayContaining(['portkey.service_keys', 'snowflake.private_key']));
    expect(facts.toolReads.every((r) => r.line > 0)).toBe(true);
    expect(facts.stacks.map((s) => s.folder)).toEqual(['esc', 'estuary', 'github', 'lambda-labs', 'portkey', 'snowflake']);
    expect(fails(validateWorkspace(facts))).toBe(false);
  }, 60_000);

  it('refuses unknown commands and options, naming them; --help lists each command and its flags', async () => {
    expect(await run(['frobnicate'])).toMatchObject({ code: 1, err: expect.stringContaining("unknown command 'frobnicate'") });
    expect(await run(['validate', '--loose'])).toMatchObject({ code: 1, err: expect.stringContaining("unknown option '--loose'") });
    expect(await run([])).toMatchObject({ code: 1, err: expect.stringContaining('codeowners [options]') });
    expect(await run(['validate', '--help'])).toMatchObject({ code: 0, out: expect.stringContaining('--strict') });
    expect(await run(['codeowners', '--help'])).toMatchObject({ code: 0, out: expect.stringContaining('--check') });
  });
});

describe('iac:codeowners / iac:check-codeowners', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-codeowners-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    write('stacks/github/src/organisation-spec.ts', "export const organisation = { homeOrganisation: 'acme', defaultCodeOwner: 'platform', teams: [{ name: 'platform' }, { name: 'ML Ops' }] };\n");
    write('stacks/github/src/logic/spec.ts', "export const teamSlug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');\n");
    write('stacks/gpu/package.json', JSON.stringify({ name: '@acme/gpu', nx: { name: 'gpu', tags: ['type:stack', 'team:ML Ops'] } }));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('--check fails while CODEOWNERS is missing or stale; writing it makes the check pass', async () => {
    expect(await run(['codeowners', '--check'], root)).toEqual({ code: 1, out: '', err: '.github/CODEOWNERS is out of date: run npx nx run iac:codeowners' });
    expect(fs.existsSync(path.join(root, '.github/CODEOWNERS'))).toBe(false);

    expect(await run(['codeowners'], root)).toMatchObject({ code: 0, out: 'wrote .github/CODEOWNERS' });
    expect(fs.readFileSync(path.join(root, '.github/CODEOWNERS'), 'utf8')).toMatch(/^\/stacks\/gpu\/\s+@acme\/ml-ops$/m);
    expect(await run(['codeowners', '--check'], root)).toMatchObject({ code: 0, out: '.github/CODEOWNERS is up to date' });

    // A tag changes: the committed file is stale again.
    fs.writeFileSync(path.join(root, 'stacks/gpu/package.json'), JSON.stringify({ nx: { name: 'gpu', tags: ['type:stack', 'team:platform'] } }));
    expect(await run(['codeowners', '--check'], root)).toMatchObject({ code: 1 });
  });

  it('a tag naming no team of the spec fails, naming the project, and writes nothing', async () => {
    fs.writeFileSync(path.join(root, 'stacks/gpu/package.json'), JSON.stringify({ nx: { name: 'gpu', tags: ['type:stack', 'team:research'] } }));
    const { code, err } = await run(['codeowners'], root);
    expect(code).toBe(1);
    expect(err).toContain('stacks/gpu: tag "team:research" names a team the organisation spec does not have (teams: platform, ML Ops;');
    expect(fs.existsSync(path.join(root, '.github'))).toBe(false);
  });
});
