import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatViolations, hasErrors } from '@sophia-ai/policy';
import { scrubSecrets } from '@sophia-ai/redact';
import { SynthError, isRunError } from './errors';
import { synthStack } from './synth';
import { renderTree } from './tree';

const USAGE = 'usage: synth.js <stack dir> [--env <env>] [--out-dir <dir>] [--verbose]   (env defaults to local)';

export interface CliArgs {
  stackDir: string;
  env: string;
  outDir: string;
  workspaceRoot: string;
  /** Print stack traces of expected errors too (`--verbose`, or `nx … --verbose`, which sets NX_VERBOSE_LOGGING). */
  verbose: boolean;
}

export function parseArgs(argv: string[], cwd = process.cwd()): CliArgs {
  let stackDir: string | undefined;
  let verbose = process.env.NX_VERBOSE_LOGGING === 'true';
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--verbose') {
      verbose = true;
      continue;
    }
    const m = /^--(env|out-dir)(?:=(.*))?$/.exec(arg);
    if (m) {
      const value = m[2] ?? argv[++i];
      if (!value) throw new SynthError(`--${m[1]} needs a value\n${USAGE}`);
      flags[m[1]] = value;
    } else if (!arg.startsWith('-') && !stackDir) {
      stackDir = path.resolve(cwd, arg);
    } else {
      throw new SynthError(`unexpected argument "${arg}"\n${USAGE}`);
    }
  }
  if (!stackDir) throw new SynthError(USAGE);
  const env = flags.env ?? 'local';
  if (!/^[A-Za-z0-9_.-]+$/.test(env)) throw new SynthError(`invalid --env "${env}"`);
  const workspaceRoot = findWorkspaceRoot(stackDir) ?? cwd;
  const outDir = path.resolve(cwd, flags['out-dir'] ?? path.join(workspaceRoot, 'dist', 'synth'));
  return { stackDir, env, outDir, workspaceRoot, verbose };
}

function findWorkspaceRoot(from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Runs one synth and returns the exit code; all printing happens here. */
export async function main(argv: string[]): Promise<number> {
  const secrets = new Set<string>();
  let verbose = process.env.NX_VERBOSE_LOGGING === 'true';
  try {
    const args = parseArgs(argv);
    verbose = args.verbose;
    const result = await synthStack({ ...args, secretSink: secrets });
    const { plan } = result;
    const out = (text: string) => process.stdout.write(scrubSecrets(text, secrets) + '\n');
    for (const note of result.notes) out(`note: ${note}`);
    out(`synth ${plan.project} (${plan.env}) → ${displayPath(result.file)}`);
    out(renderTree(plan));
    if (plan.violations.length > 0) out(`Policy:\n${indent(formatViolations(plan.violations))}`);
    out(`${plan.resources.length} resources in ${process.uptime().toFixed(1)}s`);
    if (hasErrors(plan.violations)) {
      process.stderr.write(
        scrubSecrets(`synth ${plan.project} (${plan.env}) failed policy:\n${indent(formatViolations(plan.violations.filter((v) => v.severity === 'error')))}\n`, secrets),
      );
      return 1;
    }
    return 0;
  } catch (err) {
    process.stderr.write(scrubSecrets(describe(err, verbose), secrets) + '\n');
    return 1;
  }
}

function describe(err: unknown, verbose: boolean): string {
  if (err instanceof SynthError || isRunError(err)) {
    const cause = err.cause instanceof Error ? err.cause : undefined;
    const trace = verbose ? `\n${(cause ?? err).stack ?? ''}` : cause ? '\n(run with --verbose for the stack trace)' : '';
    return `synth failed: ${err.message}${trace}`;
  }
  // Unexpected: the program (or synth) has a bug; its stack trace is what the author needs.
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return `synth failed: the program threw an unexpected error:\n${text}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

/** Relative to the current directory when inside it (readable logs), absolute otherwise. */
function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}
