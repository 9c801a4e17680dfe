/* eslint-disable @typescript-eslint/no-explicit-any -- decrypted definitions are untyped YAML the tests poke at */
/*
 * The test world of the sync: the ESC and GitHub emulators on loopback, the process environment that points the
 * CLI at them, and readers of both sides and the ledger. Used by the scenario tests and the benchmark.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { type DefinitionEdit, editDefinition } from '@sophia-ai/esc-store';
import { EscEmulator, GithubEmulator, type RunningEmulator, SANDBOX_GITHUB_TOKEN, serveEmulator } from '@sophia-ai/sandbox';
import { GithubSecrets } from '../github';
import { type Io, main } from '../cli';
import type { StackOutputReader } from '../stack-sources';

export const ORG = 'sophia-ai';
export const REPO = 'sophia-ai/sophia-ai-infrastructure';
export const ENV = 'dev';
export const ESC_TOKEN = 'pul-secrets-sync-test-token-5d1a';
export const SECRETS_ENV = 'secrets-dev';
export const LEDGER_ENV = 'secrets-sync-ledger-dev';
/** The GitHub scope of the environment-scoped secrets in `dev`. */
export const DEV_SCOPE = { repo: REPO, environment: ENV };

export interface World {
  esc: EscEmulator;
  escServer: RunningEmulator;
  github: GithubEmulator;
  githubServer: RunningEmulator;
  dir: string;
  env: Record<string, string>;
  /** A GitHub client for arranging the world as a person would (not the sync's own). */
  person: GithubSecrets;
  /** Deployed stacks' outputs by project, as the fake `pulumi stack output` sees them (absent: not deployed). */
  stacks: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

/** `now`: the emulators' clock (revision `created`, secret `updated_at`), for ages. */
export async function startWorld(opts: { latencyMs?: number; now?: () => number } = {}): Promise<World> {
  const esc = new EscEmulator({ ...(opts.now ? { now: opts.now } : {}) });
  const escServer = await serveEmulator(esc);
  const github = new GithubEmulator({ ...(opts.now ? { now: opts.now } : {}) });
  const githubServer = await serveEmulator(github);
  if (opts.latencyMs) {
    escServer.faults.apply({ latencyMs: opts.latencyMs });
    githubServer.faults.apply({ latencyMs: opts.latencyMs });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-sync-'));
  const env = {
    ESC_API_URL: escServer.url,
    PULUMI_ACCESS_TOKEN: ESC_TOKEN,
    GITHUB_API_URL: githubServer.url,
    SOPHIA_SECRETS_GITHUB_TOKEN: SANDBOX_GITHUB_TOKEN,
    SOPHIA_SECRETS_WRITE_INTERVAL_MS: '5',
    SOPHIA_SECRETS_AUDIT_DIR: path.join(dir, 'audit'),
    SOPHIA_PULUMI_ORG: ORG,
    HOME: dir,
  };
  const person = new GithubSecrets({ token: SANDBOX_GITHUB_TOKEN, baseUrl: githubServer.url, writeIntervalMs: 0 });
  return {
    esc,
    escServer,
    github,
    githubServer,
    dir,
    env,
    person,
    stacks: new Map(),
    close: async () => {
      await escServer.close();
      await githubServer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates the repository environment `dev` (GitHub's PUT /environments). */
export async function createGithubEnvironment(w: World, name = ENV): Promise<void> {
  const res = await fetch(`${w.githubServer.url}/repos/${REPO}/environments/${name}`, { method: 'PUT', headers: { authorization: `Bearer ${SANDBOX_GITHUB_TOKEN}` } });
  if (res.status !== 200) throw new Error(`creating environment ${name}: HTTP ${res.status}`);
}

/** An ESC definition decrypted (the emulator's own decrypt). */
export async function escPlain(w: World, name: string): Promise<{ text: string; doc: Record<string, any> } | undefined> {
  const res = await fetch(`${w.escServer.url}/api/esc/environments/${ORG}/sophia-ai/${name}/decrypt`, { headers: { authorization: `token ${ESC_TOKEN}` } });
  if (res.status === 404) return undefined;
  const text = await res.text();
  return { text, doc: YAML.parse(text) };
}

/** Another writer's edit of an ESC definition (a person with \`esc env set\`): a new revision. */
export async function escEdit(w: World, name: string, edits: DefinitionEdit[]): Promise<void> {
  const current = await escPlain(w, name);
  w.esc.seed(ORG, 'sophia-ai', name, editDefinition(current?.text ?? 'values: {}\n', edits).yaml);
}

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in this process with the world's environment (stdin: the workflow's toJSON(secrets)). */
/** `io`: more of the CLI's seams (e.g. a fake rotation `runner`). */
export async function sophiaSecrets(w: World, args: string[], stdin?: Record<string, string>, env = ENV, io: Partial<Io> = {}): Promise<Run> {
  const saved = { ...process.env };
  Object.assign(process.env, w.env);
  const out: string[] = [];
  const err: string[] = [];
  try {
    const store = env === 'local' ? ['--store', 'local', '--dir', path.join(w.dir, 'esc')] : ['--store', 'pulumi-cloud'];
    const code = await main([...args, '--env', env, ...store, ...(stdin ? ['--github-values-stdin'] : [])], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      stdin: async () => JSON.stringify(stdin ?? {}),
      readStackOutputs: fakeStackOutputs(w),
      ...io,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    for (const k of Object.keys(w.env)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

/** The world's stacks as a reader of outputs (a copy each time, as a CLI call would return). */
export const fakeStackOutputs =
  (w: World): StackOutputReader =>
  async (project) => {
    const outputs = w.stacks.get(project);
    return outputs ? { deployed: true, outputs: structuredClone(outputs) } : { deployed: false };
  };

/** GitHub secret writes (PUT/DELETE) the emulator acted on: answered 201/204, or acted on and then dropped. */
export const githubWrites = (w: World) =>
  w.githubServer.requests.filter((r) => (r.method === 'PUT' || r.method === 'DELETE') && /\/secrets\/[A-Za-z0-9_]+$/.test(r.path) && [201, 204, 'dropped'].includes(r.status)).length;
