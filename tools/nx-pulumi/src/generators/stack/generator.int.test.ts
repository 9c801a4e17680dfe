/**
 * `nx g @sophia-ai/nx-pulumi:stack` in a throw-away copy of this workspace (its libs, the plugin and the sandbox,
 * node_modules linked), then what a user does next: type-check, `nx run <stack>:synth`, and the generated tests.
 * Never writes inside the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT as REPO } from '../../testing/fixture-workspace';
import { createWorkspace, NX, type Workspace } from '../../testing/generated-workspace';

const JEST = path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js');
const TSC = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const ESLINT = path.join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js');
const CANARY = /canary_[a-z_]+_Q7vT2mXc9LpR4wZs/;

jest.setTimeout(600_000);

describe('nx g @sophia-ai/nx-pulumi:stack', () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = createWorkspace();
  });
  afterAll(() => ws?.dispose());

  const ok = (cmd: string, args: string[]) => {
    const r = ws.run(cmd, args);
    if (r.code !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} exited ${r.code}:\n${r.out}`);
    return r.out;
  };

  it.each([
    // A description with YAML, JSON and TypeScript metacharacters: every file that quotes it stays valid.
    ['ledger', ['--description', `Ledger: the books' "entries" & totals`]],
    ['payments-api', ['--api']],
  ])('%s %j: a stack that type-checks, synthesises and passes its own tests', (name, flags) => {
    ws.generate(name, ['--team', 'ml', ...flags]);

    // The layout (docs/CONVENTIONS.md), the Nx tags, and the ESC imports of every environment.
    const pkg = JSON.parse(readFileSync(path.join(ws.root, 'stacks', name, 'package.json'), 'utf8'));
    expect(pkg.nx).toEqual({ name, tags: ['type:stack', 'team:ml'] });
    for (const env of ['dev', 'staging', 'production']) {
      expect(readFileSync(path.join(ws.root, 'stacks', name, `Pulumi.${env}.yaml`), 'utf8')).toContain(`- sophia-ai/${name}-${env}`);
    }
    if (flags[0] === '--description') {
      expect(pkg.description).toBe(flags[1]);
      expect(readFileSync(path.join(ws.root, 'stacks', name, 'Pulumi.yaml'), 'utf8')).toContain(`description: ${JSON.stringify(flags[1])}`);
    }
    const projects = ok(process.execPath, [NX, 'show', 'projects', '--json']);
    expect(JSON.parse(projects.slice(projects.indexOf('[')))).toEqual(expect.arrayContaining([name, `${name}-config`, `${name}-contract`]));

    ok(process.execPath, [TSC, '-p', `stacks/${name}/tsconfig.json`, '--noEmit']);
    ok(process.execPath, [ESLINT, `stacks/${name}`, ...(flags.includes('--api') ? [`tools/sandbox/src/${name}`] : [])]);
    const synth = ok(process.execPath, [NX, 'run', `${name}:synth`, '--skip-nx-cache']);
    const plan = readFileSync(path.join(ws.root, 'dist', 'synth', name, 'local.json'), 'utf8');
    expect(plan).toContain(`sophia:${name}:Platform`);
    expect(`${synth}${plan}`).not.toMatch(/sandbox_[a-z_]+_[A-Za-z0-9]{20}/); // the sample key is secret in the plan too
    const tests = ok(process.execPath, [JEST, '--ci', '--verbose', `stacks/${name}`, ...(flags.includes('--api') ? [`tools/sandbox/src/${name}`] : [])]);
    expect(tests).not.toMatch(CANARY);
    expect(tests).toMatch(/✓ the API key stays secret/);
    if (flags.includes('--api')) {
      // The provider kit's rules ran against the generated emulator, and the emulator's own tests.
      for (const rule of ['create adopts', 'read detects deletion', 'delete tolerates gone', 'credentials at call time']) expect(tests).toMatch(new RegExp(`✓ ${rule}`));
      expect(tests).toMatch(/✓ items: create, read, update, delete/);
      expect(readFileSync(path.join(ws.root, 'tools/sandbox/src/registry.ts'), 'utf8')).toMatch(new RegExp(`name: '${name}', defaultPort: 461\\d`));
    }
  });

  it('refuses bad options all at once, writing nothing', () => {
    const r = ws.run(process.execPath, [NX, 'g', '@sophia-ai/nx-pulumi:stack', 'Bad_Name', '--team', 'nobody', '--skipInstall', '--no-interactive']);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/name: must be lowercase/);
    expect(r.out).toMatch(/team: "nobody" owns nothing yet \(teams: [a-z, ]*\bml\b/);
    expect(r.out).not.toMatch(/\n\s+at .*\.ts:\d+/); // no stack trace for an expected error
    expect(existsSync(path.join(ws.root, 'stacks', 'Bad_Name'))).toBe(false);
  });
});

