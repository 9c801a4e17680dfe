import { validateConfig } from '@sophia-ai/config';
import { escEnvironmentFor } from '@sophia-ai/config';
import { githubConfig } from '.';

const TOKEN = 'ghp_Q8vLr2Xk9TzW4mNb7YcH3pDs6FjA1uGe5KoR';

describe('github namespace', () => {
  const run = (values: Record<string, string>, env = 'dev') => validateConfig(githubConfig, (k) => values[k], env);

  it('accepts an organisation login and a token of a GitHub format', () => {
    const result = run({ 'github:owner': 'sophia-ai', 'github:token': TOKEN });
    expect(result).toEqual({ ok: true, values: { owner: 'sophia-ai', token: TOKEN, webhookUrls: {} } });
    for (const token of ['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5iJ7k', 'ghs_Hk4Lm9Qz2Wx7Rt5Yp8Nb3Vc6Jd1Fg0SaEuTi', '3f9a0c7e12b45d68e9f0a1b2c3d4e5f6a7b8c9d0']) {
      expect(run({ 'github:owner': 'sophia-ai', 'github:token': token }).ok).toBe(true);
    }
  });

  it('takes webhook URLs by "<repository>/<webhook>", hostnames only', () => {
    const urls = (v: Record<string, string>) => run({ 'github:owner': 'sophia-ai', 'github:token': TOKEN, 'github:webhookUrls': JSON.stringify(v) });
    expect(urls({ 'ml/events': 'https://hooks.sophia.dev/gh' })).toMatchObject({ ok: true, values: { webhookUrls: { 'ml/events': 'https://hooks.sophia.dev/gh' } } });
    expect(urls({ 'ml/events': 'https://198.51.100.7/hooks/github' }).ok).toBe(false);
    expect(urls({ 'no-slash': 'https://hooks.sophia.dev/gh' }).ok).toBe(false);
  });

  it('rejects a bad login and a malformed or placeholder token without echoing it', () => {
    const bad = run({ 'github:owner': '-sophia', 'github:token': 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => [p.key, p.kind])).toEqual([
      ['owner', 'invalid'],
      ['token', 'invalid'],
    ]);
    expect(JSON.stringify(bad.problems)).not.toContain('Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5');
    const placeholder = run({ 'github:owner': 'sophia-ai', 'github:token': 'your-github-token-here' });
    expect(placeholder.ok).toBe(false);
    if (!placeholder.ok) expect(placeholder.problems[0]).toMatchObject({ key: 'token', kind: 'placeholder' });
  });

  it('says where each key belongs: the token in the secrets environment, from its GitHub secret', () => {
    expect(escEnvironmentFor(githubConfig, 'token', 'production')).toBe('sophia-ai/secrets-production');
    expect(escEnvironmentFor(githubConfig, 'owner', 'production')).toBe('sophia-ai/github-production');
    const missing = run({}, 'staging');
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.problems.find((p) => p.key === 'token')?.belongsIn).toMatch(/SOPHIA_GITHUB_ADMIN_TOKEN/);
    }
  });
});
