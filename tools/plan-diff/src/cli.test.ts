import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SynthPlan } from '@sophia-ai/policy';
import { main } from './cli';
import { plan, resource } from './testing/plans';

const INSTANCE = 'pulumi-nodejs:dynamic/lambda:Instance';
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-diff-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function planDir(...plans: SynthPlan[]): string {
  const dir = tmp();
  for (const p of plans) {
    fs.mkdirSync(path.join(dir, p.project), { recursive: true });
    fs.writeFileSync(path.join(dir, p.project, `${p.env}.json`), JSON.stringify(p));
  }
  return dir;
}

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

describe('plan-diff CLI', () => {
  it('compares saved plan directories (a CI artifact) and writes Markdown and JSON', async () => {
    const base = planDir(plan('lambda-labs', [resource('lambda-labs', INSTANCE, 'gpu-1', { instanceType: 'gpu_1x_a10', apiKey: '[secret:aaaaaaaaaaaa]' })]));
    const head = planDir(plan('lambda-labs', [resource('lambda-labs', INSTANCE, 'gpu-1', { instanceType: 'gpu_1x_a10', apiKey: '[secret:aaaaaaaaaaaa]' }), resource('lambda-labs', INSTANCE, 'gpu-2', { instanceType: 'gpu_1x_a10' })]));
    const out = tmp();
    const r = await run(['--base-plans', base, '--head-plans', head, '--out', path.join(out, 'c.md'), '--json', path.join(out, 'r.json')]);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(fs.readFileSync(path.join(out, 'c.md'), 'utf8')).toContain('| lambda-labs | 1 | 0 | 0 | 0 | $547.50 → $1,095.00 (+$547.50) |');
    expect(JSON.parse(fs.readFileSync(path.join(out, 'r.json'), 'utf8')).cost.after.usd).toBeCloseTo(1095);
    expect(fs.readdirSync(out).sort()).toEqual(['c.md', 'r.json']); // no temporary file left
  });

  it('prices with a saved GET /instance-types answer and a given credit price', async () => {
    const catalog = path.join(tmp(), 'types.json');
    fs.writeFileSync(catalog, JSON.stringify({ data: { gpu_1x_a10: { instance_type: { price_cents_per_hour: 100 } } } }));
    const head = planDir(plan('lambda-labs', [resource('lambda-labs', INSTANCE, 'gpu', { instanceType: 'gpu_1x_a10' })]));
    const r = await run(['--base-plans', planDir(), '--head-plans', head, '--lambda-catalog', catalog, '--snowflake-credit-usd', '2.5']);
    expect(r.stdout).toContain('$0.00 → $730.00');
    expect(r.stdout).toContain('$2.5/credit');
    expect(r.stdout).toContain('the instance types in types.json');
  });

  it('prints its help wherever --help is written, and exits 0', async () => {
    const r = await run(['--base', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: plan-diff [options]');
    expect(r.stdout).toContain('--snowflake-credit-usd <usd>');
  });

  it.each([
    [['--head', 'HEAD'], /--base <ref> is required/],
    [['--base-plans', '/nonexistent/plans', '--head', 'x'], /--base-plans \/nonexistent\/plans does not exist/],
    [['--base', 'a', '--head', 'b', '--env', '../etc'], /--env "\.\.\/etc" is not an environment name/],
    [['--base', 'a', '--head', 'b', '--snowflake-credit-usd', 'free'], /must be a positive number/],
  ])('refuses bad input with one clear line: %j', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('names a ref that does not exist and leaves no worktree', async () => {
    const repo = tmp();
    const git = (...a: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...a], { cwd: repo, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(repo, 'package.json'), '{}');
    git('add', '-A');
    git('commit', '-q', '-m', 'one');
    const r = await run(['--repo', repo, '--base', 'no-such-branch', '--head', 'main', '--node-modules', path.resolve(__dirname, '../../../node_modules')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"no-such-branch" names no commit');
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);
  });
});
