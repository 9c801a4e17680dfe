import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from './cli';

/*
 * The "done when" of the plan diff: a fixture PR — two commits on a fixture repository — produces the plan diff
 * and the cost line. The repository is this workspace's committed tree (git archive HEAD, so real stacks and the
 * real synth); the head commit adds a Lambda instance, makes ANALYTICS_WH Small with a larger monitor quota and
 * rotates the Lambda API key. The workspace's installed packages are linked in, as on a CI runner after `npm ci`.
 */
const WORKSPACE = path.resolve(__dirname, '../../..');
const OLD_KEY = 'sandbox_lambda_3f9Qx7TmB2kVw8RzL5cN'; // stacks/lambda-labs/Pulumi.local.yaml
const NEW_KEY = 'CANARY_rotated_lambda_key_9d4e2b71';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=fixture', '-c', 'user.email=fixture@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function edit(repo: string, file: string, from: string, to: string): void {
  const full = path.join(repo, file);
  const text = fs.readFileSync(full, 'utf8');
  if (!text.includes(from)) throw new Error(`fixture edit: "${from}" not found in ${file} (the stack changed; update this test)`);
  fs.writeFileSync(full, text.replace(from, to));
}

jest.setTimeout(300_000);

describe('plan-diff on a fixture PR (two commits, real synth)', () => {
  let repo: string;
  let out: string;
  let code: number;
  let stderr = '';
  let md: string;
  let json: string;

  beforeAll(async () => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-diff-fixture-'));
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-diff-out-'));
    execFileSync('sh', ['-c', `git -C "${WORKSPACE}" archive HEAD | tar -x -C "${repo}"`]);
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'base');
    edit(repo, 'stacks/lambda-labs/Pulumi.local.yaml', 'lambda-labs:instanceCount: 1', 'lambda-labs:instanceCount: 2');
    edit(repo, 'stacks/lambda-labs/Pulumi.local.yaml', OLD_KEY, NEW_KEY);
    edit(repo, 'stacks/snowflake/src/platform-spec.ts', "analytics: { size: 'XSMALL', credits: 10, maxClusters: 1 } },", "analytics: { size: 'SMALL', credits: 40, maxClusters: 1 } },");
    git(repo, 'commit', '-q', '-am', 'head: second GPU, Small analytics warehouse, rotated Lambda key');
    const io = { stdout: () => undefined, stderr: (t: string) => void (stderr += t) };
    code = await main(
      ['--repo', repo, '--base', 'main~1', '--head', 'main', '--projects', 'lambda-labs,snowflake', '--node-modules', path.join(WORKSPACE, 'node_modules'),
        '--out', path.join(out, 'comment.md'), '--json', path.join(out, 'plan-diff.json')],
      io,
    );
    md = fs.readFileSync(path.join(out, 'comment.md'), 'utf8');
    json = fs.readFileSync(path.join(out, 'plan-diff.json'), 'utf8');
  });

  afterAll(() => {
    for (const dir of [repo, out]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('succeeds and leaves no worktree behind', () => {
    expect(code).toBe(0);
    expect(stderr).toMatch(/plan-diff: 2 stacks, changed: lambda-labs, snowflake/);
    expect(git(repo, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('shows the rows and the cost line', () => {
    expect(md).toContain('| lambda-labs | 1 | 4 | 0 | 0 | $547.50 → $1,095.00 (+$547.50) |');
    expect(md).toContain('| snowflake | 0 | 2 | 0 | 0 | $69.00 → $177.00 (+$108.00) |');
    expect(md).toContain('**Estimated monthly cost: $616.50 → $1,272.00 (+$655.50)**');
  });

  it('lists the new instance, the size change and the rotated key as changed', () => {
    expect(md).toMatch(/- \+ `pulumi-nodejs:dynamic\/lambda:Instance` `lambda-gpu-2`/);
    expect(md).toContain('  - `warehouseSize`: `"XSMALL"` → `"SMALL"`');
    expect(md).toContain('  - `creditQuota`: `10` → `40`');
    expect(md).toContain('  - `apiKey`: secret changed');
  });

  it("asks the head's Lambda providers: a rotated key updates every Lambda resource in place", () => {
    expect(md).toContain('| lambda-labs | 1 | 4 | 0 | 0 |');
    expect(md).toContain('- ~ `pulumi-nodejs:dynamic/lambda:Instance` `lambda-gpu-1`\n  - `apiKey`: secret changed');
    expect(md).toContain('<summary>lambda-labs: +1 ~4</summary>');
    // The Snowflake provider is bridged: its replace rules are its schema's, not knowable here.
    expect(md).toContain('`snowflake-wh-analytics-wh-warehouse` — update (replace possible: the provider decides)');
  });

  it('never shows a secret value, before or after', () => {
    for (const text of [md, json, stderr]) {
      expect(text).not.toContain(OLD_KEY);
      expect(text).not.toContain(NEW_KEY);
      expect(text).not.toContain('PRIVATE KEY');
    }
  });
});
