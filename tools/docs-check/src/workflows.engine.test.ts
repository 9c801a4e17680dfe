/**
 * Every workflow under .github/workflows passes actionlint (v1.7.12, built from the Go module proxy beside the
 * engine by `npm run engine:install`). Runs with the real-engine suites (`npm run test:engine`): `npm test` needs
 * no Go. With PULUMI_ENGINE_REQUIRED=1 (CI, right after the build) a missing actionlint fails instead of skipping.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { engineBinDir } from '@sophia-ai/pulumi-cli';

const ROOT = resolve(__dirname, '../../..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');

/** actionlint on PATH, else the one the engine build put in its bin folder. */
function findActionlint(env: NodeJS.ProcessEnv): string | undefined {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter((d) => d.startsWith('/')), engineBinDir(env)];
  return dirs.map((d) => join(d, 'actionlint')).find((f) => existsSync(f));
}

function availability(): { bin?: string; skip?: string } {
  if (process.env.PULUMI_INTEGRATION !== '1') return { skip: 'set PULUMI_INTEGRATION=1 (npm run test:engine) to run it' };
  const bin = findActionlint(process.env);
  if (bin) return { bin };
  const missing = 'no actionlint: run `npm run engine:install` (it builds github.com/rhysd/actionlint@v1.7.12 with go)';
  if (process.env.PULUMI_ENGINE_REQUIRED === '1') throw new Error(`PULUMI_ENGINE_REQUIRED=1 but ${missing}`);
  return { skip: missing };
}

interface Finding {
  filepath: string;
  line: number;
  message: string;
  kind: string;
}

/** actionlint's findings for `files` (JSON format), run from `cwd`. */
function lint(bin: string, cwd: string, files: string[]): Finding[] {
  const r = spawnSync(bin, ['-no-color', '-format', '{{json .}}', ...files], { cwd, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`actionlint failed to run (${r.status}):\n${r.stderr}`);
  return r.stdout.trim() ? (JSON.parse(r.stdout) as Finding[]) : [];
}

const { bin, skip } = availability();
const suite = bin ? describe : describe.skip;

suite(`actionlint over .github/workflows${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('finds nothing in any workflow', () => {
    const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).map((f) => join('.github', 'workflows', f));
    expect(files.length).toBeGreaterThan(0);
    const findings = lint(bin!, ROOT, files).map((f) => `${f.filepath}:${f.line}: ${f.message} [${f.kind}]`);
    expect(findings).toEqual([]);
  });

  it('is a check that can fail: a broken workflow is reported with its file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'actionlint-'));
    try {
      mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
      const file = join('.github', 'workflows', 'broken.yml');
      writeFileSync(join(dir, file), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n');
      const findings = lint(bin!, dir, [file]);
      expect(findings.map((f) => [f.filepath, f.line, f.kind])).toEqual([[file, 6, 'expression']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports the version it checked with', () => {
    expect(execFileSync(bin!, ['-version'], { encoding: 'utf8' })).toMatch(/^v1\.7\.12/);
  });
});
