import { z } from 'zod';
import { defineNamespace, type Namespace } from '@sophia-ai/config';
import { githubSecretNameProblem, type ManifestSpec, resolveManifest, SYNC_MANIFEST, workspaceNamespaces } from './manifest';

const ns = defineNamespace('svc', {
  apiKey: { schema: z.string(), secret: true, owner: 'secrets-sync', githubSecret: 'SVC_API_KEY', description: 'x' },
  url: { schema: z.string(), owner: 'esc-stack', description: 'x' },
});
const github = { owner: 'sophia-ai', repository: 'infra' };
const resolve = (spec: ManifestSpec, namespaces: Namespace[] = [ns], env = 'dev') => () => resolveManifest(spec, namespaces, env, 'sophia-ai');

describe('the workspace manifest', () => {
  it('covers every secrets-sync key of every namespace, once, and resolves in every environment', () => {
    const namespaces = workspaceNamespaces();
    const owned = namespaces.flatMap((n) => Object.entries(n.keys).filter(([, k]) => k.owner === 'secrets-sync').map(([k]) => `${n.name}:${k}`));
    expect(Object.keys(SYNC_MANIFEST.keys).sort()).toEqual(owned.sort());
    for (const env of ['local', 'dev', 'staging', 'production']) {
      const targets = resolveManifest(SYNC_MANIFEST, namespaces, env, 'sophia-ai');
      expect(new Set(targets.map((t) => t.id)).size).toBe(targets.length);
      // The ESC location is escKeyLocation's: secrets-<env>, values.<service>.<key>.
      expect(targets.find((t) => t.key === 'lambda-labs:apiKey')!.esc).toEqual({ env: { org: 'sophia-ai', project: 'sophia-ai', name: `secrets-${env}` }, path: ['values', 'lambda-labs', 'apiKey'] });
    }
    // The organisation scope of portkey:apiKey applies in production only.
    expect(resolveManifest(SYNC_MANIFEST, namespaces, 'production').filter((t) => t.key === 'portkey:apiKey').map((t) => t.id)).toEqual([
      'portkey:apiKey@env:sophia-ai/sophia-ai-infrastructure/production',
      'portkey:apiKey@org:sophia-ai',
    ]);
  });
});

describe('resolveManifest rejects, naming the key and the fix', () => {
  it.each<[string, ManifestSpec, RegExp]>([
    ['a secrets-sync key without entry', { github, keys: {} }, /svc:apiKey is owned by secrets-sync .* no manifest entry/],
    ['an entry for a key no namespace declares', { github, keys: { 'svc:apiKey': { direction: 'esc→github', scopes: [{ kind: 'environment' }] }, 'svc:nope': { direction: 'esc→github', scopes: [{ kind: 'environment' }] } } }, /svc:nope: no such key in stacks\/svc\/config\/index.ts/],
    ['an entry for a key another owner writes', { github, keys: { 'svc:apiKey': { direction: 'esc→github', scopes: [{ kind: 'environment' }] }, 'svc:url': { direction: 'esc→github', scopes: [{ kind: 'environment' }] } } }, /svc:url: its namespace says owner 'esc-stack'/],
    ['github→esc with two scopes', { github, keys: { 'svc:apiKey': { direction: 'github→esc', scopes: [{ kind: 'environment' }, { kind: 'repository' }] } } }, /exactly one GitHub scope/],
    ['selected visibility without repositories', { github, keys: { 'svc:apiKey': { direction: 'esc→github', scopes: [{ kind: 'organization', visibility: 'selected' }] } } }, /must list repositories/],
    ['an unknown scope field', { github, keys: { 'svc:apiKey': { direction: 'esc→github', scopes: [{ kind: 'environment', repo: 'x' } as never] } } }, /keys.svc:apiKey.scopes.0/],
  ])('%s', (_name, spec, message) => {
    expect(resolve(spec)).toThrow(message);
  });

  it('a GitHub secret name against GitHub’s rules', () => {
    const bad = defineNamespace('svc', { apiKey: { schema: z.string(), owner: 'secrets-sync', githubSecret: 'GITHUB_TOKEN', description: 'x' } });
    expect(resolve({ github, keys: { 'svc:apiKey': { direction: 'esc→github', scopes: [{ kind: 'environment' }] } } }, [bad])).toThrow(/GITHUB_TOKEN must not start with GITHUB_/);
    expect(githubSecretNameProblem('1ABC')).toMatch(/digit/);
    expect(githubSecretNameProblem('A-B')).toMatch(/letters, digits and _/);
    expect(githubSecretNameProblem('SOPHIA_GITHUB_ADMIN_TOKEN')).toBeUndefined();
  });

  it('two keys claiming one GitHub secret name in a scope, and more secrets than a scope holds', () => {
    const keys = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, { schema: z.string(), owner: 'secrets-sync' as const, githubSecret: i < 2 ? 'SAME' : `S_${i}`, description: 'x' }]));
    const many = defineNamespace('svc', keys);
    const spec: ManifestSpec = { github, keys: Object.fromEntries(Object.keys(keys).map((k) => [`svc:${k}`, { direction: 'esc→github' as const, scopes: [{ kind: 'environment' as const }] }])) };
    expect(resolve(spec, [many])).toThrow(/101 secrets, GitHub allows 100 in a environment[\s\S]*SAME is claimed by both svc:k0 and svc:k1/);
  });
});
