/*
 * Contract-sourced secrets: values a stack creates and exports as a secret output (Portkey's service API keys,
 * Snowflake's loader private key). The stack owns them; the sync reads the stack's outputs and carries them to
 * GitHub, never back. The manifest names the output; its existence and secretness are checked against the
 * producer's contract (stacks/<p>/contract), never against a copy. A map output (name → value) becomes one GitHub
 * secret per entry, named by the entry's rule with `{KEY}` replaced (upper-cased, `-` and `.` as `_`).
 */
import { z } from 'zod';
import type { StackContract } from '@sophia-ai/stack-refs';
import { portkeyStack } from '@sophia-ai/portkey-contract';
import { snowflakeStack } from '@sophia-ai/snowflake-contract';
import { GITHUB_LIMITS, type GithubScope, githubSecretNameProblem, ManifestError, type ManifestSpec, resolveScope, scopeId, type SyncTarget } from './manifest';

/** The contracts whose outputs the manifest may name, by project. */
export const CONTRACTS: Record<string, StackContract> = { [portkeyStack.project]: portkeyStack, [snowflakeStack.project]: snowflakeStack };

/** One secret output of one stack, resolved for a sync environment: expanded into targets once the outputs are read. */
export interface StackSource {
  /** `<project>:<output>` */
  key: string;
  project: string;
  output: string;
  /** A map output: one secret per entry. */
  map: boolean;
  /** The GitHub secret name (with `{KEY}` for a map). */
  name: string;
  scopes: GithubScope[];
  /** The contract's schema of the output (validated before anything is carried). */
  schema: z.ZodType;
}

/** `{KEY}` of a map entry: `ml-api` → `ML_API`. */
export const entryNamePart = (entry: string) => entry.toUpperCase().replace(/[-.]/g, '_');

/** The GitHub secret name of one entry of `source` (its rule for a map, the fixed name otherwise). */
export const secretNameFor = (source: Pick<StackSource, 'name' | 'map'>, entry?: string) => (source.map ? source.name.replace('{KEY}', entryNamePart(entry ?? '')) : source.name).toUpperCase();

/** The target id of one entry: `<project>:<output>[<entry>]@<scope>`; a scalar output has no `[…]`. */
export const stackTargetKey = (source: Pick<StackSource, 'key' | 'map'>, entry?: string) => (source.map ? `${source.key}[${entry}]` : source.key);

/**
 * Checks the `outputs` section of the manifest against the contracts and GitHub's rules and resolves it for
 * `env`: the output is declared and `secret: true`; a map output has a `{KEY}` rule and a scalar one a fixed
 * name; no name (or rule) claims a GitHub secret a namespace key already has in the same scope. Errors name the
 * entry and the fix.
 */
export function resolveStackSources(spec: ManifestSpec, namespaceTargets: SyncTarget[], env: string, contracts: Record<string, StackContract> = CONTRACTS): StackSource[] {
  const problems: string[] = [];
  const sources: StackSource[] = [];
  for (const [key, entry] of Object.entries(spec.outputs ?? {})) {
    const [project, output] = key.split(':') as [string, string];
    const contract = contracts[project];
    const out = contract?.outputs[output];
    if (!contract) {
      problems.push(`outputs.${key}: no contract for stack ${project} (the sync reads stacks/<p>/contract/index.ts; known: ${Object.keys(contracts).join(', ')})`);
      continue;
    }
    if (!out) {
      problems.push(`outputs.${key}: stacks/${project}/contract/index.ts declares no output "${output}"`);
      continue;
    }
    if (!out.secret) {
      problems.push(`outputs.${key}: the output is not secret in stacks/${project}/contract/index.ts; only secret outputs are synced (declare it secret: true, or leave it to StackReferences)`);
      continue;
    }
    const map = out.schema instanceof z.ZodRecord;
    const placeholders = entry.name.split('{KEY}').length - 1;
    if (map && placeholders !== 1) {
      problems.push(`outputs.${key}: the output is a map; name must contain {KEY} once (e.g. ${project.toUpperCase()}_{KEY}_API_KEY)`);
      continue;
    }
    if (!map && placeholders !== 0) {
      problems.push(`outputs.${key}: the output is one value; name must be a fixed GitHub secret name, without {KEY}`);
      continue;
    }
    // A rule is valid when a one-letter entry makes a valid name; each real entry is checked again when read.
    const nameProblem = githubSecretNameProblem(secretNameFor({ name: entry.name, map }, 'a'));
    if (nameProblem) {
      problems.push(`outputs.${key}: GitHub secret name ${entry.name} ${nameProblem}`);
      continue;
    }
    const scopes = entry.scopes.filter((s) => s.kind === 'environment' || !s.envs || s.envs.includes(env)).map((s) => resolveScope(s, spec.github, env));
    const source: StackSource = { key, project, output, map, name: entry.name.toUpperCase(), scopes, schema: out.schema };
    for (const scope of scopes) {
      const matches = nameMatcher(source);
      for (const t of namespaceTargets) {
        if (scopeId(t.scope) === scopeId(scope) && matches(t.githubSecret)) {
          problems.push(`${scopeId(scope)}: GitHub secret ${t.githubSecret} of ${t.key} is also claimed by outputs.${key} (${source.name}); rename one`);
        }
      }
      for (const other of sources) {
        if (other.scopes.some((s) => scopeId(s) === scopeId(scope)) && (nameMatcher(other)(source.name) || matches(other.name))) {
          problems.push(`${scopeId(scope)}: outputs.${key} (${source.name}) and outputs.${other.key} (${other.name}) claim the same GitHub secret names; rename one`);
        }
      }
    }
    sources.push(source);
  }
  if (problems.length) throw new ManifestError(problems);
  return sources.sort((a, b) => a.key.localeCompare(b.key));
}

/** Whether a GitHub secret name is (for a map: could be) one of `source`'s. */
function nameMatcher(source: Pick<StackSource, 'name' | 'map'>): (name: string) => boolean {
  if (!source.map) return (name) => name === source.name;
  const [before, after] = source.name.split('{KEY}') as [string, string];
  const re = new RegExp(`^${escapeRe(before)}[A-Z0-9_]+${escapeRe(after)}$`);
  return (name) => re.test(name);
}
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What a stack holds: its outputs (values in plaintext, kept in memory), or that it was never deployed. */
export type StackOutputs = { deployed: false } | { deployed: true; outputs: Record<string, unknown> };

/** Reads a stack's outputs in one environment. Injectable: the tests use a fake; the CLI runs `pulumi stack output`. */
export type StackOutputReader = (project: string, env: string) => Promise<StackOutputs>;

/** A source's targets for this run, the value of each (absent: the owner has none), and the rows that cannot be planned. */
export interface ExpandedSource {
  targets: SyncTarget[];
  values: Map<string, string | undefined>;
  /** Rows for the plan that are not targets: the stack is not deployed, the output is missing or invalid. */
  rows: Array<{ id: string; key: string; githubSecret: string; scope: string; action: 'skip' | 'error'; reason: string }>;
}

/**
 * Expands one source into targets from the stack's outputs. Entries the ledger knows but the output no longer
 * holds become targets without a value, so the plan sees "deleted by the owner" (and `--prune` removes them).
 */
export function expandSource(source: StackSource, outputs: StackOutputs | Error, env: string, ledgerIds: Iterable<string>): ExpandedSource {
  const stack = `${source.project}/${env}`;
  const expanded: ExpandedSource = { targets: [], values: new Map(), rows: [] };
  const rowsFor = (action: 'skip' | 'error', reason: string) => {
    for (const scope of source.scopes) expanded.rows.push({ id: `${source.key}@${scopeId(scope)}`, key: source.key, githubSecret: source.name, scope: scopeId(scope), action, reason });
    return expanded;
  };
  if (outputs instanceof Error) return rowsFor('error', `reading the outputs of stack ${stack}: ${outputs.message}`);
  if (!outputs.deployed) return rowsFor('skip', `unknown: stack ${stack} not deployed yet (npx nx run ${source.project}:up --env ${env}); its ${source.output} is synced once it is`);
  const raw = outputs.outputs[source.output];
  if (raw === undefined || raw === null) return rowsFor('error', `stack ${stack} has no output "${source.output}" (its contract declares it: run npx nx run ${source.project}:up --env ${env})`);
  const parsed = source.schema.safeParse(raw);
  // Never the value in a message: only where it does not match.
  if (!parsed.success) return rowsFor('error', `stack ${stack} output "${source.output}" does not match its contract: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; ')}`);
  const entries: Array<[string | undefined, string]> = source.map ? Object.entries(parsed.data as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]) : [[undefined, typeof parsed.data === 'string' ? parsed.data : JSON.stringify(parsed.data)]];

  const known = new Set(entries.map(([e]) => stackTargetKey(source, e)));
  // Entries removed from the output since the last sync: the ledger still knows them.
  const gone = new Set<string>();
  for (const id of ledgerIds) {
    const key = id.slice(0, id.lastIndexOf('@'));
    const m = source.map && key.startsWith(`${source.key}[`) && key.endsWith(']') ? key.slice(source.key.length + 1, -1) : undefined;
    if (m !== undefined && !known.has(key)) gone.add(m);
  }
  const all: Array<[string | undefined, string | undefined]> = [...entries, ...[...gone].map((e): [string, undefined] => [e, undefined])];

  for (const scope of source.scopes) {
    const names = new Map<string, string>();
    for (const [entry, value] of all) {
      const key = stackTargetKey(source, entry);
      const githubSecret = secretNameFor(source, entry);
      const id = `${key}@${scopeId(scope)}`;
      const problem = githubSecretNameProblem(githubSecret);
      const twin = names.get(githubSecret);
      if (problem || twin) {
        expanded.rows.push({ id, key, githubSecret, scope: scopeId(scope), action: 'error', reason: problem ? `GitHub secret name ${githubSecret} ${problem} (rename the entry of ${source.output} in stacks/${source.project})` : `entries ${twin} and ${entry} of ${source.output} both become ${githubSecret}; rename one in stacks/${source.project}` });
        continue;
      }
      names.set(githubSecret, entry ?? '');
      expanded.targets.push({ id, key, optional: false, githubSecret, direction: 'stack→github', scope, stack: { project: source.project, output: source.output, ...(entry !== undefined ? { entry } : {}) } });
      expanded.values.set(id, value);
    }
  }
  return expanded;
}

/**
 * Every source expanded for one run; each stack's outputs are read once. A failed read is that source's error
 * rows; so are a scope's stack targets when they, with the namespace keys there (`others`), exceed GitHub's count.
 */
export async function expandSources(sources: StackSource[], read: StackOutputReader | undefined, env: string, ledgerIds: string[], others: SyncTarget[] = []): Promise<ExpandedSource> {
  const all: ExpandedSource = { targets: [], values: new Map(), rows: [] };
  const outputs = new Map<string, Promise<StackOutputs | Error>>();
  for (const source of sources) {
    if (!outputs.has(source.project)) {
      outputs.set(source.project, read ? read(source.project, env).catch((e: Error) => e) : Promise.resolve(new Error('no reader of stack outputs was given')));
    }
    const one = expandSource(source, await outputs.get(source.project)!, env, ledgerIds);
    all.targets.push(...one.targets);
    for (const [id, v] of one.values) all.values.set(id, v);
    all.rows.push(...one.rows);
  }
  const perScope = new Map<string, number>();
  for (const t of [...others, ...all.targets]) perScope.set(scopeId(t.scope), (perScope.get(scopeId(t.scope)) ?? 0) + 1);
  const over = (t: SyncTarget) => perScope.get(scopeId(t.scope))! > GITHUB_LIMITS[t.scope.kind];
  for (const t of all.targets.filter(over)) {
    const reason = `${scopeId(t.scope)} would hold ${perScope.get(scopeId(t.scope))} secrets, GitHub allows ${GITHUB_LIMITS[t.scope.kind]} in a ${t.scope.kind}`;
    all.rows.push({ id: t.id, key: t.key, githubSecret: t.githubSecret, scope: scopeId(t.scope), action: 'error', reason });
    all.values.delete(t.id);
  }
  all.targets = all.targets.filter((t) => !over(t));
  return all;
}
