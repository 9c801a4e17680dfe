/** The structure of every workflow (workflow-rules.ts); its commands are checked with the documented ones (docs.test.ts). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { workflowFiles } from './extract';
import { workflowProblems, type Workflow } from './workflow-rules';

const ROOT = path.resolve(__dirname, '../../..');

describe('workflows', () => {
  const files = workflowFiles(ROOT);

  it('are found', () => {
    expect(files).toEqual(expect.arrayContaining(['.github/workflows/deploy.yml', '.github/workflows/drift.yml']));
  });

  it.each(files)('%s keeps the structure (triggers, least privilege, concurrency, pinned actions, no secrets for forks)', (file) => {
    const wf = YAML.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Workflow;
    expect(workflowProblems(file, wf)).toEqual([]);
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
      'w.yml: jobs.preview: uses secrets on pull_request without `if: github.event.pull_request.head.repo.full_name == github.repository` (fork PRs have none)',
    ]);
  });

  it('accepts a concurrency group per job, and rejects a permission value that does not exist', () => {
    const perJob: Workflow = { ...good, concurrency: undefined, jobs: { a: { concurrency: 'a', steps: [] } } };
    expect(workflowProblems('w.yml', perJob)).toEqual([]);
    expect(workflowProblems('w.yml', { ...good, permissions: { contents: 'admin' } })).toEqual(['w.yml: permissions.contents: "admin" is not read, write or none']);
  });
});
