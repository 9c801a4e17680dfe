/*
 * Runs inside a checkout (a child process started by ./index.ts): asks each dynamic resource kind's own `diff`
 * whether a change is an update or a replace, with the base plan's inputs as the old state and the head's as the
 * new inputs — what the engine would ask the provider at preview. Kinds are found the way the stacks declare them:
 * `stacks/<stack>/src/providers/resources.ts` exports each kind ({ runtime, kind, type }).
 * Input: JSON on stdin { requests: [{ urn, type, olds, news }] }. Output: JSON on stdout { <urn>: decision }.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Request {
  urn: string;
  type: string;
  olds: Record<string, unknown>;
  news: Record<string, unknown>;
}

export type Decision = { replaces: string[]; changes: boolean } | { error: string };

interface KindLike {
  runtime: string;
  kind: string;
  type: string;
}

const isKind = (v: unknown): v is KindLike =>
  !!v && typeof v === 'object' && ['runtime', 'kind', 'type'].every((k) => typeof (v as Record<string, unknown>)[k] === 'string');

/** URN type (`pulumi-nodejs:dynamic/<module>:<Type>`) → the kind's runtime module and export. */
export function kindsOf(root: string): Map<string, KindLike> {
  const kinds = new Map<string, KindLike>();
  const stacks = path.join(root, 'stacks');
  for (const stack of fs.existsSync(stacks) ? fs.readdirSync(stacks) : []) {
    const file = path.join(stacks, stack, 'src', 'providers', 'resources.ts');
    if (!fs.existsSync(file)) continue;
    for (const value of Object.values(require(file) as Record<string, unknown>)) {
      if (isKind(value)) kinds.set(`pulumi-nodejs:dynamic/${value.type}`, value);
    }
  }
  return kinds;
}

export async function decide(root: string, requests: Request[]): Promise<Record<string, Decision>> {
  const kinds = kindsOf(root);
  const out: Record<string, Decision> = {};
  for (const r of requests) {
    const kind = kinds.get(r.type);
    if (!kind) {
      out[r.urn] = { error: `no kind declares ${r.type}` };
      continue;
    }
    try {
      const runtime = require(require.resolve(kind.runtime, { paths: [root] })) as Record<string, { diff?: (id: string, o: unknown, n: unknown) => Promise<{ changes?: boolean; replaces?: string[] }> }>;
      const diff = runtime[kind.kind]?.diff;
      if (typeof diff !== 'function') {
        out[r.urn] = { error: `${kind.runtime} ${kind.kind} has no diff` };
        continue;
      }
      const d = await diff('plan-diff', r.olds, r.news);
      out[r.urn] = { replaces: [...(d.replaces ?? [])].sort(), changes: d.changes !== false };
    } catch (err) {
      out[r.urn] = { error: String((err as Error)?.message ?? err).split('\n')[0] };
    }
  }
  return out;
}

/** Reads the requests from stdin, writes the decisions to stdout (started by ./index.ts in the checkout). */
export function main(): void {
  let input = '';
  process.stdin.on('data', (d) => (input += d));
  process.stdin.on('end', () => {
    const { requests } = JSON.parse(input) as { requests: Request[] };
    decide(process.cwd(), requests).then(
      (decisions) => process.stdout.write(JSON.stringify(decisions)),
      (err) => {
        process.stderr.write(`provider diff failed: ${(err as Error).message}\n`);
        process.exitCode = 1;
      },
    );
  });
}
