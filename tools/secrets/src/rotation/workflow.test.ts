/*
 * .github/workflows/secrets-rotate.yml: the environments in order with production behind its GitHub environment,
 * the command the CLI really has, and the step's exit handling run through bash with a stand-in `node`:
 * 0/2/3 pass (nothing to do, dry run, keys a person rotates), 1 fails the job.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { main } from '../cli';

const FILE = path.resolve(__dirname, '../../../../.github/workflows/secrets-rotate.yml');
interface Step { run?: string; name?: string }
interface Job { needs?: string; environment?: string; steps: Step[] }
const wf = YAML.parse(fs.readFileSync(FILE, 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const rotateStep = (job: Job) => job.steps.find((s) => s.run?.includes('rotate --overdue'))!;

test('one job per environment, dev → staging → production, each in its GitHub environment; scheduled and dispatchable', () => {
  expect(Object.entries(wf.jobs).map(([id, j]) => [id, j.needs, j.environment])).toEqual([
    ['dev', undefined, 'dev'],
    ['staging', 'dev', 'staging'],
    ['production', 'staging', 'production'],
  ]);
  expect(Object.keys(wf.on)).toEqual(['schedule', 'workflow_dispatch']);
  for (const [env, job] of Object.entries(wf.jobs)) expect(rotateStep(job).run).toContain(`node tools/secrets/bin/sophia-secrets.js rotate --overdue --env ${env} $APPLY`);
});

test('the CLI has the command and flags the workflow runs', async () => {
  const out: string[] = [];
  expect(await main(['rotate', '--help'], { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(0);
  for (const flag of ['--overdue', '--env', '--apply']) expect(out.join('\n')).toContain(flag);
});

test.each([
  [0, 0],
  [2, 0],
  [3, 0],
  [1, 1],
  [64, 1],
])('rotate exiting %i → the step exits %i', (code, expected) => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'rotate-step-'));
  try {
    fs.writeFileSync(path.join(bin, 'node'), `#!/bin/sh\nexit ${code}\n`, { mode: 0o755 });
    const script = rotateStep(wf.jobs.dev!).run!;
    const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', script], { env: { PATH: `${bin}:${process.env.PATH}`, APPLY: '' } });
    expect(r.status).toBe(expected);
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
});

test('actionlint accepts it (when the pinned actionlint is installed)', () => {
  const actionlint = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'sophia-ai/pulumi/v3.248.0/bin/actionlint');
  if (!fs.existsSync(actionlint)) return;
  expect(() => execFileSync(actionlint, [FILE], { stdio: 'pipe' })).not.toThrow();
});
