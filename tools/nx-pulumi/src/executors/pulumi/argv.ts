import type { PulumiCommand } from '../../plugin/targets';
import { ENV_PATTERN } from '../common';

/** Options of `@sophia-ai/nx-pulumi:pulumi` (schema.json). None of them ever carries a secret. */
export interface PulumiExecutorOptions {
  command: PulumiCommand;
  /** Full stack name, used as given (e.g. `sophia-ai/staging`). Wins over `env`. */
  stack?: string;
  /** Environment; the stack becomes `sophia-ai/<env>`. Default: `SOPHIA_ENV`, else `dev`. */
  env?: string;
  /** Adds `--yes` to up/refresh/destroy. Also implied by `CI=true`. */
  yes?: boolean;
  /** Extra pulumi arguments, `--args="--a --b"` or in project configuration; split on whitespace. */
  args?: string;
  /** Raw CLI overrides as Nx parsed them (`$default: {$source: 'unparsed'}` in schema.json). */
  __unparsed__?: string[];
}

export const PULUMI_ORG = 'sophia-ai';
export const DEFAULT_ENV = 'dev';

/** The stack to run against: `--stack` as given, else `sophia-ai/<--env | SOPHIA_ENV | dev>`. */
export function selectStack(opts: Pick<PulumiExecutorOptions, 'stack' | 'env'>, env: NodeJS.ProcessEnv): string {
  if (opts.stack !== undefined && opts.stack !== '') {
    const stack = String(opts.stack);
    if (/\s/.test(stack)) throw new Error(`Invalid --stack "${stack}": a stack name has no whitespace`);
    return stack;
  }
  const name = String(opts.env || env.SOPHIA_ENV || DEFAULT_ENV);
  if (!ENV_PATTERN.test(name)) {
    throw new Error(`Invalid environment "${name}": expected letters, digits, '.', '_' or '-' (e.g. dev, staging)`);
  }
  return `${PULUMI_ORG}/${name}`;
}

/** `CI=true` (or `1`) means nobody can answer the confirmation prompt: approve up front. */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  return /^(true|1)$/i.test(env.CI ?? '');
}

const OWN_VALUE_OPTIONS = new Set(['env', 'stack', 'args', 'command']);
const OWN_FLAG_OPTIONS = new Set(['yes']);

/**
 * What the user typed that is not one of our own options: passed to pulumi unchanged. Nx hands the
 * executor the raw override list (both `--env x` and `--env=x` forms); our options are removed from it
 * because they are already turned into pulumi flags.
 */
export function passThroughArgs(unparsed: readonly string[] | undefined): string[] {
  const out: string[] = [];
  const list = unparsed ?? [];
  for (let i = 0; i < list.length; i++) {
    const arg = String(list[i]);
    const m = /^--(no-)?([^=]+)(=.*)?$/.exec(arg);
    if (m) {
      const [, negated, name, inlineValue] = m;
      if (!negated && OWN_VALUE_OPTIONS.has(name)) {
        if (inlineValue === undefined) i++; // skip the separate value
        continue;
      }
      if (OWN_FLAG_OPTIONS.has(name)) continue;
    }
    out.push(arg);
  }
  return out;
}

function configuredArgs(args: PulumiExecutorOptions['args']): string[] {
  // Nx may hand over a one-element array for a string option; flatten before splitting.
  return [args ?? []].flat().flatMap((a) => String(a).split(/\s+/)).filter(Boolean);
}

/** A state-changing command that nobody approved and nobody can confirm: refused before spawning. */
export class ApprovalRequiredError extends Error {
  constructor(command: string) {
    super(
      `pulumi ${command} changes infrastructure, and this run cannot ask for confirmation (no terminal). ` +
        `Pass --yes to approve (CI=true implies it), or run it from a terminal to review the preview and confirm.`,
    );
    this.name = 'ApprovalRequiredError';
  }
}

/**
 * argv after `pulumi`: the command, the absolute stack directory, the stack, `--non-interactive`;
 * `--diff` for preview; `--yes` for state-changing commands only when asked (`--yes` / CI). An unapproved
 * up/refresh/destroy keeps pulumi's own confirmation prompt when a person is at a terminal (`interactive`),
 * and is refused otherwise (pulumi would refuse too, after loading everything).
 */
export function pulumiArgv(
  opts: PulumiExecutorOptions,
  stackDir: string,
  env: NodeJS.ProcessEnv,
  interactive = false,
): string[] {
  const approved = opts.yes === true || isCi(env);
  const changesState = opts.command !== 'preview';
  if (changesState && !approved && !interactive) throw new ApprovalRequiredError(opts.command);
  const argv = [opts.command, '--cwd', stackDir, '--stack', selectStack(opts, env)];
  if (!changesState || approved) argv.push('--non-interactive');
  if (opts.command === 'preview') argv.push('--diff');
  if (changesState && approved) argv.push('--yes');
  argv.push(...configuredArgs(opts.args), ...passThroughArgs(opts.__unparsed__));
  return argv;
}
