/*
 * The ESC target options every operator CLI shares (commander 14): which environment, organisation and store a
 * command reads and writes. One definition, so `--env`, `--org`, `--store` and `--dir` mean the same in every
 * tool and resolve to a store the same way.
 */
import { type Command, Option } from 'commander';
import { type EscEnvRef, ESC_ORG, parseEscEnvName } from '@sophia-ai/stack-refs/src/esc-naming';
import { assertEnvironmentName, DEFAULT_ENV, ENVIRONMENTS, NAME_PATTERN } from '@sophia-ai/stack-refs/src/naming';
import { PulumiCloudEscStore } from './cloud-store';
import { defaultLocalEscDir, LocalDirEscStore } from './local-store';
import type { EscStore } from './store';

export const ESC_STORE_KINDS = ['local', 'pulumi-cloud'] as const;
export type EscStoreKind = (typeof ESC_STORE_KINDS)[number];

/** The parsed values of the options addEscTargetOptions adds. */
export interface EscTargetOptions {
  env: string;
  org?: string;
  store?: EscStoreKind;
  dir?: string;
  escEnv?: string;
  create?: boolean;
}

export interface EscTargetOptionsConfig {
  /**
   * Adds `--esc-env <project/name>` to override the environment the command works on; the text names the
   * default in the help (e.g. `sophia-ai/lambda-labs-<env>`).
   */
  escEnvDefault?: string;
  /** Adds `--create` (create a missing environment; default only for the local store): for commands that write. */
  writes?: boolean;
}

/** Adds the shared ESC target options to `command`: `--env`, `--org`, `--store`, `--dir` (and `--esc-env`, `--create`). */
export function addEscTargetOptions(command: Command, config: EscTargetOptionsConfig = {}): Command {
  command
    .addOption(new Option('--env <env>', `stack environment (${ENVIRONMENTS.join(', ')})`).default(process.env.SOPHIA_ENV || DEFAULT_ENV))
    .addOption(new Option('--org <org>', 'Pulumi organisation that holds the ESC environments (default $SOPHIA_PULUMI_ORG or sophia-ai)'))
    .addOption(new Option('--store <store>', 'ESC store (default: local for env local, else pulumi-cloud)').choices(ESC_STORE_KINDS))
    .option('--dir <path>', 'directory of the local store (<dir>/<project>/<env>.yaml; default $SOPHIA_ESC_DIR or ~/.sophia-ai/esc)');
  if (config.escEnvDefault) {
    command.option('--esc-env <project/name>', `ESC environment to ${config.writes ? 'write' : 'read'} (default ${config.escEnvDefault})`);
  }
  if (config.writes) command.option('--create', 'create the ESC environment if it does not exist (default only for the local store)');
  return command;
}

/** What a command works on, resolved from its ESC target options. */
export interface EscTarget {
  store: EscStore;
  /** The stack environment (`--env`). */
  env: string;
  /** The environment definition to read or write: `--esc-env`, else the command's default for `env`. */
  ref: EscEnvRef;
  /** Whether a missing environment is created: `--create`, else only for the local store. */
  create: boolean;
}

/**
 * Resolves the options to a store and an environment. The store is `--store`, else `local` for env `local` and
 * Pulumi Cloud (ESC_API_URL, PULUMI_ACCESS_TOKEN) for every other env; `defaultRef` names the command's own
 * environment (e.g. the one escKeyLocation gives for the key it writes). Bad input is an Error naming the option.
 */
export function openEscTarget(opts: EscTargetOptions, defaultRef: (env: string, org: string) => EscEnvRef): EscTarget {
  const env = assertEnvironmentName(opts.env);
  const org = opts.org ?? ESC_ORG;
  if (!NAME_PATTERN.test(org)) throw new Error(`Invalid --org "${org}": expected letters, digits, '.', '_' or '-'`);
  const kind = opts.store ?? (env === 'local' ? 'local' : 'pulumi-cloud');
  if (opts.dir !== undefined && kind !== 'local') {
    throw new Error(`--dir is the directory of the local store; this command uses the ${kind} store (add --store local to use ${opts.dir})`);
  }
  const ref = opts.escEnv ? parseEscEnvName(opts.escEnv, org) : defaultRef(env, org);
  const store = kind === 'local' ? new LocalDirEscStore(opts.dir ?? defaultLocalEscDir(), ref.org) : new PulumiCloudEscStore({ org: ref.org });
  return { store, env, ref, create: opts.create ?? kind === 'local' };
}
