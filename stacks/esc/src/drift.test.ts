import { validateConfig } from '@sophia-ai/config';
import { driftSchema, escConfig } from '@sophia-ai/esc-config';
import { planDrift } from './drift';

describe('driftSchema', () => {
  it('fills the defaults', () => {
    expect(driftSchema.parse({ repository: 'sophia-ai/infrastructure' })).toEqual({
      repository: 'sophia-ai/infrastructure',
      branch: 'main',
      cron: '0 */6 * * *',
      autoRemediate: false,
    });
  });

  it.each([
    [{ repository: 'not a repo' }, 'repository'],
    [{ repository: 'a/b', cron: '0 */6 * *' }, 'cron'],
    [{ repository: 'a/b', cron: 'every hour' }, 'cron'],
    [{ repository: 'a/b', cron: '0 */6 * * * *' }, 'cron'],
    [{ repository: 'a/b', schedule: '0 * * * *' }, ''],
  ])('rejects %j, naming %s', (input, key) => {
    const result = driftSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (key) expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(key);
  });

  it.each(['0 */6 * * *', '15 2 * * 1-5', '0,30 8-18 * * *'])('accepts %s', (cron) => {
    expect(driftSchema.safeParse({ repository: 'a/b', cron }).success).toBe(true);
  });
});

describe('planDrift', () => {
  it('is nothing when drift is not configured (an organisation without Pulumi Deployments)', () => {
    expect(planDrift(undefined, ['lambda-labs'], 'dev')).toEqual([]);
  });

  it('gives every managed stack of the environment its settings and schedule, sorted', () => {
    const drift = driftSchema.parse({ repository: 'sophia-ai/infrastructure', cron: '30 1 * * *' });
    expect(planDrift(drift, ['snowflake', 'lambda-labs'], 'staging')).toEqual([
      { project: 'lambda-labs', stack: 'staging', repoUrl: 'https://github.com/sophia-ai/infrastructure.git', branch: 'refs/heads/main', repoDir: 'stacks/lambda-labs', cron: '30 1 * * *', autoRemediate: false },
      { project: 'snowflake', stack: 'staging', repoUrl: 'https://github.com/sophia-ai/infrastructure.git', branch: 'refs/heads/main', repoDir: 'stacks/snowflake', cron: '30 1 * * *', autoRemediate: false },
    ]);
  });
});

describe('esc:drift in the stack config', () => {
  it("a bad value is named with the key and the stack's own Pulumi.<env>.yaml (esc reads no ESC), never echoed", () => {
    const bad = JSON.stringify({ repository: 'sophia-ai/infrastructure', cron: 'canary-hourly-Zq8rT4' });
    const result = validateConfig(escConfig, (k) => (k === 'esc:drift' ? bad : undefined), 'staging');
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => [p.configKey, p.belongsIn])).toEqual([['esc:drift', 'stacks/esc/Pulumi.staging.yaml (config: esc:drift)']]);
    expect(problems[0]!.message).toMatch(/cron: must be a five-field cron expression/);
    expect(JSON.stringify(problems)).not.toContain('canary-hourly');
  });
});
