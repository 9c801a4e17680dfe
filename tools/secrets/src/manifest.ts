/*
 * The sync manifest: which secrets the sync moves, where, and which side owns each. The keys themselves (their
 * ESC location, secretness and GitHub secret name) come from the stacks' config namespaces (`owner:
 * 'secrets-sync'`, `githubSecret`); this file only adds what a namespace does not say: the GitHub scopes and the
 * owning direction. Secrets a stack creates come from its contract instead (`outputs`, ./stack-sources): the
 * stack owns them and the sync carries them to GitHub only. Checked with zod against GitHub's rules before
 * anything is read or written.
 */
import { z } from 'zod';
import { escKeyLocation, type Namespace } from '@sophia-ai/config';
import * as path from 'node:path';
import type { EscEnvRef } from '@sophia-ai/esc-store';

/** Directions a namespace key can have; a contract-sourced secret is always `stack→github` (the stack made it). */
export const DIRECTIONS = ['esc→github', 'github→esc'] as const;
export type Direction = (typeof DIRECTIONS)[number] | 'stack→github';

/** GitHub's per-scope secret counts (docs "Limits for secrets") and value size. */
export const GITHUB_LIMITS = { organization: 1000, repository: 100, environment: 100, valueBytes: 48 * 1024 } as const;

/** GitHub secret names: A–Z, 0–9, `_`; no leading digit; no `GITHUB_` prefix (stored upper-cased). */
export function githubSecretNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9_]+$/.test(name)) return 'may contain only letters, digits and _';
  if (/^[0-9]/.test(name)) return 'must not start with a digit';
  if (/^GITHUB_/i.test(name)) return 'must not start with GITHUB_ (reserved by GitHub)';
  return undefined;
}

const repoName = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be a repository name (letters, digits, ., _, -)');
const envFilter = z.array(z.string().min(1)).min(1).optional();

/** One GitHub place a secret lives in. `envs` limits a repository/organisation scope to some sync environments. */
const scopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('organization'),
    visibility: z.enum(['all', 'private', 'selected']),
    /** Repository names (of the owner) that see the secret; required for `selected`. */
    repositories: z.array(repoName).optional(),
    envs: envFilter,
  }),
  z.strictObject({ kind: z.literal('repository'), repository: repoName.optional(), envs: envFilter }),
  /** The repository environment named like the sync environment (`dev`, `staging`, `production`, `local`). */
  z.strictObject({ kind: z.literal('environment'), repository: repoName.optional() }),
]);
export type ScopeSpec = z.infer<typeof scopeSchema>;

/** A contract-sourced secret's rotation policy (libs/config RotationPolicy: a stack makes these, so `platform`). */
const rotationSchema = z.strictObject({
  maxAgeDays: z.number().int().min(1),
  rotatedBy: z.literal('platform'),
  command: z.string().min(1).optional(),
  runsOn: z.enum(['ci', 'operator']).optional(),
  procedure: z.string().min(1).optional(),
  generation: z
    .strictObject({
      stack: z.string().regex(/^[a-z0-9-]+$/),
      configKey: z.string().regex(/^[A-Za-z0-9_]+$/),
      entry: z.string().min(1).optional(),
      retireAfterDays: z.number().int().min(1).optional(),
    })
    .optional(),
});

const entrySchema = z.strictObject({ direction: z.enum(DIRECTIONS), scopes: z.array(scopeSchema).min(1) });
export type EntrySpec = z.infer<typeof entrySchema>;

const manifestSchema = z.strictObject({
  github: z.strictObject({ owner: z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a GitHub login'), repository: repoName }),
  /** `<service>:<key>` of a namespace key owned by `secrets-sync` → how it is synced. */
  keys: z.record(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9_]+$/, 'must be <service>:<key>'), entrySchema),
  /**
   * `<project>:<output>` of a secret output in stacks/<project>/contract → its GitHub secret name (with `{KEY}`
   * for a map output: one secret per entry) and scopes. Always stack→github.
   */
  outputs: z
    .record(
      z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9_]+$/, 'must be <project>:<output>'),
      z.strictObject({ name: z.string().min(1), scopes: z.array(scopeSchema).min(1), rotation: rotationSchema.optional() }),
    )
    .optional(),
});
export type ManifestSpec = z.infer<typeof manifestSchema>;

/** The command that rotates a `generation` key (what status shows for it). */
export const ROTATE_COMMAND = 'node tools/secrets/bin/sophia-secrets.js rotate --overdue --apply --env <env>';

/**
 * The manifest of this workspace. Most secrets are born in GitHub (an operator sets them there) and flow into
 * ESC, where the stacks read them; the Portkey keys are kept in ESC and published to the repositories that call
 * the gateway.
 */
export const SYNC_MANIFEST: ManifestSpec = {
  github: { owner: 'sophia-ai', repository: 'sophia-ai-infrastructure' },
  keys: {
    'estuary:refreshToken': { direction: 'github→esc', scopes: [{ kind: 'environment' }] },
    'estuary:endpointSecrets': { direction: 'github→esc', scopes: [{ kind: 'environment' }] },
    'github:token': { direction: 'github→esc', scopes: [{ kind: 'environment' }] },
    'github:slackWebhookUrl': { direction: 'github→esc', scopes: [{ kind: 'environment' }] },
    'lambda-labs:apiKey': { direction: 'github→esc', scopes: [{ kind: 'environment' }] },
    'portkey:apiKey': {
      direction: 'esc→github',
      scopes: [{ kind: 'environment' }, { kind: 'organization', visibility: 'selected', repositories: ['sophia-ml-models'], envs: ['production'] }],
    },
    'portkey:integrationKeys': { direction: 'esc→github', scopes: [{ kind: 'environment' }] },
    'snowflake:adminPrivateKey': { direction: 'github→esc', scopes: [{ kind: 'environment' }] },
    'snowflake:adminPrivateKeyPassphrase': { direction: 'github→esc', scopes: [{ kind: 'environment' }] },
  },
  outputs: {
    // One workspace API key per service calling the gateway (stacks/portkey spec key → PORTKEY_<KEY>_API_KEY).
    // Rotation of contract-sourced secrets lives here, next to the rest of what the sync knows about them: the
    // contract is the cross-stack interface (shape, secretness) read by StackReferences too, and age is a sync
    // matter (GitHub updated_at of the published secret). Both are rotated by `rotate` itself (`generation`: the
    // record in ESC, then the stack's up, then the sync).
    'portkey:service_keys': {
      name: 'PORTKEY_{KEY}_API_KEY',
      scopes: [{ kind: 'environment' }],
      rotation: {
        maxAgeDays: 90,
        rotatedBy: 'platform',
        command: ROTATE_COMMAND,
        // Portkey's rotate API keeps the old key valid for the service key's transitionMinutes: no phase two.
        generation: { stack: 'portkey', configKey: 'serviceKeyRotation' },
      },
    },
    'snowflake:private_key': {
      name: 'SNOWFLAKE_LOADER_PRIVATE_KEY',
      scopes: [{ kind: 'environment' }],
      rotation: {
        maxAgeDays: 180,
        rotatedBy: 'platform',
        command: ROTATE_COMMAND,
        // The new key goes into the free RSA_PUBLIC_KEY(_2) slot; the old one stays 7 days for Estuary to move.
        generation: { stack: 'snowflake', configKey: 'keyRotation', entry: 'ESTUARY_LOADER', retireAfterDays: 7 },
      },
    },
  },
};

/** A GitHub secrets scope, resolved for one sync environment. */
export type GithubScope =
  | { kind: 'organization'; owner: string; visibility: 'all' | 'private' | 'selected'; repositories: string[] }
  | { kind: 'repository'; owner: string; repository: string }
  | { kind: 'environment'; owner: string; repository: string; environment: string };

/** `org:<owner>`, `repo:<owner>/<repo>`, `env:<owner>/<repo>/<environment>`: the scope's name in plans and the ledger. */
export function scopeId(s: GithubScope): string {
  if (s.kind === 'organization') return `org:${s.owner}`;
  if (s.kind === 'repository') return `repo:${s.owner}/${s.repository}`;
  return `env:${s.owner}/${s.repository}/${s.environment}`;
}

/** One secret in one GitHub scope for one sync environment: the unit the plan and the ledger work on. */
export interface SyncTarget {
  /** `<service>:<key>@<scope id>` */
  id: string;
  /** `<service>:<key>`, or `<project>:<output>[<entry>]` for a contract-sourced secret */
  key: string;
  optional: boolean;
  githubSecret: string;
  direction: Direction;
  scope: GithubScope;
  /** Where a namespace key lives in ESC. */
  esc?: { env: EscEnvRef; path: string[] };
  /** The stack output (and map entry) a contract-sourced secret comes from; never written. */
  stack?: { project: string; output: string; entry?: string };
}

export class ManifestError extends Error {
  constructor(problems: string[]) {
    super(`The secrets sync manifest (tools/secrets/src/manifest.ts) is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ManifestError';
  }
}

/**
 * Checks the manifest against the namespaces and GitHub's rules and resolves it for `env`: every `secrets-sync`
 * key has exactly one entry and a valid `githubSecret`; `github→esc` keys have one scope (one GitHub place owns
 * the value); `selected` organisation scopes name their repositories; no scope holds more secrets than GitHub
 * allows; no GitHub secret name is claimed twice in one scope. Errors name the key and the fix.
 */
export function resolveManifest(spec: ManifestSpec, namespaces: Namespace[], env: string, org?: string): SyncTarget[] {
  const parsed = manifestSchema.safeParse(spec);
  if (!parsed.success) throw new ManifestError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const m = parsed.data;
  const problems: string[] = [];
  const byName = new Map(namespaces.map((ns) => [ns.name, ns]));
  const owned = namespaces.flatMap((ns) => Object.entries(ns.keys).filter(([, k]) => k.owner === 'secrets-sync').map(([k]) => `${ns.name}:${k}`));
  for (const key of owned) if (!m.keys[key]) problems.push(`${key} is owned by secrets-sync in its namespace but has no manifest entry (add its direction and scopes)`);

  const targets: SyncTarget[] = [];
  for (const [key, entry] of Object.entries(m.keys)) {
    const [service, name] = key.split(':') as [string, string];
    const ns = byName.get(service);
    const spec = ns?.keys[name];
    if (!ns || !spec) {
      problems.push(`${key}: no such key in stacks/${service}/config/index.ts`);
      continue;
    }
    if (spec.owner !== 'secrets-sync') {
      problems.push(`${key}: its namespace says owner '${spec.owner}'; only secrets-sync keys are synced`);
      continue;
    }
    const githubSecret = spec.githubSecret;
    const nameProblem = githubSecret ? githubSecretNameProblem(githubSecret) : 'is missing (set githubSecret in the namespace)';
    if (nameProblem) {
      problems.push(`${key}: GitHub secret name ${githubSecret ?? ''} ${nameProblem}`.replace('  ', ' '));
      continue;
    }
    if (entry.direction === 'github→esc' && entry.scopes.length !== 1) {
      problems.push(`${key}: a github→esc secret must have exactly one GitHub scope (the place that owns its value)`);
    }
    const loc = escKeyLocation(ns, name, env, org);
    for (const s of entry.scopes) {
      if (s.kind !== 'environment' && s.envs && !s.envs.includes(env)) continue;
      const scope = resolveScope(s, m.github, env);
      if (scope.kind === 'organization' && scope.visibility === 'selected' && scope.repositories.length === 0) {
        problems.push(`${key}: organisation scope with visibility 'selected' must list repositories`);
      }
      targets.push({
        id: `${key}@${scopeId(scope)}`,
        key,
        optional: spec.optional === true,
        githubSecret: githubSecret!.toUpperCase(),
        direction: entry.direction,
        scope,
        esc: { env: loc.env, path: loc.path },
      });
    }
  }
  const perScope = new Map<string, SyncTarget[]>();
  for (const t of targets) perScope.set(scopeId(t.scope), [...(perScope.get(scopeId(t.scope)) ?? []), t]);
  for (const [id, list] of perScope) {
    const limit = GITHUB_LIMITS[list[0]!.scope.kind];
    if (list.length > limit) problems.push(`${id}: ${list.length} secrets, GitHub allows ${limit} in a ${list[0]!.scope.kind}`);
    const seen = new Map<string, string>();
    for (const t of list) {
      const other = seen.get(t.githubSecret);
      if (other) problems.push(`${id}: GitHub secret ${t.githubSecret} is claimed by both ${other} and ${t.key}`);
      seen.set(t.githubSecret, t.key);
    }
  }
  if (problems.length) throw new ManifestError(problems);
  return targets.sort((a, b) => a.id.localeCompare(b.id));
}

export function resolveScope(s: ScopeSpec, github: ManifestSpec['github'], env: string): GithubScope {
  if (s.kind === 'organization') return { kind: 'organization', owner: github.owner, visibility: s.visibility, repositories: s.repositories ?? [] };
  const repository = s.repository ?? github.repository;
  if (s.kind === 'repository') return { kind: 'repository', owner: github.owner, repository };
  return { kind: 'environment', owner: github.owner, repository, environment: env };
}

const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');

/**
 * The workspace's namespaces, found by stacks/esc's own discovery (every stacks/<s>/config/index.ts with a team
 * tag), loaded by path the way stacks/esc loads the GitHub organisation spec: a stack is not importable from a tool.
 */
export function workspaceNamespaces(root = WORKSPACE_ROOT): Namespace[] {
  const { discoverServices } = require(path.join(root, 'stacks', 'esc', 'src', 'services.ts')) as {
    discoverServices: (root: string) => Array<{ namespace: Namespace }>;
  };
  return discoverServices(root).map((s) => s.namespace);
}

/** Overrides of the manifest's GitHub owner/repository (sandbox, forks): SOPHIA_GITHUB_OWNER, SOPHIA_GITHUB_REPOSITORY. */
export function manifestWithOverrides(spec: ManifestSpec, env: NodeJS.ProcessEnv = process.env): ManifestSpec {
  return {
    ...spec,
    github: { owner: env.SOPHIA_GITHUB_OWNER || spec.github.owner, repository: env.SOPHIA_GITHUB_REPOSITORY || spec.github.repository },
  };
}
