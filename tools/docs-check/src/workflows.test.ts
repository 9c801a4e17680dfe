/** The structure of every workflow (workflow-rules.ts); its commands are checked with the documented ones (docs.test.ts). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { workflowFiles } from './extract';
import { DEPLOY_ORDER, deployEnvironments, workflowProblems, type Job, type Workflow } from './workflow-rules';

const ROOT = path.resolve(__dirname, '../../..');

describe('workflows', () => {
  const files = workflowFiles(ROOT);

  const parse = (file: string) => YAML.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Workflow;

  it('are found: CI, preview, deploy and drift (pr-preview.yml is replaced by ci.yml and preview.yml)', () => {
    expect(files).toEqual(expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/preview.yml', '.github/workflows/deploy.yml', '.github/workflows/drift.yml']));
    expect(files).not.toContain('.github/workflows/pr-preview.yml');
  });

  it('deploy.yml deploys dev, staging and production, one job each, in that order, production in its environment', () => {
    const wf = parse('.github/workflows/deploy.yml');
    const jobs = Object.entries(wf.jobs ?? {}).map(([id, job]) => [id, deployEnvironments(job), job.needs, job.environment]);
    expect(jobs).toEqual([
      ['dev', ['dev'], undefined, 'dev'],
      ['staging', ['staging'], 'dev', 'staging'],
      ['production', ['production'], 'staging', 'production'],
    ]);
    expect(Object.keys((wf.on as Record<string, unknown>) ?? {})).toEqual(['push', 'workflow_dispatch']);
  });

  it("every status check the github stack requires on default branches is a job that runs on pull requests", () => {
    // GitHub matches required checks against job names: a renamed job would leave every PR waiting forever. The
    // list is the github stack's (a program module, so read by path, as tools/iac reads the organisation spec).
    const { DEFAULT_REQUIRED_CHECKS } = require(path.join(ROOT, 'stacks/github/src/logic/spec.ts')) as { DEFAULT_REQUIRED_CHECKS: readonly string[] };
    const prJobs = files
      .map(parse)
      .filter((wf) => wf.on && typeof wf.on === 'object' && 'pull_request' in (wf.on as object))
      .flatMap((wf) => Object.entries(wf.jobs ?? {}).map(([id, job]) => (job as { name?: string }).name ?? id));
    expect(DEFAULT_REQUIRED_CHECKS.length).toBeGreaterThan(0);
    expect(DEFAULT_REQUIRED_CHECKS.filter((check) => !prJobs.includes(check))).toEqual([]);
  });

  it('ci.yml runs for every pull request and main, with no secret and a read-only token', () => {
    const wf = parse('.github/workflows/ci.yml');
    expect(wf.on).toEqual({ pull_request: null, push: { branches: ['main'] } });
    expect(JSON.stringify(wf)).not.toMatch(/secrets\.|id-token|write/);
    const runs = Object.values(wf.jobs ?? {}).flatMap((j) => (j.steps ?? []).map((s) => String(s.run ?? '')));
    for (const cmd of ['npm ci', 'npm run lint', 'npm run typecheck', 'npm test', 'npx nx affected -t synth', 'node tools/plan-diff/bin/plan-diff.js']) {
      expect(runs.some((r) => r.includes(cmd))).toBe(true);
    }
  });

  it('preview.yml and drift.yml hand pulumi\'s JSON to the delivery tool; drift covers every environment', () => {
    const preview = JSON.stringify(parse('.github/workflows/preview.yml'));
    expect(preview).toMatch(/nx affected -t preview --env=dev --jsonDir=dist\/preview/);
    expect(preview).toMatch(/delivery\.js preview-comment --dir dist\/preview --env dev/);
    const drift = parse('.github/workflows/drift.yml');
    const job = Object.values(drift.jobs ?? {})[0] as Job & { strategy?: { matrix?: { env?: string[] } } };
    expect(job.strategy?.matrix?.env).toEqual([...DEPLOY_ORDER]);
    expect(JSON.stringify(drift)).toMatch(/refresh --env=\$\{\{ matrix.env \}\} --jsonDir=dist\/drift\/\$\{\{ matrix.env \}\} --args=\\"--preview-only --expect-no-changes\\"/);
    expect(JSON.stringify(drift)).toMatch(/delivery\.js drift-issues --dir dist\/drift/);
  });

  it.each(files)('%s keeps the structure (triggers, least privilege, concurrency, pinned actions, no secrets for forks)', (file) => {
    expect(workflowProblems(file, parse(file))).toEqual([]);
  });
});

describe('workflowProblems', () => {
  const good: Workflow = {
    name: 'W',
    on: { pull_request: null },
    permissions: { contents: 'read' },
    concurrency: { group: 'w', 'cancel-in-progress': true },
    jobs: {
      ci: { steps: [{ uses: 'actions/checkout@v4.2.2' }, { run: 'npm test' }] },
      preview: {
        if: 'github.event.pull_request.head.repo.full_name == github.repository',
        steps: [{ uses: 'pulumi/actions@0123456789abcdef0123456789abcdef01234567' }, { run: 'npx nx affected -t preview', env: { T: '${{ secrets.T }}' } }],
      },
    },
  };

  it('accepts a workflow that keeps every rule', () => {
    expect(workflowProblems('w.yml', good)).toEqual([]);
  });

  it('names every broken rule at once, with where it is', () => {
    const bad: Workflow = {
      on: { pull_request_target: null, pull_request: null },
      permissions: 'write-all',
      jobs: {
        ci: { steps: [{ uses: 'actions/checkout@v4' }, { uses: 'actions/setup-node@main' }, { uses: './.github/actions/local' }] },
        preview: { steps: [{ run: 'x', env: { T: '${{ secrets.T }}' } }] },
      },
    };
    expect(workflowProblems('w.yml', bad)).toEqual([
      'w.yml: name: missing (the Actions tab and required checks show it)',
      'w.yml: on: pull_request_target runs fork code with secrets; use pull_request',
      'w.yml: permissions: must be a mapping of scopes (least privilege), not missing, read-all or write-all',
      'w.yml: concurrency: no concurrency group (for the workflow, or for every job)',
      'w.yml: jobs.ci.steps[0].uses: actions/checkout@v4 is not pinned to a release version (vX.Y.Z) or a commit SHA',
      'w.yml: jobs.ci.steps[1].uses: actions/setup-node@main is not pinned to a release version (vX.Y.Z) or a commit SHA',
      'w.yml: jobs.preview: uses secrets, an environment or an OIDC token on pull_request without `if: github.event.pull_request.head.repo.full_name == github.repository` (fork PRs have none)',
    ]);
  });

  it('accepts a concurrency group per job, and rejects a permission value that does not exist', () => {
    const perJob: Workflow = { ...good, concurrency: undefined, jobs: { a: { concurrency: 'a', steps: [] } } };
    expect(workflowProblems('w.yml', perJob)).toEqual([]);
    expect(workflowProblems('w.yml', { ...good, permissions: { contents: 'admin' } })).toEqual(['w.yml: permissions.contents: "admin" is not read, write or none']);
  });

  it('every write a job holds is used by one of its steps (the workflow\'s own permissions count for jobs without)', () => {
    const wf = (permissions: Record<string, string>, jobPermissions: Record<string, string> | undefined, steps: Job['steps']): Workflow => ({
      ...good, on: { push: null }, permissions, jobs: { j: { ...(jobPermissions ? { permissions: jobPermissions } : {}), steps } },
    });
    const comment = [{ run: 'node tools/delivery/bin/delivery.js preview-comment', env: { GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' } }];
    const oidc = [{ uses: 'pulumi/auth-actions@141415910c3beb54e03b48e9057c204c97b956f2' }];
    expect(workflowProblems('w.yml', wf({ contents: 'read' }, { 'pull-requests': 'write' }, comment))).toEqual([]);
    expect(workflowProblems('w.yml', wf({ contents: 'read' }, { 'id-token': 'write' }, oidc))).toEqual([]);
    expect(workflowProblems('w.yml', wf({ issues: 'write' }, undefined, [{ run: 'npm test' }]))).toEqual([
      'w.yml: jobs.j.permissions.issues: write, but no step uses the job token (secrets.GITHUB_TOKEN or github.token): drop it, or grant it to the job that does',
    ]);
    expect(workflowProblems('w.yml', wf({ contents: 'read' }, { 'id-token': 'write', 'pull-requests': 'write' }, [{ run: 'npm test' }]))).toEqual([
      'w.yml: jobs.j.permissions.id-token: write, but no step exchanges the OIDC token (pulumi/auth-actions, aws-actions/configure-aws-credentials, azure/login, google-github-actions/auth): drop it',
      'w.yml: jobs.j.permissions.pull-requests: write, but no step uses the job token (secrets.GITHUB_TOKEN or github.token): drop it, or grant it to the job that does',
    ]);
  });

  it('a pull_request job with an environment or an OIDC token is for the repository\'s own PRs only', () => {
    const job = (over: Partial<Job>): Workflow => ({ ...good, jobs: { p: { steps: [{ run: 'npx nx affected -t preview' }], ...over } } });
    const guard = 'github.event.pull_request.head.repo.full_name == github.repository';
    const unguarded = 'w.yml: jobs.p: uses secrets, an environment or an OIDC token on pull_request without `if: github.event.pull_request.head.repo.full_name == github.repository` (fork PRs have none)';
    expect(workflowProblems('w.yml', job({ environment: 'dev' }))).toEqual([unguarded]);
    expect(workflowProblems('w.yml', job({ permissions: { 'id-token': 'write' }, steps: [{ uses: 'pulumi/auth-actions@v2.1.0' }] }))).toEqual([unguarded]);
    expect(workflowProblems('w.yml', job({ environment: 'dev', if: guard }))).toEqual([]);
    // Workflow-level env reaches every job, the unguarded ones too.
    expect(workflowProblems('w.yml', { ...good, env: { T: '${{ secrets.T }}' } })).toEqual([
      "w.yml: env: reads secrets for every job on pull_request, fork PRs included: move them to the guarded job's steps",
    ]);
    expect(workflowProblems('w.yml', { ...good, on: { push: null }, env: { T: '${{ secrets.T }}' } })).toEqual([]);
  });

  describe('deploy order dev → staging → production', () => {
    const up = (env: string, over: Partial<Job> = {}): Job => ({ steps: [{ run: `npx nx affected -t up --env=${env} --yes` }], ...over });
    const deploy = (jobs: Record<string, Job>): Workflow => ({ ...good, on: { push: { branches: ['main'] } }, jobs });

    it.each<[string, Record<string, Job>, string[]]>([
      ['chained, production in its environment', { d: up('dev'), s: up('staging', { needs: 'd' }), p: up('production', { needs: ['s'], environment: 'production' }) }, []],
      ['production needs dev through staging (transitively)', { d: up('dev'), s: up('staging', { needs: 'd' }), p: up('production', { needs: 's', environment: { name: 'production' } }) }, []],
      ['staging in parallel with dev', { d: up('dev'), s: up('staging'), p: up('production', { needs: 's', environment: 'production' }) },
        ['w.yml: jobs.s: deploys staging without needing the dev deploy (jobs.d): environments go dev → staging → production']],
      ['production straight after dev, no staging in the workflow', { d: up('dev'), p: up('production', { needs: 'd', environment: 'production' }) }, []],
      ['production not behind its environment', { d: up('dev'), p: up('production', { needs: 'd', environment: 'dev' }) },
        ['w.yml: jobs.p.environment: deploys production outside the `production` GitHub environment (its required reviewers approve the deploy)']],
      ['production first', { p: up('production', { environment: 'production' }), d: up('dev', { needs: 'p' }) },
        ['w.yml: jobs.p: deploys production without needing the dev deploy (jobs.d): environments go dev → staging → production']],
      ['nx run <stack>:up counts too', { d: { steps: [{ run: 'npx nx run github:up --env=dev --yes' }] }, p: { steps: [{ run: 'npx nx run github:up --env=production --yes' }] } },
        ['w.yml: jobs.p: deploys production without needing the dev deploy (jobs.d): environments go dev → staging → production',
          'w.yml: jobs.p.environment: deploys production outside the `production` GitHub environment (its required reviewers approve the deploy)']],
    ])('%s', (_label, jobs, expected) => {
      expect(workflowProblems('w.yml', deploy(jobs))).toEqual(expected);
    });

    it('reads the environments of up commands only (preview, refresh and synth deploy nothing)', () => {
      expect(deployEnvironments({ steps: [{ run: 'npx nx affected -t preview --env=production\nnpx nx run-many -t refresh --env=production' }] })).toEqual([]);
      expect(deployEnvironments({ steps: [{ run: 'npx nx run-many -t synth,up --env=staging --yes' }] })).toEqual(['staging']);
    });
  });
});
