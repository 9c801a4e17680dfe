import { planAccess, pulumiTeams, type TeamInput } from './access';
import type { Manifest } from './definitions';

const teams: TeamInput[] = [
  { name: 'platform', description: 'p', maintainers: ['lead'], members: ['sre', 'lead'] },
  { name: 'data', description: 'd', maintainers: ['dl'], members: ['de'] },
  { name: 'ml', description: 'm', maintainers: ['ml'], members: [] },
];
const manifest: Manifest = { services: { snowflake: { team: 'data' }, github: { team: 'platform' }, 'lambda-labs': { team: 'ml' } }, teams };
const grants = (env: 'dev' | 'production') =>
  planAccess(env, manifest, 'esc').environments.map((g) => `${g.environment} ${g.team} ${g.permission}`).sort();

describe('planAccess', () => {
  it('production: secrets opened only by platform and deploy; owning teams read their definition only', () => {
    expect(grants('production')).toEqual([
      'github-production deploy open',
      'github-production platform admin',
      'lambda-labs-production deploy open',
      'lambda-labs-production ml read',
      'lambda-labs-production platform admin',
      'secrets-production deploy write',
      'secrets-production platform admin',
      'secrets-sync-ledger-production deploy write',
      'secrets-sync-ledger-production platform admin',
      'snowflake-production data read',
      'snowflake-production deploy open',
      'snowflake-production platform admin',
    ]);
  });

  it('dev: owning teams open their environment and the secrets environment it imports', () => {
    expect(grants('dev')).toEqual([
      'github-dev deploy open',
      'github-dev platform admin',
      'lambda-labs-dev deploy open',
      'lambda-labs-dev ml open',
      'lambda-labs-dev platform admin',
      'secrets-dev data open',
      'secrets-dev deploy write',
      'secrets-dev ml open',
      'secrets-dev platform admin',
      'secrets-sync-ledger-dev deploy write',
      'secrets-sync-ledger-dev platform admin',
      'snowflake-dev data open',
      'snowflake-dev deploy open',
      'snowflake-dev platform admin',
    ]);
  });

  it('stack permissions follow the Nx team tags: owner edits outside production and reads in production', () => {
    const of = (env: 'dev' | 'production') =>
      planAccess(env, manifest, 'esc').stacks.filter((s) => s.project === 'snowflake').map((s) => `${s.team} ${s.permission}`);
    expect(of('dev')).toEqual(['platform 103', 'deploy 102', 'data 102']);
    expect(of('production')).toEqual(['platform 103', 'deploy 102', 'data 101']);
    expect(planAccess('dev', manifest, 'esc').stacks.filter((s) => s.project === 'esc').map((s) => s.team)).toEqual(['platform', 'deploy']);
  });

  it('refuses a stack whose team is not in the shared spec, naming the package', () => {
    expect(() => planAccess('dev', { services: { portkey: { team: 'ai' } }, teams }, 'esc')).toThrow(
      'stacks/portkey/package.json: team:ai is not a team of stacks/github/src/organisation-spec.ts',
    );
  });
});

describe('pulumiTeams', () => {
  it('are the spec teams (maintainers and members, once each) plus the member-less deploy team', () => {
    expect(pulumiTeams(teams)).toEqual([
      { name: 'platform', description: 'p', members: ['lead', 'sre'] },
      { name: 'data', description: 'd', members: ['de', 'dl'] },
      { name: 'ml', description: 'm', members: ['ml'] },
      { name: 'deploy', description: expect.stringContaining('CI deploy identity'), members: [] },
    ]);
    expect(() => pulumiTeams([...teams, { name: 'deploy', description: '', maintainers: [], members: [] }])).toThrow(/reserved/);
  });
});
