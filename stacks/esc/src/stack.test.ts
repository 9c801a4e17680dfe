/** The stack program under the Pulumi SDK's mocks (libs/pulumi-testing): environments, ownership, teams, access. */
import YAML from 'yaml';
import { startMockRuntime, type RecordedResource } from '@sophia-ai/pulumi-testing';
import { committedDefinitions, readManifest } from './files';
import { discoverTeams } from './services';

// The GitHub organisation spec's teams, read the way the generator reads them (an import would add a graph edge).
const organisation = { teams: discoverTeams() };
import { LEDGER_SEED, SECRETS_SEED } from './components/platform';

const T = {
  environment: 'pulumiservice:index:Environment',
  team: 'pulumiservice:index:Team',
  stack: 'pulumiservice:index:Stack',
  envAccess: 'pulumiservice:index:TeamEnvironmentPermission',
  tag: 'pulumiservice:index:EnvironmentVersionTag',
  stackAccess: 'pulumiservice:index:TeamStackPermission',
  deploymentSettings: 'pulumiservice:index:DeploymentSettings',
  drift: 'pulumiservice:index:DriftSchedule',
};
// Loading the program compiles the stack with ts-jest: allow for a busy machine (no timing is asserted).
jest.setTimeout(60_000);

async function run(stack: string, config: Record<string, string> = {}) {
  const runtime = await startMockRuntime({ project: 'esc', stack, organization: 'acme', config });
  const outputs = await runtime.runStack(() => {
    let program: unknown;
    jest.isolateModules(() => {
      program = require('../index');
    });
    return program;
  });
  const of = (type: string) => runtime.resources.filter((r) => r.type === type);
  return { runtime, outputs, of };
}

/** The body an Environment resource is given (a StringAsset, decoded by the SDK with its text as a promise). */
const bodyOf = (r: RecordedResource) => Promise.resolve((r.inputs.yaml as { text: string | Promise<string> }).text);

describe('esc staging (manageTeams off)', () => {
  let stack: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    stack = await run('staging');
  });

  it('creates every committed <service>-staging definition with its file as the body, owned (no ignoreChanges)', async () => {
    const expected = committedDefinitions('staging', readManifest());
    const envs = stack.of(T.environment).filter((r) => !['secrets-staging', 'secrets-sync-ledger-staging'].includes(r.inputs.name as string));
    expect(envs.map((r) => r.inputs.name).sort()).toEqual([...expected.keys()].sort());
    for (const r of envs) {
      expect(r.inputs).toMatchObject({ organization: 'acme', project: 'sophia-ai' });
      expect(await bodyOf(r)).toBe(expected.get(r.inputs.name as string));
      // lambda-labs-staging also receives the SSH keys `sophia-ssh-keys push` writes into it: created only.
      expect(r.ignoreChanges).toEqual(r.inputs.name === 'lambda-labs-staging' ? ['yaml'] : undefined);
      expect(r.retainOnDelete).toBeUndefined();
    }
  });

  it('creates secrets-staging if missing with an empty seed, then never rewrites it and keeps it on destroy', async () => {
    const [secrets, ...more] = stack.of(T.environment).filter((r) => r.inputs.name === 'secrets-staging');
    expect(more).toEqual([]);
    expect(await bodyOf(secrets!)).toBe(SECRETS_SEED);
    expect(YAML.parse(SECRETS_SEED)).toEqual({ values: {} });
    expect(secrets!.ignoreChanges).toEqual(['yaml']);
    expect(secrets!.retainOnDelete).toBe(true);
    expect(secrets!.importId).toBeUndefined();
  });

  it("creates the sync's ledger environment if missing, empty, then leaves it to the sync (kept on destroy)", async () => {
    const [ledger, ...more] = stack.of(T.environment).filter((r) => r.inputs.name === 'secrets-sync-ledger-staging');
    expect(more).toEqual([]);
    expect(await bodyOf(ledger!)).toBe(LEDGER_SEED);
    expect(ledger!.ignoreChanges).toEqual(['yaml']);
    expect(ledger!.retainOnDelete).toBe(true);
    // Written only by the deploy identity (the sync in CI), administered by platform; nobody else is granted.
    const grants = stack.of(T.envAccess).filter((g) => g.inputs.environment === 'secrets-sync-ledger-staging').map((g) => `${g.inputs.team} ${g.inputs.permission}`);
    expect(grants.sort()).toEqual(['deploy write', 'platform admin']);
  });

  it('tags the revision it wrote as stable on each environment it owns (not the secrets or create-only ones)', () => {
    const tags = stack.of(T.tag);
    const owned = stack.of(T.environment).filter((r) => !r.ignoreChanges);
    expect(tags.map((t) => t.inputs.environment).sort()).toEqual(owned.map((r) => r.inputs.name).sort());
    for (const t of tags) {
      const env = owned.find((r) => r.inputs.name === t.inputs.environment)!;
      expect(t.inputs).toMatchObject({ organization: 'acme', project: 'sophia-ai', tagName: 'stable' });
      expect(t.dependencies).toContain(env.urn);
    }
    expect(tags.map((t) => t.inputs.environment)).not.toContain('secrets-staging');
    expect(tags.map((t) => t.inputs.environment)).not.toContain('lambda-labs-staging');
  });

  it('creates no teams (the dev stack owns them) but grants only to teams of the shared spec or deploy', () => {
    expect(stack.of(T.team)).toEqual([]);
    const teams = new Set([...organisation.teams.map((t) => t.name), 'deploy']);
    for (const g of [...stack.of(T.envAccess), ...stack.of(T.stackAccess)]) expect(teams).toContain(g.inputs.team);
  });

  it('makes sure every stack exists (kept on destroy) and grants on each after it', () => {
    const stacks = stack.of(T.stack);
    // Every other stack; this one exists already (it is the one running), so it only gets grants.
    expect(stacks.map((s) => s.inputs.projectName).sort()).toEqual(Object.keys(readManifest().services).sort());
    expect(stack.of(T.stackAccess).filter((g) => g.inputs.project === 'esc').map((g) => g.inputs.team)).toEqual(['platform', 'deploy']);
    for (const s of stacks) expect(s).toMatchObject({ retainOnDelete: true, inputs: { organizationName: 'acme', stackName: 'staging' } });
    for (const g of stack.of(T.stackAccess)) {
      const target = stacks.find((s) => s.inputs.projectName === g.inputs.project);
      if (g.inputs.project !== 'esc') expect(g.dependencies).toContain(target!.urn);
    }
  });

  it('refuses a definition holding a plaintext secret before creating anything, without echoing it', async () => {
    const { EscPlatform } = await import('./components/platform');
    const canary = 'ghp_' + 'Q7vT2mXc9LpR4wZs'.repeat(3);
    const before = stack.runtime.resources.length;
    const create = () =>
      new EscPlatform('bad', {
        organization: 'acme',
        env: 'staging',
        definitions: new Map([['x-staging', `values:\n  pulumiConfig:\n    x:token: ${canary}\n`]]),
        createOnly: new Set(),
        access: { teams: [], environments: [], stacks: [] },
        manageTeams: false,
        adopt: new Set(),
      });
    expect(create).toThrow(/Refusing to write a plaintext secret to ESC:\n {2}- x-staging\.yaml: values\.pulumiConfig\["x:token"\] holds a GitHub token/);
    expect(() => create()).not.toThrow(new RegExp(canary));
    await stack.runtime.settle();
    expect(stack.runtime.resources.slice(before).filter((r) => r.type === T.environment)).toEqual([]);
  });

  it('creates no deployment settings or drift schedule unless esc:drift is set', () => {
    expect(stack.of(T.deploymentSettings)).toEqual([]);
    expect(stack.of(T.drift)).toEqual([]);
  });

  it('declares the contract outputs: the environments and the teams', () => {
    const names = stack.of(T.environment).map((r) => `sophia-ai/${r.inputs.name}`).sort();
    expect(stack.outputs.environments).toEqual({ value: names, isSecret: false, isKnown: true });
    expect(stack.outputs.teams!.value).toEqual([...organisation.teams.map((t) => t.name), 'deploy']);
  });
});

describe('esc dev (manageTeams on, adopting an existing secrets environment)', () => {
  let stack: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    stack = await run('dev', { 'esc:manageTeams': 'true', 'esc:adoptExisting': '["secrets-dev","snowflake"]' });
  });

  it('creates the Pulumi teams from the GitHub organisation spec (same names and members) plus deploy', () => {
    const teams = stack.of(T.team);
    expect(teams.map((t) => t.inputs.name).sort()).toEqual([...organisation.teams.map((t) => t.name), 'deploy'].sort());
    for (const spec of organisation.teams) {
      const team = teams.find((t) => t.inputs.name === spec.name)!;
      expect(team.inputs).toMatchObject({ teamType: 'pulumi', organizationName: 'acme', description: spec.description });
      expect(team.inputs.members).toEqual([...new Set([...spec.maintainers, ...spec.members])].sort());
    }
    for (const g of stack.of(T.envAccess)) {
      const team = teams.find((t) => t.inputs.name === g.inputs.team)!;
      expect(g.dependencies).toContain(team.urn);
    }
  });

  it('adopts what already exists instead of creating it (Pulumi import by <org>/<project>/<name>)', () => {
    const secrets = stack.of(T.environment).find((r) => r.inputs.name === 'secrets-dev')!;
    expect(secrets.importId).toBe('acme/sophia-ai/secrets-dev');
    expect(stack.of(T.stack).find((s) => s.inputs.projectName === 'snowflake')!.importId).toBe('acme/snowflake/dev');
    expect(stack.of(T.stack).find((s) => s.inputs.projectName === 'github')!.importId).toBeUndefined();
  });
});

describe('esc production with esc:drift', () => {
  let stack: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    stack = await run('production', { 'esc:drift': JSON.stringify({ repository: 'sophia-ai/infrastructure', cron: '0 */4 * * *' }) });
  });

  it('gives every other stack deployment settings pointing at its folder, then a drift schedule after them', () => {
    const stacks = stack.of(T.stack);
    const settings = stack.of(T.deploymentSettings);
    const drift = stack.of(T.drift);
    expect(settings.map((s) => s.inputs.project).sort()).toEqual(stacks.map((s) => s.inputs.projectName).sort());
    for (const s of settings) {
      const project = s.inputs.project as string;
      expect(s.inputs).toMatchObject({
        organization: 'acme',
        stack: 'production',
        sourceContext: { git: { repoUrl: 'https://github.com/sophia-ai/infrastructure.git', branch: 'refs/heads/main', repoDir: `stacks/${project}` } },
      });
      expect(s.dependencies).toContain(stacks.find((x) => x.inputs.projectName === project)!.urn);
      const schedule = drift.find((d) => d.inputs.project === project)!;
      expect(schedule.inputs).toMatchObject({ organization: 'acme', stack: 'production', scheduleCron: '0 */4 * * *', autoRemediate: false });
      expect(schedule.dependencies).toContain(s.urn);
    }
    expect(drift).toHaveLength(settings.length);
  });
});
