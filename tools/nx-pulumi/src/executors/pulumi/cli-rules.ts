import type { PulumiCommand } from '../../plugin/targets';

/*
 * What the Pulumi CLI (v3.248.0) rejects, checked before anything is spawned so a bad combination fails at once
 * with the reason instead of after pulumi has loaded the program. Sources in pulumi/pulumi:
 * - pkg/cmd/pulumi/operations/io.go updateFlagsToOptions: --skip-preview/--preview-only, --yes/--preview-only;
 * - refresh.go, destroy.go: `yes = yes || skipPreview || PULUMI_SKIP_CONFIRMATIONS` (so --skip-preview approves);
 * - up.go: --strict with --skip-preview; no --preview-only flag on up;
 * - MarkFlagsMutuallyExclusive("target", "exclude") and ("json", "output") on preview/up/refresh/destroy;
 * - destroy.go: --target with --exclude-protected; refresh.go: --skip-pending-creates with --clear-pending-creates.
 */

/** One-letter forms the CLI accepts for the flags these rules look at. */
const SHORT_FLAGS: Record<string, string> = { '-f': 'skip-preview', '-y': 'yes', '-t': 'target', '-j': 'json' };

/** The long flag names present in a pulumi argv tail (`--x`, `--x=v`, `-f`), except those set `=false`. */
export function flagsIn(args: readonly string[]): Set<string> {
  const flags = new Set<string>();
  for (const arg of args) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (m) {
      if (m[2] === undefined || !/^(false|0)$/i.test(m[2])) flags.add(m[1]!);
    } else if (SHORT_FLAGS[arg]) {
      flags.add(SHORT_FLAGS[arg]!);
    }
  }
  return flags;
}

const ENGINE_COMMANDS: PulumiCommand[] = ['preview', 'up', 'refresh', 'destroy'];

const EXCLUSIVE: Array<{ commands: PulumiCommand[]; a: string; b: string }> = [
  { commands: ENGINE_COMMANDS, a: 'target', b: 'exclude' },
  { commands: ENGINE_COMMANDS, a: 'json', b: 'output' },
  { commands: ['refresh', 'destroy'], a: 'skip-preview', b: 'preview-only' },
  { commands: ['up'], a: 'skip-preview', b: 'strict' },
  { commands: ['destroy'], a: 'target', b: 'exclude-protected' },
  { commands: ['refresh'], a: 'skip-pending-creates', b: 'clear-pending-creates' },
];

/** Flags only some commands have; elsewhere the CLI fails with "unknown flag". */
const ONLY_ON: Record<string, { commands: PulumiCommand[]; instead: string }> = {
  'preview-only': { commands: ['refresh', 'destroy'], instead: 'use the preview target for a preview of up' },
};

/** A flag combination the CLI would reject; the message names the flags and the fix (flags only, no values). */
export class FlagConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagConflictError';
  }
}

/** Throws FlagConflictError for a combination `pulumi <command>` rejects. `flags` are the long names passed. */
export function checkFlagRules(command: PulumiCommand, flags: Set<string>): void {
  for (const [flag, rule] of Object.entries(ONLY_ON)) {
    if (flags.has(flag) && !rule.commands.includes(command)) {
      throw new FlagConflictError(`pulumi ${command} has no --${flag} (only ${rule.commands.join(', ')}): ${rule.instead}.`);
    }
  }
  for (const { commands, a, b } of EXCLUSIVE) {
    if (commands.includes(command) && flags.has(a) && flags.has(b)) {
      throw new FlagConflictError(`pulumi ${command} rejects --${a} together with --${b}: pass one of them.`);
    }
  }
}

/** `--preview-only` on refresh/destroy: nothing changes, so nothing needs approval and `--yes` must not be sent. */
export function isPreviewOnly(command: PulumiCommand, flags: Set<string>): boolean {
  return flags.has('preview-only') && ONLY_ON['preview-only']!.commands.includes(command);
}

/** The CLI treats `PULUMI_SKIP_CONFIRMATIONS` like `--yes` (pkg/cmd/pulumi env.SkipConfirmations). */
export function skipsConfirmations(env: NodeJS.ProcessEnv): boolean {
  return /^(true|1)$/i.test(env.PULUMI_SKIP_CONFIRMATIONS ?? '');
}
