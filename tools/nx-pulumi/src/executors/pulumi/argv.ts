import { isAbsolute, resolve } from 'node:path';
import { assertEnvironmentName, DEFAULT_ENV, parseStackName } from '@sophia-ai/stack-refs/src/naming';
import type { PulumiCommand } from '../../plugin/targets';
import { checkFlagRules, FlagConflictError, flagsIn, isPreviewOnly, skipsConfirmations } from './cli-rules';

/** Options of `@sophia-ai/nx-pulumi:pulumi` (schema.json). None of them ever carries a secret. */
export interface PulumiExecutorOptions {
  command: PulumiCommand;
  /** Stack name as the CLI takes it (`<env>`, `<org>/<env>`, `<org>/<project>/<env>`). Wins over `env`. */
  stack?: string;
  /** Environment; the stack becomes `<org>/<env>`. Default: `SOPHIA_ENV`, else `dev`. */
  env?: string;
  /** Approves up/refresh/destroy. `CI=true` implies it for up and refresh, never for destroy. */
  yes?: boolean;
  /** Extra pulumi arguments, `--args="--a --b"` or in project configuration; split on whitespace. */
  args?: string;
  /** Pulumi organisation (nx.json plugin option `organization`); see libs/stack-refs naming. */
  organization?: string;
  /** init: secrets provider of a stack it creates (`passphrase`, `awskms://…`); default: the backend's. */
  secretsProvider?: string;
  /** outputs: one output, printed as plain text (for `$(…)`); default: every output as JSON. */
  name?: string;
  /** outputs: print secret outputs in plaintext (default: `[secret]`). */
  showSecrets?: boolean;
  /**
   * preview/refresh: pulumi's `--json` result (steps and change summary, secrets as `[secret]`) is written to
   * `<jsonDir>/<project>.json` (workspace-relative) instead of the terminal: what CI turns into PR comments and
   * drift issues (tools/delivery).
   */
  jsonDir?: string;
  /**
   * preview/up: pulumi's `--policy-pack` with this folder (workspace-relative, e.g. `tools/policy-pack`), resolved
   * against the workspace because pulumi runs in the stack's folder. A mandatory violation fails the run.
   */
  policyPack?: string;
  /** Raw CLI overrides as Nx parsed them (`$default: {$source: 'unparsed'}` in schema.json). */
  __unparsed__?: string[];
}

/** What the executor knows about this run besides the options. */
export interface RunContext {
  /** Absolute directory of the stack (its Pulumi.yaml). */
  stackDir: string;
  env: NodeJS.ProcessEnv;
  /** A person at a terminal can answer pulumi's confirmation prompt. */
  interactive: boolean;
  /** The organisation, resolved by libs/stack-refs naming (DIY backend → `organization`). */
  organization: string;
  /** `name:` of the stack's Pulumi.yaml, to tell this stack's `--stack` from another stack's. */
  pulumiProject: string;
  /**
   * The task runs because another task of this run needs it (upstream of `up`, downstream of `destroy`): it gets
   * the environment and the approval of the run, never another stack's name or pass-through flags.
   */
  dependency: boolean;
  /** `args` as written in this project's target configuration (what a dependency task keeps). */
  configuredArgs?: string;
  /** The Nx workspace root, for workspace-relative options (`policyPack`); default: the process's folder. */
  workspaceRoot?: string;
}

/**
 * The stack to run against. `--stack` is used as given when it names this stack (or no project); a stack name of
 * another project (handed on to an upstream task) gives only its organisation and environment: `<org>/<env>`.
 * Without `--stack`: `<org>/<--env | SOPHIA_ENV | dev>`.
 */
export function selectStack(opts: Pick<PulumiExecutorOptions, 'stack' | 'env'>, run: RunContext): string {
  if (opts.stack !== undefined && opts.stack !== '') {
    const stack = String(opts.stack);
    const selected = parseStackName(stack);
    if (!selected.project || selected.project === run.pulumiProject) return stack;
    return `${selected.org ?? run.organization}/${selected.env}`;
  }
  return `${run.organization}/${assertEnvironmentName(String(opts.env || run.env.SOPHIA_ENV || DEFAULT_ENV))}`;
}

/** `CI=true` (or `1`): nobody can answer a prompt, so up/refresh are approved up front (destroy never is: see pulumiArgv). */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  return /^(true|1)$/i.test(env.CI ?? '');
}

const OWN_VALUE_OPTIONS = new Set(['env', 'stack', 'args', 'command', 'organization', 'secrets-provider', 'secretsProvider', 'name', 'json-dir', 'jsonDir', 'policy-pack', 'policyPack']);
const OWN_FLAG_OPTIONS = new Set(['yes', 'show-secrets', 'showSecrets']);

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
  constructor(command: string, ci: boolean) {
    super(
      command === 'destroy' && ci
        ? `pulumi destroy deletes every resource of the stack, and CI=true does not approve that by itself: pass --yes.`
        : `pulumi ${command} changes infrastructure, and this run cannot ask for confirmation (no terminal). ` +
            `Pass --yes to approve${command === 'destroy' ? '' : ' (CI=true implies it)'}, or run it from a terminal to review the preview and confirm.`,
    );
    this.name = 'ApprovalRequiredError';
  }
}

const ENGINE_CHANGES = new Set<PulumiCommand>(['up', 'refresh', 'destroy']);

/** preview/refresh with `jsonDir`: pulumi's stdout is the JSON result (pulumi's `--json` wins over `--diff`). */
export function writesJson(opts: Pick<PulumiExecutorOptions, 'command' | 'jsonDir'>): boolean {
  return Boolean(opts.jsonDir) && (opts.command === 'preview' || opts.command === 'refresh');
}

/** The commands that have pulumi's `--policy-pack`. */
const TAKES_POLICY_PACK = new Set<PulumiCommand>(['preview', 'up']);

/** `policyPack` as pulumi's flag, its folder made absolute; refused on a command that has no such flag. */
function policyPackArgs(opts: Pick<PulumiExecutorOptions, 'command' | 'policyPack'>, run: RunContext): string[] {
  if (!opts.policyPack) return [];
  if (!TAKES_POLICY_PACK.has(opts.command)) {
    throw new FlagConflictError(`pulumi ${opts.command} has no --policy-pack (only preview and up): drop --policyPack.`);
  }
  const dir = String(opts.policyPack);
  return ['--policy-pack', isAbsolute(dir) ? dir : resolve(run.workspaceRoot ?? process.cwd(), dir)];
}

/** Commands that run the program only with `--run-program` (up and preview always run it). */
const RUNS_PROGRAM_ON_REQUEST = new Set<PulumiCommand>(['refresh', 'destroy']);

/** Whether pulumi will ask at the terminal: a state-changing command run without `--non-interactive`. */
export function promptsAtTerminal(argv: readonly string[]): boolean {
  return ENGINE_CHANGES.has(argv[0] as PulumiCommand) && !argv.includes('--non-interactive');
}

/**
 * argv after `pulumi`, built per command from the CLI's rules (cli-rules.ts):
 * - init: `stack select --create` (idempotent: selects an existing stack, creates a missing one);
 * - outputs: `stack output --json` (or one output as plain text), secrets hidden unless `showSecrets`;
 * - preview: `--non-interactive --diff`, never `--yes`;
 * - preview/up with `policyPack`: `--policy-pack <absolute folder>`;
 * - up/refresh/destroy: `--non-interactive --yes` when approved (`--yes`; CI=true for up/refresh only); unapproved
 *   at a terminal, pulumi's own prompt; unapproved elsewhere, refused. `--preview-only` (refresh/destroy) changes
 *   nothing: never `--yes`, no approval needed.
 * - refresh/destroy that change state: `--run-program`, so providers get the stack's current config (rotated
 *   credentials).
 */
export function pulumiArgv(opts: PulumiExecutorOptions, run: RunContext): string[] {
  const extra = [
    ...configuredArgs(run.dependency ? run.configuredArgs : opts.args),
    ...(run.dependency ? [] : passThroughArgs(opts.__unparsed__)),
  ];
  const target = ['--cwd', run.stackDir, '--stack', selectStack(opts, run)];
  if (opts.command === 'init') {
    const provider = opts.secretsProvider ? ['--secrets-provider', String(opts.secretsProvider)] : [];
    return ['stack', 'select', '--create', ...target, '--non-interactive', ...provider, ...extra];
  }
  if (opts.command === 'outputs') {
    const one = opts.name ? [String(opts.name)] : [];
    return ['stack', 'output', ...one, ...target, '--non-interactive', ...(opts.name ? [] : ['--json']),
      ...(opts.showSecrets === true ? ['--show-secrets'] : []), ...extra];
  }
  const flags = flagsIn(extra);
  checkFlagRules(opts.command, flags);
  const previewOnly = isPreviewOnly(opts.command, flags);
  if (previewOnly && opts.yes === true) {
    throw new FlagConflictError(`pulumi ${opts.command} rejects --yes with --preview-only: a preview-only run changes nothing, drop --yes.`);
  }
  if (previewOnly && skipsConfirmations(run.env)) {
    throw new FlagConflictError('PULUMI_SKIP_CONFIRMATIONS is set, which pulumi treats as --yes and rejects with --preview-only: unset it.');
  }
  const changesState = ENGINE_CHANGES.has(opts.command) && !previewOnly;
  const approved = opts.yes === true || (isCi(run.env) && opts.command !== 'destroy');
  if (changesState && flags.has('skip-preview') && !approved) {
    throw new FlagConflictError(`--skip-preview makes pulumi ${opts.command} apply without a preview or a prompt: pass --yes with it.`);
  }
  if (changesState && !approved && !run.interactive) throw new ApprovalRequiredError(opts.command, isCi(run.env));
  const argv: string[] = [opts.command, ...target];
  if (!changesState || approved) argv.push('--non-interactive');
  if (opts.command === 'preview') argv.push('--diff');
  if (writesJson(opts)) argv.push('--json');
  argv.push(...policyPackArgs(opts, run));
  if (changesState && approved) argv.push('--yes');
  // Without the program, the engine configures dynamic providers with the config saved at the last `up`: after a
  // key rotation, refresh/destroy would call the API with the revoked key. `--run-program=false` opts out. Not for
  // --preview-only (the drift check): there the program's own pending changes would count as drift.
  if (RUNS_PROGRAM_ON_REQUEST.has(opts.command) && changesState && !extra.some((a) => /^--run-program(=|$)/.test(a))) argv.push('--run-program');
  argv.push(...extra);
  return argv;
}
