/*
 * `validateEnvironment`: the static checks over what ESC holds for an environment, then the readiness probes with
 * the values found. Pulumi Cloud is read the way a stack reads it — each service environment `<service>-<env>`
 * opened (imports and references resolved by ESC), the value at `pulumiConfig["<service>:<key>"]`. The local store
 * evaluates nothing, so there each key is read where it is written (escKeyLocation: secrets in `secrets-<env>`).
 * Each environment is read once. Nothing read here is printed: the results name keys, never values.
 */
import { configKey, escKeyLocation, type Namespace } from '@sophia-ai/config';
import { escEnvName, EscApiError, type EscEnvRef, escPath, type EscStore, PulumiCloudEscStore, serviceEnvironment } from '@sophia-ai/esc-store';
import type { KeyValidation, ProbeResult } from '../compliance/model';
import { escValueAt, type EscValues, readPlain, readValues } from '../esc-side';
import { workspaceNamespaces } from '../manifest';
import { PROBES, PULUMI_TOKEN_KEY, type Probe, type ProbeInputs } from '../probes';
import { runProbes } from '../probes/run';
import { checkKeys, inEsc, type ReadValue } from './checks';

export interface ValidateOptions {
  store: EscStore;
  /** The stack environment (`dev`, `staging`, `production`, `local`). */
  env: string;
  org?: string;
  /** Default: the workspace's namespaces (stacks/<s>/config). */
  namespaces?: readonly Namespace[];
  /** The probes to run (default all of PROBES); `false` runs none (`--no-probes`). */
  probes?: readonly Probe[] | false;
  /** Each probe's budget (default 10 000 ms). */
  timeoutMs?: number;
  /** Base URL per probed service (`--probe-url lambda-labs=…`), over each probe's environment variable. */
  baseUrls?: Readonly<Record<string, string>>;
  /** Where PULUMI_ACCESS_TOKEN and the probes' base-URL variables are read (default process.env). */
  processEnv?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export interface EnvironmentValidation {
  keys: KeyValidation[];
  probes: ProbeResult[];
  /** Problems of an environment rather than a key (ESC cannot open `<service>-<env>`): errors, named, no values. */
  problems: string[];
}

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

type Reader = (ns: Namespace, key: string) => ReadValue;

const valueIn = (values: EscValues | undefined, path: string[], opened: boolean): ReadValue => {
  if (!values) return { present: false };
  try {
    return escValueAt(values, path, opened);
  } catch (err) {
    // esc-side's reasons name the path and what it is (an interpolation, a computed value), never a value.
    return { present: true, unreadable: (err as Error).message };
  }
};

/**
 * Reads every environment the keys live in, once each; a missing environment reads as every key absent. A
 * service environment ESC cannot open (a reference to a missing secret, a bad import) is a problem of its own,
 * and its keys are then read where they are written, so the rows still say which value is missing.
 */
async function readAll(opts: ValidateOptions, namespaces: readonly Namespace[]): Promise<{ read: Reader; problems: string[] }> {
  const { store, env, org } = opts;
  const cloud = store instanceof PulumiCloudEscStore;
  const cache = new Map<string, Promise<EscValues | undefined>>();
  const once = (how: 'opened' | 'written', ref: EscEnvRef, load: () => Promise<EscValues | undefined>) => {
    const name = `${how}:${escEnvName(ref)}`;
    if (!cache.has(name)) cache.set(name, load());
    return cache.get(name)!;
  };
  // Where a key is written, read literally: the local store's files, or Pulumi Cloud's decrypted definition.
  const written = async (ref: EscEnvRef) => {
    if (!cloud) return readValues(store, ref);
    const plain = await readPlain(store, ref);
    return plain && { values: (plain.doc.values as Record<string, unknown> | undefined) ?? {}, revision: plain.revision };
  };
  const problems: string[] = [];
  const readers = new Map<string, Reader>();
  for (const ns of inEsc(namespaces)) {
    let opened: EscValues | undefined;
    let open = cloud;
    if (cloud) {
      const ref = serviceEnvironment(ns.name, env, org);
      try {
        opened = await once('opened', ref, () => readValues(store, ref));
      } catch (err) {
        if (!(err instanceof EscApiError && err.status === 400)) throw err;
        problems.push(`${err.message} (the stack cannot read its configuration until this is fixed)`);
        open = false;
      }
    }
    const exposed = (key: string) => valueIn(opened, ['values', 'pulumiConfig', configKey(ns, key)], true);
    // Opened, a secret can be absent because nothing exposes it: it is in secrets-<env>, but the service
    // environment has no pulumiConfig reference to it (stacks/esc not deployed since the key was declared).
    const literal = new Map<string, EscValues | undefined>();
    for (const key of Object.keys(ns.keys)) {
      const loc = escKeyLocation(ns, key, env, org);
      if (open && (!loc.reference || exposed(key).present)) continue;
      literal.set(escEnvName(loc.env), await once('written', loc.env, () => written(loc.env)));
    }
    readers.set(ns.name, (n, key) => {
      const loc = escKeyLocation(n, key, env, org);
      const where = valueIn(literal.get(escEnvName(loc.env)), loc.path, false);
      if (!open) return where;
      const seen = exposed(key);
      // Without a reference (optional sync-owned values, rotation records) the import alone exposes it: what the opened
      // environment shows is what the stack reads.
      if (seen.present || !where.present || !loc.reference) return seen;
      return { present: true, unreadable: `is in ${escEnvName(loc.env)}, but ${escEnvName(loc.reference!.env)} does not expose it as ${escPath(loc.reference!.path)}: the stack cannot read it (deploy stacks/esc)` };
    });
  }
  // Day one (nothing created yet) reads as every key missing; say why once per environment.
  const absent = new Set<string>();
  for (const [name, loaded] of cache) if ((await loaded.catch(() => null)) === undefined) absent.add(name.slice(name.indexOf(':') + 1));
  const how = cloud ? `stacks/esc creates it: npx nx run esc:up --env ${env}` : 'the local store holds it as <project>/<name>.yaml in its directory';
  for (const name of absent) problems.push(`ESC environment ${name} does not exist in ${store.describe()} (${how})`);
  return { read: (ns, key) => readers.get(ns.name)!(ns, key), problems };
}

/** The probes' inputs: every present value by `<namespace>:<key>`, and the Pulumi access token of the process. */
function probeInputs(namespaces: readonly Namespace[], read: Reader, processEnv: NodeJS.ProcessEnv): ProbeInputs {
  const inputs: Record<string, string | undefined> = { [PULUMI_TOKEN_KEY]: processEnv.PULUMI_ACCESS_TOKEN || undefined };
  for (const ns of inEsc(namespaces)) {
    for (const key of Object.keys(ns.keys)) {
      const v = read(ns, key);
      if (v.present && 'value' in v) inputs[configKey(ns, key)] = v.value;
    }
  }
  return inputs;
}

/** Every key's static checks, then (unless `probes: false`) every readiness probe. Throws only when ESC cannot be read. */
export async function validateEnvironment(opts: ValidateOptions): Promise<EnvironmentValidation> {
  const namespaces = opts.namespaces ?? workspaceNamespaces();
  const { read, problems } = await readAll(opts, namespaces);
  const keys = checkKeys(namespaces, opts.env, read, opts.org);
  if (opts.probes === false) return { keys, probes: [], problems };
  const processEnv = opts.processEnv ?? process.env;
  const probes = await runProbes(opts.probes ?? PROBES, probeInputs(namespaces, read, processEnv), {
    timeoutMs: opts.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
    env: processEnv,
    ...(opts.baseUrls ? { baseUrls: opts.baseUrls } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return { keys, probes, problems };
}
