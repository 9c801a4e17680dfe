import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEPLOY_TEAM, PLATFORM_TEAM, planAccess, pulumiTeams, type TeamInput } from './access';
import { readManifest } from './files';
import { SELF, WORKSPACE_ROOT } from './services';
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

describe('the grants of this workspace come from the Nx team: tags', () => {
  // Read apart from discoverServices (the generator's path), straight from each stack's package.json.
  const tagged = readdirSync(path.join(WORKSPACE_ROOT, 'stacks'))
    .filter((dir) => dir !== SELF && existsSync(path.join(WORKSPACE_ROOT, 'stacks', dir, 'config', 'index.ts')))
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(path.join(WORKSPACE_ROOT, 'stacks', dir, 'package.json'), 'utf8')) as { nx: { tags: string[] } };
      return { service: dir, team: pkg.nx.tags.find((t) => t.startsWith('team:'))!.slice('team:'.length) };
    });

  it.each(['dev', 'production'] as const)("%s: each stack's tagged team, and only it besides platform and deploy, holds its environment and stack", (env) => {
    // The program plans from the committed manifest (regenerated from the tags by `npx nx run esc:environments`).
    const plan = planAccess(env, readManifest(), SELF);
    expect(tagged.length).toBeGreaterThanOrEqual(5);
    for (const { service, team } of tagged) {
      const holders = (grants: Array<{ team: string }>) => [...new Set(grants.map((g) => g.team).filter((t) => t !== PLATFORM_TEAM && t !== DEPLOY_TEAM))];
      expect({ service, environment: holders(plan.environments.filter((g) => g.environment === `${service}-${env}`)) }).toEqual({
        service,
        environment: team === PLATFORM_TEAM ? [] : [team],
      });
      expect({ service, stack: holders(plan.stacks.filter((g) => g.project === service)) }).toEqual({ service, stack: team === PLATFORM_TEAM ? [] : [team] });
    }
  });
});
