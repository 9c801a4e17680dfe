import { runPolicies, type PlanResource, type SynthPlan } from '@sophia-ai/policy';
import { escRules, T } from './rules';

const env = (name: string): PlanResource => ({ urn: `urn:env:${name}`, type: T.environment, name, dependencies: [], custom: true, inputs: { name } });
const grant = (environment: string, team: string, permission: string): PlanResource => ({
  urn: `urn:grant:${environment}:${team}`, type: T.environmentGrant, name: `${environment}-${team}`, dependencies: [], custom: true,
  inputs: { environment, team, permission },
});
const plan = (resources: PlanResource[]): SynthPlan => ({ stack: 'esc', project: 'esc', env: 'production', resources, outputs: {}, secretOutputNames: [], violations: [] });
const ids = (resources: PlanResource[]) => runPolicies(plan(resources), escRules).map((v) => `${v.ruleId}: ${v.message}`);

const owned = [env('secrets-production'), grant('secrets-production', 'platform', 'admin'), env('snowflake-production'), grant('snowflake-production', 'platform', 'admin')];

describe('esc policy rules', () => {
  it('pass the production plan the stack makes: platform and deploy open, the owning team reads its definition', () => {
    expect(ids([...owned, grant('secrets-production', 'deploy', 'write'), grant('snowflake-production', 'deploy', 'open'), grant('snowflake-production', 'data', 'read')])).toEqual([]);
  });

  it('refuse another team opening a production environment, or reading production secrets', () => {
    expect(ids([...owned, grant('snowflake-production', 'data', 'open'), grant('secrets-production', 'ml', 'read')])).toEqual([
      'esc-production-restricted: team data gets open on snowflake-production',
      'esc-production-restricted: team ml gets read on secrets-production',
    ]);
    // Outside production the owning team may open.
    expect(ids([env('snowflake-dev'), grant('snowflake-dev', 'platform', 'admin'), grant('snowflake-dev', 'data', 'open')])).toEqual([]);
  });

  it('refuse an environment without an owner team', () => {
    expect(ids([env('github-dev'), grant('github-dev', 'deploy', 'open')])).toEqual(['esc-environment-owner: environment github-dev has no team with admin on it']);
  });

  it('refuse a production drift schedule that remediates automatically (allowed elsewhere)', () => {
    const drift = (stack: string, autoRemediate: boolean): PlanResource => ({
      urn: `urn:drift:${stack}`, type: T.driftSchedule, name: `drift-${stack}`, dependencies: [], custom: true,
      inputs: { project: 'snowflake', stack, scheduleCron: '0 */6 * * *', autoRemediate },
    });
    expect(ids([...owned, drift('production', true)])).toEqual([
      'esc-drift-no-auto-remediation-in-production: drift schedule of snowflake/production remediates automatically',
    ]);
    expect(ids([...owned, drift('production', false), drift('staging', true)])).toEqual([]);
  });
});
